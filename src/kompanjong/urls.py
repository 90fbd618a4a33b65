"""Every URL is guarded by a rule in kompanjong.core.policy (a sweep test checks this)."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from kompanjong.api.urls import api
from kompanjong.core import policy
from kompanjong.core.views import health
from kompanjong.directory.hsds_api import hsds_api

admin.site.site_header = "Kompanjong – administrasjon"
admin.site.has_permission = lambda request: policy.allows(request.user, "admin.site")  # type: ignore[method-assign]

urlpatterns = [
    path("", include("kompanjong.core.urls")),
    path("", include("kompanjong.people.urls")),
    path("", include("kompanjong.applications.urls")),
    path("", include("kompanjong.documents.urls")),
    # Before cases: /staff/cases/<ref>/messages/ is the dialogue, not a case action.
    path("", include("kompanjong.dialogue.urls")),
    path("", include("kompanjong.cases.urls")),
    path("", include("kompanjong.delegation.urls")),
    path("", include("kompanjong.directory.urls")),
    path("", include("kompanjong.directory.editor_urls")),
    path("", include("kompanjong.booking.urls")),
    path("oidc/", include("kompanjong.people.oidc_urls")),
    path("i18n/setlang/", policy.rule("public")(set_language), name="set_language"),
    path("healthz", health.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("api/hsds/", hsds_api.urls),
    path("admin/", admin.site.urls),
]

handler403 = "kompanjong.core.views.errors.forbidden"
handler404 = "kompanjong.core.views.errors.not_found"
handler400 = "kompanjong.core.views.errors.bad_request"
handler500 = "kompanjong.core.views.errors.server_error"
