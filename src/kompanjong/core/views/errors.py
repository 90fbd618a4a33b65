from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "core/500.html", status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "core/400.html",
        {"max_files": settings.DOCUMENT_MAX_FILES, "max_file_mb": settings.DOCUMENT_MAX_FILE_MB},
        status=400,
    )
