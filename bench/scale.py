"""Scale benchmark: the office queue and the case pages with 10,000 or 1,000,000 cases.

Run with `.venv/bin/python -m bench.scale [--cases N] [--fresh]` (N defaults to 10,000).
Needs PostgreSQL: DATABASE_URL, default postgres://postgres@127.0.0.1:5432/kompanjong_bench
(the database is created when missing). It fills the database with N cases in a steady state
(see bench/scale_data.py: 20 offices, 200 applications a day, open work the same at any N),
or reuses it when it already holds exactly N cases; `--fresh` drops and recreates it.

It then prints p50 and p95 (ms) and the query count of the office queue (plain and filtered),
the caseworker's case page and the citizen's case page — pages whose URL does not resolve or
answer 200 yet are "not available" — and EXPLAIN (ANALYZE, BUFFERS) summaries of the queue's
case queries. DESIGN.md §8: with 1,000,000 cases no slower than 1.5× the same pages with
10,000. Asserts nothing.

Compare sizes in two databases, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/
kompanjong_bench_1m for the million, run one after the other on a quiet machine: the load
average is printed because other work on the machine moves these figures more than the data
does. Measuring writes what the pages write (access-log entries; opening a case clears its
"new documents" flag), so the data drifts a little with every run; `--fresh` starts over.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("KOMPANJONG_VAR_DIR", tempfile.mkdtemp(prefix="kompanjong-bench-"))
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kompanjong_bench"
os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from psycopg import sql  # noqa: E402

from bench import scale_data  # noqa: E402
from kompanjong.applications.models import Application  # noqa: E402
from kompanjong.cases.models import Case, CaseEvent  # noqa: E402
from kompanjong.people.models import Account, Person  # noqa: E402

ROUNDS = 30
WARM_UP = 3
QUEUE_FILTERS = ("waiting", "overdue")


# --- the database -----------------------------------------------------------------------------


def conninfo(dbname: str | None = None) -> str:
    db = settings.DATABASES["default"]
    parts = {
        "dbname": dbname or db["NAME"],
        "user": db.get("USER"),
        "password": db.get("PASSWORD"),
        "host": db.get("HOST"),
        "port": db.get("PORT"),
    }
    return psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in parts.items() if v})


def require_postgresql() -> None:
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        sys.exit(
            f"bench.scale measures PostgreSQL, but DATABASE_URL points to {engine}.\n"
            f"Unset DATABASE_URL (default {DEFAULT_DATABASE_URL}) or point it to PostgreSQL."
        )


def ensure_database(*, fresh: bool) -> None:
    """Create the benchmark database when missing (after dropping it for `fresh`)."""
    name = settings.DATABASES["default"]["NAME"]
    connection.close()
    with psycopg.connect(conninfo("postgres"), autocommit=True) as admin:
        if fresh:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def migrate() -> None:
    call_command("migrate", verbosity=0)


def existing_cases() -> int:
    """Cases this benchmark loaded before (0 for an empty database). A database with data it
    did not make is never dropped without --fresh."""
    if Account.objects.filter(username=scale_data.PAGE_USER).exists():
        return Case.objects.count()
    if Case.objects.exists() or Person.objects.exists():
        sys.exit(
            f"{settings.DATABASES['default']['NAME']} holds data bench.scale did not make. "
            "Point DATABASE_URL to a database of its own (or pass --fresh to drop this one)."
        )
    return 0


def fill(n: int) -> None:
    problems = scale_data.check_sample(timezone.now())
    if problems:
        print("The data generator makes data the contract or the fold disagree with:")
        print("\n".join(f"  {p}" for p in problems[:20]))
        sys.exit(1)
    print(f"loading {n:,} cases (generator checked against the contract and the fold)")
    offices = scale_data.ensure_offices()
    step = max(scale_data.CHUNK, n // 20)
    shown = 0

    def progress(done: int, seconds: float) -> None:
        nonlocal shown
        if done - shown >= step or done == n:
            shown = done
            rate = done / seconds
            left = (n - done) / rate
            print(
                f"  {done:>9,} / {n:,} cases  {rate:>6,.0f} cases/s  "
                f"{seconds:>6.0f} s gone, ~{left:.0f} s left",
                flush=True,
            )

    started = time.monotonic()
    scale_data.load(conninfo(), n, timezone.now(), offices, progress)
    loaded = time.monotonic() - started
    print("  VACUUM (ANALYZE) …", flush=True)
    with psycopg.connect(conninfo(), autocommit=True) as db:
        db.execute("VACUUM (ANALYZE)")
    total = time.monotonic() - started
    print(
        f"loaded {n:,} cases in {loaded:.0f} s ({n / loaded:,.0f} cases/s), "
        f"{total:.0f} s with VACUUM ANALYZE"
    )
    if 10_000 <= n < 1_000_000:
        print(
            f"1,000,000 cases would take ~{1_000_000 / n * total / 60:.0f} min at this rate "
            "(a little more: finished cases have more events)"
        )


def prepare(n: int, *, fresh: bool) -> None:
    ensure_database(fresh=fresh)
    migrate()
    have = existing_cases()
    if have == n:
        print(f"reusing the {n:,} cases in {settings.DATABASES['default']['NAME']}")
        return
    if have:
        print(f"the database holds {have:,} benchmark cases, not {n:,}: recreating it")
        ensure_database(fresh=True)
        migrate()
    fill(n)


# --- measuring --------------------------------------------------------------------------------


@dataclass
class Result:
    label: str
    p50: float | None = None
    p95: float | None = None
    queries: str = ""
    sql_ms: float = 0.0  # median time in the database per request
    missing: str = ""


def url_for(name: str, *args: str) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def measure(label: str, requests: list[tuple[Client, str | None]]) -> Result:
    """ROUNDS requests spread over the given (client, URL) pairs, after WARM_UP each."""
    if not requests:
        return Result(label, missing="not available (no open case to show)")
    for client, url in requests:
        if url is None:
            return Result(label, missing="not available (no URL)")
        for _ in range(WARM_UP):
            status = client.get(url).status_code
            if status != 200:
                return Result(label, missing=f"not available ({status} at {url})")
    times, sql_times, counts = [], [], set()
    for n in range(ROUNDS):
        client, url = requests[n % len(requests)]
        assert url is not None
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            return Result(label, missing=f"not available ({response.status_code} at {url})")
        counts.add(len(captured.captured_queries))
        sql_times.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    cuts = statistics.quantiles(times, n=20, method="inclusive")
    queries = "–".join(str(c) for c in sorted({min(counts), max(counts)}))
    return Result(label, cuts[9], cuts[18], queries, statistics.median(sql_times))


def explain_queue(client: Client, url: str) -> list[str]:
    """EXPLAIN (ANALYZE, BUFFERS) of the queue's queries on cases_case: top node and time."""
    with CaptureQueriesContext(connection) as captured:
        if client.get(url).status_code != 200:
            return []
    lines = []
    for query in captured.captured_queries:
        text = query["sql"]
        if not text.lstrip().upper().startswith("SELECT") or '"cases_case"' not in text:
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {text}")
            plan = [row[0] for row in cursor.fetchall()]
        top = plan[0]
        buffers = next((p.strip() for p in plan[1:3] if p.strip().startswith("Buffers")), "")
        scans = [p.strip().removeprefix("->  ") for p in plan if "Scan" in p][:3]
        execution = next((p for p in plan if p.startswith("Execution Time")), "")
        where = text[text.find(" WHERE ") :] if " WHERE " in text else text
        lines.append(f"  …{where[:200]}{'…' if len(where) > 200 else ''}")
        lines += [f"    {line}" for line in [top, buffers, *scans, execution] if line]
    return lines


