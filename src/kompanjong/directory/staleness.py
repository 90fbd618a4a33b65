"""When a directory entry needs checking: it was last checked more than six months ago, or
never. Pure date arithmetic, so it is the same in the flag, the count and the tests.

Six months is counted as 183 days, not calendar months, so "six months" does not stretch or
shrink with February.
"""

from __future__ import annotations

from datetime import date, timedelta

CHECK_EVERY = timedelta(days=183)


def last_good_day(today: date) -> date:
    """The oldest check that still counts: an entry checked before this day needs a check."""
    return today - CHECK_EVERY


def needs_check(assured_date: date | None, today: date) -> bool:
    return assured_date is None or assured_date < last_good_day(today)
