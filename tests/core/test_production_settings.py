"""Production mode is the default and is safe: checked in a fresh interpreter, as deployed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "PATH": os.environ.get("PATH", ""),
    "DJANGO_SETTINGS_MODULE": "kompanjong.settings",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "kompanjong.example.no",
    "KOMPANJONG_SITE_URL": "https://kompanjong.example.no",
    "DJANGO_DEBUG": "1",  # asked for, but production never runs with DEBUG
    "KOMPANJONG_DEMO": "1",  # asked for, but demo personas must stay off in production
    "PYTHONPATH": str(ROOT / "src"),
}

PROBE = r"""
import json, django
django.setup()
from django.conf import settings
from django.core.management import call_command
call_command("collectstatic", interactive=False, verbosity=0)  # as a deployment does
from django.test import Client
response = Client().get("/", secure=True, HTTP_HOST="kompanjong.example.no")
demo = Client().get("/login/demo/", secure=True, HTTP_HOST="kompanjong.example.no")
plain = Client().get("/", HTTP_HOST="kompanjong.example.no")
print(json.dumps({
    "debug": settings.DEBUG, "demo": settings.DEMO_MODE, "sms": settings.SMS_BACKEND,
    "proxy_header": getattr(settings, "SECURE_PROXY_SSL_HEADER", None),
    "session_secure": settings.SESSION_COOKIE_SECURE, "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "status": response.status_code, "demo_status": demo.status_code,
    "plain_status": plain.status_code, "plain_location": plain.get("Location", ""),
    "headers": {k: v for k, v in response.headers.items()},
}))
"""


def run(code: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env={**env, "KOMPANJONG_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_defaults_and_security_headers(tmp_path: Path) -> None:
    result = run(PROBE, PRODUCTION_ENV, tmp_path)
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts["debug"] is False
    assert facts["demo"] is False
    assert facts["sms"].endswith("HttpSmsGatewayBackend")
    assert facts["proxy_header"] is None  # opt-in: KOMPANJONG_BEHIND_PROXY=1
    assert facts["session_secure"] and facts["csrf_secure"]
    assert facts["status"] == 200
    assert facts["demo_status"] == 404
    assert facts["plain_status"] == 301
    assert facts["plain_location"].startswith("https://")
    headers = {k.lower(): v for k, v in facts["headers"].items()}
    assert "max-age=31536000" in headers["strict-transport-security"]
    assert "default-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert "camera=()" in headers["permissions-policy"]


@pytest.mark.parametrize("required", ["DJANGO_SECRET_KEY", "KOMPANJONG_SITE_URL"])
def test_production_refuses_to_start_without_required_settings(
    tmp_path: Path, required: str
) -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != required}
    result = run("import django; django.setup()", env, tmp_path)
    assert result.returncode != 0
    assert required in result.stderr


def test_deploy_checks_pass(tmp_path: Path) -> None:
    code = (
        "import django, sys; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    result = run(code, PRODUCTION_ENV, tmp_path)
    assert result.returncode == 0, result.stderr + result.stdout
