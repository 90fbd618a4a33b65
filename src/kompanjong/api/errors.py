"""Every API error is JSON `{"detail": "<plain message>"}`, and no log line holds a national id.

National identity numbers travel in the Nav-Personident header, never in paths, but an
exception message can still quote one. So API error responses are logged here, with any run of
eleven digits masked, and marked as logged so Django does not log them again.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

logger = logging.getLogger("kompanjong.api")
E = TypeVar("E", bound=Exception)

# Eleven digits in a row may be a national identity number (fødselsnummer or D-number).
_NATIONAL_ID = re.compile(r"\d{11}")


def redact(text: str) -> str:
    return _NATIONAL_ID.sub("[national id]", text)


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, detail: str, *, exc: Exception | None = None
) -> HttpResponse:
    response = api.create_response(request, {"detail": detail}, status=status)
    if exc is None:
        logger.warning("API %s %s: %s", request.method, redact(request.path), status)
    else:
        # An exception message can quote the data it failed on, so the traceback is masked too.
        trace = redact("".join(traceback.format_exception(exc)))
        logger.error("API %s %s: %s\n%s", request.method, redact(request.path), status, trace)
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def _fields(errors: list[dict[str, Any]]) -> str:
    # loc is e.g. ("query", "page"): name the parameter, never echo the value sent.
    names = {str(error.get("loc", ("", "?"))[-1]) for error in errors}
    return ", ".join(sorted(names))


def install(api: NinjaAPI) -> None:
    def authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        detail = _("Log in, or send a valid API token (Authorization: Bearer <token>).")
        response = error_response(api, request, 401, detail)
        response["WWW-Authenticate"] = "Bearer"
        return response

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error_response(api, request, exc.status_code, str(exc))

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, _("Not found."))

    def denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        # A selector's policy check said no (auth should have caught it first).
        return error_response(api, request, 403, _("You may not do this."))

    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        detail = _("Check these values in the request: %(fields)s.") % {
            "fields": _fields(exc.errors)
        }
        return error_response(api, request, 422, detail)

    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        detail = _("Something went wrong on our side. Try again later.")
        return error_response(api, request, 500, detail, exc=exc)

    _register(api, AuthenticationError, authentication)
    _register(api, HttpError, http_error)
    _register(api, Http404, not_found)
    _register(api, PermissionDenied, denied)
    _register(api, ValidationError, invalid)
    _register(api, Exception, unexpected)


def _register(
    api: NinjaAPI, exc_class: type[E], handler: Callable[[HttpRequest, E], HttpResponse]
) -> None:
    # Ninja's annotation also admits the exception class itself, which it never passes.
    api.add_exception_handler(exc_class, handler)  # type: ignore[arg-type]
