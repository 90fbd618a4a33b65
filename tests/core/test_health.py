"""/healthz answers 200 when the database and the task backend work, 503 when one does not."""

from __future__ import annotations

import socket

import pytest
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper

from kompanjong.core.views import health

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    # Bind and release: nothing listens there afterwards.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_ok_with_the_configured_backend(client):
    # In CI this runs with KOMPANJONG_TASK_BACKEND=rq against a real Redis.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "tasks": "ok"}}
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("backend", ["database", "immediate"])
def test_healthz_ok_with_each_local_backend(client, settings, backend):
    settings.TASK_BACKEND = backend
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["tasks"] == "ok"


def test_healthz_503_when_redis_is_unreachable(client, settings):
    settings.TASK_BACKEND = "rq"
    settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:{closed_port()}/0"}}

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["tasks"].startswith("error: ")
    assert "Traceback" not in response.content.decode()
    assert response["Cache-Control"] == "no-store"


@pytest.fixture
def broken_database(monkeypatch, tmp_path):
    """A real database connection whose file cannot be opened, in place of the default one."""
    alias = "healthz_broken"
    config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "no" / "db.sqlite3")}
    # configure_settings fills in Django's defaults; it insists on a "default" entry too.
    settings_dict = connections.configure_settings({"default": {}, alias: config})[alias]
    wrapper = DatabaseWrapper(settings_dict, alias=alias)
    monkeypatch.setattr(health, "database", lambda: wrapper)
    yield wrapper
    wrapper.close()


def test_healthz_503_when_the_database_is_unreachable(client, broken_database):
    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == "error: OperationalError"
    assert "Traceback" not in response.content.decode()
    assert response["Cache-Control"] == "no-store"
