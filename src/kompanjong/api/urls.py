"""The Kompanjong API, mounted at /api/v1/ (OpenAPI document at /api/v1/openapi.json).

There is no docs UI: it would load third-party scripts. Every operation declares its own auth
(a scoped token or the citizen's session); tests/api/test_openapi.py enforces that.
"""

from ninja import NinjaAPI

from kompanjong.api import errors
from kompanjong.api.routers import applications, cases, me, organisations, people

api = NinjaAPI(
    title="Kompanjong API",
    version="1.0.0",
    urls_namespace="api-1.0.0",
    docs_url=None,
    description=(
        "Connected systems authenticate with `Authorization: Bearer <token>`; each operation "
        "needs one scope (listed under `x-required-scopes`). Errors are JSON "
        '`{"detail": "<plain message>"}`.'
    ),
)
errors.install(api)
api.add_router("", me.router)
api.add_router("", organisations.router)
api.add_router("", people.router)
api.add_router("", applications.router)
api.add_router("", cases.router)
