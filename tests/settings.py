"""Test settings: the real settings module in development mode, with demo personas on.

Everything else (database, task backend, Redis) comes from the environment exactly as in
production, so `.ci/run` can point the same suite at PostgreSQL and Redis.
"""

import os

os.environ.setdefault("KOMPANJONG_MODE", "development")
os.environ.setdefault("KOMPANJONG_DEMO", "1")

from kompanjong.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

# Parallel test workers (pytest-xdist) must not take each other's jobs: one Redis database each.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
_redis_db = 1 + int(_worker.removeprefix("gw") or 0) % 14
REDIS_URL = REDIS_URL.rsplit("/", 1)[0] + f"/{_redis_db}"  # noqa: F405
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 300}}

# Uploaded documents go to a throw-away directory per test process, never into var/.
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix=f"kompanjong-media-{_worker}-"))

# SQLite tests use a file, not memory, so threads and the live server meet SQLite's real
# locking (IMMEDIATE transactions wait their turn) exactly as `make run` does.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        # One file per run and worker: two runs at the same time never share a database.
        "NAME": str(
            Path(tempfile.gettempdir())
            / f"kompanjong-test-{os.environ.get('PYTEST_XDIST_TESTRUNUID', os.getpid())}"
            f"-{_worker}.sqlite3"
        )
    }
