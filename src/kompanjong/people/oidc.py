"""Placeholder: replaced by the OIDC work."""

from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class IdPortenBackend(OIDCAuthenticationBackend):
    pass
