"""Documents are served only here, after the policy has said yes. Never from a public URL."""

from __future__ import annotations

from uuid import UUID

from django.http import FileResponse, HttpRequest, HttpResponseBase
from django.views.decorators.clickjacking import xframe_options_sameorigin

from kompanjong.core import policy

from . import selectors


@xframe_options_sameorigin  # the office sees documents inline, in a frame on our own page
@policy.rule("account")
def document_file(request: HttpRequest, pk: UUID) -> HttpResponseBase:
    document = selectors.document_for(request.user, pk)
    response = FileResponse(
        document.file.open("rb"),
        content_type="application/pdf",
        as_attachment="download" in request.GET,
        filename=f"{document.vedlegg_type}-{document.pk}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    # A PDF viewer, not our page: no scripts, no forms, nothing from elsewhere.
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'self'"
    return response
