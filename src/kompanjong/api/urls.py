"""Placeholder: replaced by the API work."""

from ninja import NinjaAPI

api = NinjaAPI(title="Kompanjong API", version="1.0.0", urls_namespace="api-1.0.0")
