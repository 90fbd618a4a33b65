"""Page benchmarks: median render time and query count of key pages as the data grows.

Run with `make bench` (or `.venv/bin/python -m bench`). Uses a throw-away SQLite database
unless DATABASE_URL points elsewhere. Prints a table; asserts nothing (tests assert queries).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("KOMPANJONG_VAR_DIR", tempfile.mkdtemp(prefix="kompanjong-bench-"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from kompanjong.core.models import AccessLog  # noqa: E402
from kompanjong.people.models import Account, Person  # noqa: E402

ROUNDS = 30


def measure(client: Client, url: str) -> tuple[float, int]:
    times = []
    queries = 0
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured.captured_queries)
    return statistics.median(times), queries


def grow_access_log(person: Person, actor: Account, total: int) -> None:
    missing = total - AccessLog.objects.filter(subject=person).count()
    AccessLog.objects.bulk_create(
        AccessLog(
            actor=actor,
            actor_label="Ola Nordmann, NAV Grünerløkka",
            subject=person,
            action="read",
            object_type="person.profile",
        )
        for _ in range(max(missing, 0))
    )


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_demo_data", verbosity=0)
    amina = Person.objects.get(given_name="Amina")
    ola = Account.objects.get(username="demo-ola")
    citizen, staff = Client(), Client()
    citizen.post("/login/demo/", {"persona": "amina"})
    staff.post("/login/demo/", {"persona": "ola"})
    print(f"{'page':<28}{'log entries':>12}{'median ms':>11}{'queries':>9}")
    for size in (10, 1_000, 10_000):
        grow_access_log(amina, ola, size)
        for label, client, url in (
            ("citizen: who has seen", citizen, "/me/access-log/"),
            ("citizen: my needs", citizen, "/me/needs/"),
            ("staff: person page", staff, f"/staff/people/{amina.pk}/"),
        ):
            ms, queries = measure(client, url)
            print(f"{label:<28}{size:>12}{ms:>11.1f}{queries:>9}")


if __name__ == "__main__":
    main()
