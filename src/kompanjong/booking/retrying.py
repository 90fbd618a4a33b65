"""Run a write again when it failed only because someone else was writing at that moment.

SQLite has one writer: when its busy timeout runs out, the transaction fails with "database
is locked". PostgreSQL may break a deadlock or a serialisation conflict. Both are worth a
short back-off and another try (docs/adr/0011-no-double-bookings.md); anything else is a
real error and is raised at once.
"""

from __future__ import annotations

import time as clock
from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError

ATTEMPTS = 4
T = TypeVar("T")


def sqlstate(error: Exception) -> str | None:
    return getattr(error.__cause__, "sqlstate", None)


def is_transient(error: OperationalError) -> bool:
    """Someone else held the lock: SQLite's busy timeout ran out, or PostgreSQL broke a
    deadlock or a serialisation conflict."""
    message = str(error).lower()
    return "database is locked" in message or sqlstate(error) in {"40P01", "40001", "55P03"}


def retried(attempt: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    """`attempt()` (one whole transaction), tried up to `attempts` times while the database
    is only busy. The last transient error is raised: the caller says what it means."""
    for tries in range(1, attempts + 1):
        try:
            return attempt()
        except OperationalError as error:
            if not is_transient(error) or tries == attempts:
                raise
            clock.sleep(0.05 * tries)
    raise AssertionError("unreachable")  # pragma: no cover