def sample_cases(office_id: int, loaded_at: dt.datetime) -> list[Case]:
    """A few open cases of office 0 in different states: overdue documents, documents sent
    back, being processed. Random, but the same for the same data: chosen by what the load
    made (the staff case page clears new_documents, so that flag is not used)."""
    open_cases = Case.objects.filter(office_id=office_id, open=True).select_related("application")
    kinds = (
        open_cases.filter(open_tasks__gt=0, next_deadline__lt=loaded_at),
        open_cases.filter(documents__isnull=False).distinct(),
        open_cases.filter(status="UNDER_BEHANDLING", open_tasks=0, documents__isnull=True),
    )
    chosen = []
    for kind in kinds:
        candidates = list(kind.order_by("id"))
        if candidates:
            chosen.append(random.Random(scale_data.SEED).choice(candidates))
    return chosen


def citizen_client(case: Case) -> Client:
    person_id = case.application.person_id
    account, _ = Account.objects.get_or_create(
        username=f"bench-citizen-{person_id}", defaults={"person_id": person_id}
    )
    client = Client()
    client.force_login(account)
    return client


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000, help="cases to fill (10000)")
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database")
    args = parser.parse_args()
    if args.cases < scale_data.OFFICES:
        parser.error(f"--cases must be at least {scale_data.OFFICES}")

    require_postgresql()
    setup_test_environment()
    prepare(args.cases, fresh=args.fresh)

    staff_account = Account.objects.get(username=scale_data.PAGE_USER)
    office_id = staff_account.memberships.get().organisation_id
    staff = Client()
    staff.force_login(staff_account)
    # The newest application is a few minutes older than the load: the data's "now".
    loaded_at = Application.objects.aggregate(newest=Max("submitted_at"))["newest"]
    assert loaded_at is not None
    chosen = sample_cases(office_id, loaded_at)
    citizens = [citizen_client(case) for case in chosen]
    open_here = Case.objects.filter(office_id=office_id, open=True).count()
    print(
        f"\n{Case.objects.count():,} cases, {CaseEvent.objects.count():,} events; "
        f"office 0 has {open_here:,} open; newest application {loaded_at:%Y-%m-%d %H:%M}"
    )
    print(f"case pages: {', '.join(c.application.reference or '' for c in chosen)}")

    queue = url_for("cases:queue")
    results = [measure("staff: office queue", [(staff, queue)])]
    for name in QUEUE_FILTERS:
        filtered = f"{queue}?filter={name}" if queue else None
        results.append(measure(f"staff: queue ?filter={name}", [(staff, filtered)]))
    references = [c.application.reference or "" for c in chosen]
    results.append(
        measure("staff: case page", [(staff, url_for("cases:staff_case", r)) for r in references])
    )
    results.append(
        measure(
            "citizen: case page",
            [(c, url_for("cases:my_case", r)) for c, r in zip(citizens, references, strict=True)],
        )
    )

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\n{ROUNDS} requests after {WARM_UP} warm-up each; "
        f"load average {load} on {os.cpu_count()} CPUs; sql ms: median time in queries\n"
    )
    print(f"{'page':<30}{'cases':>11}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'sql ms':>8}")
    for r in results:
        if r.p50 is None or r.p95 is None:
            print(f"{r.label:<30}{args.cases:>11,}  {r.missing}")
        else:
            print(
                f"{r.label:<30}{args.cases:>11,}{r.p50:>9.1f}{r.p95:>9.1f}{r.queries:>9}"
                f"{r.sql_ms:>8.1f}"
            )

    if queue and results[0].p50 is not None:
        for url in [queue, *(f"{queue}?filter={name}" for name in QUEUE_FILTERS)]:
            lines = explain_queue(staff, url)
            if lines:
                print(f"\nEXPLAIN (ANALYZE, BUFFERS) of {url}, queries on cases_case:")
                print("\n".join(lines))


if __name__ == "__main__":
    main()
