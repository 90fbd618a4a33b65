"""Placeholder: replaced by the API/health work."""

from django.http import HttpRequest, JsonResponse

from kompanjong.core import policy


@policy.rule("public")
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
