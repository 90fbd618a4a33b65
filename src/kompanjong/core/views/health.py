"""/healthz for load balancers and monitoring: is the database there, can tasks be queued?

Answers 200 when every check is ok, otherwise 503. Messages are short and never carry a stack
trace; details go to the server log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, JsonResponse

from kompanjong.core import policy

logger = logging.getLogger("kompanjong.health")

# A health probe must answer before the load balancer gives up on it.
REDIS_TIMEOUT_SECONDS = 2.0


def database() -> BaseDatabaseWrapper:
    return connections["default"]


def check_database() -> None:
    with database().cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_tasks() -> None:
    backend = settings.TASK_BACKEND
    if backend == "database":
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()
    elif backend == "rq":
        import django_rq

        redis = django_rq.get_connection("default")
        # django_rq passes no timeouts for a URL config; a probe must fail fast, not hang.
        redis.connection_pool.connection_kwargs.update(
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
        )
        try:
            redis.ping()
        finally:
            redis.close()
    elif backend != "immediate":
        raise ValueError(f"unknown task backend {backend!r}")


CHECKS: dict[str, Callable[[], None]] = {"database": check_database, "tasks": check_tasks}


def run_check(name: str, check: Callable[[], None]) -> str:
    try:
        check()
    except Exception as error:  # any failure is reported, none escapes as a 500
        logger.warning("Health check %s failed: %s: %s", name, type(error).__name__, error)
        return f"error: {type(error).__name__}"
    return "ok"


@policy.rule("public")
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {name: run_check(name, check) for name, check in CHECKS.items()}
    healthy = all(result == "ok" for result in checks.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )
    response["Cache-Control"] = "no-store"
    return response
