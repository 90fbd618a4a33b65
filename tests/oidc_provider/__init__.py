"""A small OpenID Connect provider that behaves like ID-porten, for the login tests only.

It is its own Django project (django-oauth-toolkit), run in a subprocess by
tests/people/oidc_idp.py, so Kompanjong talks to it over real HTTP.
"""
