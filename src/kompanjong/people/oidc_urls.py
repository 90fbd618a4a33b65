"""Placeholder: replaced by the OIDC work."""

urlpatterns: list = []
