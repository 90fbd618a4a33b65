from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from kompanjong.core import policy


def service(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    logged_in = bool(user and user.is_authenticated)
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "session_seconds": settings.SESSION_COOKIE_AGE if logged_in else 0,
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
        "home_url_name": policy.home_for(user) if logged_in else "core:start",
    }
