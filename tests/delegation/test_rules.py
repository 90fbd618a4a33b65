"""A grant's status and what it allows, at a moment: pure, no clock, no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kompanjong.delegation.rules import Action, Area, Scope, Status, Stored, allows, status

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def scope(area: Area, action: Action, days: int = 30) -> Scope:
    return Scope(area, action, T0, T0 + days * DAY)


def test_expiry_is_computed_from_the_windows_not_stored() -> None:
    scopes = [scope(Area.CASE, Action.READ, 10), scope(Area.APPLICATION, Action.WRITE, 20)]
    assert status(Stored.ACTIVE, scopes, T0 + 5 * DAY) is Status.ACTIVE
    assert status(Stored.ACTIVE, scopes, T0 + 15 * DAY) is Status.ACTIVE  # one scope left
    assert status(Stored.ACTIVE, scopes, T0 + 20 * DAY) is Status.EXPIRED
    assert status(Stored.PENDING, scopes, T0 + 25 * DAY) is Status.EXPIRED
    assert status(Stored.ENDED, scopes, T0 + DAY) is Status.ENDED


def test_each_scope_has_its_own_window() -> None:
    scopes = [scope(Area.CASE, Action.READ, 10), scope(Area.APPLICATION, Action.WRITE, 20)]
    assert allows(Stored.ACTIVE, scopes, Area.CASE, Action.READ, T0 + 5 * DAY)
    assert not allows(Stored.ACTIVE, scopes, Area.CASE, Action.READ, T0 + 15 * DAY)
    assert allows(Stored.ACTIVE, scopes, Area.APPLICATION, Action.READ, T0 + 15 * DAY)
    assert not allows(Stored.ACTIVE, scopes, Area.APPLICATION, Action.READ, T0 - DAY)


def test_write_includes_read_and_read_is_only_read() -> None:
    scopes = [scope(Area.MESSAGES, Action.READ), scope(Area.APPLICATION, Action.WRITE)]
    now = T0 + DAY
    assert allows(Stored.ACTIVE, scopes, Area.APPLICATION, Action.COMMUNICATE, now)
    assert not allows(Stored.ACTIVE, scopes, Area.MESSAGES, Action.COMMUNICATE, now)
    assert not allows(Stored.ACTIVE, scopes, Area.BOOKINGS, Action.READ, now)  # out of scope


def test_only_an_active_grant_allows_anything() -> None:
    scopes = [scope(Area.CASE, Action.WRITE)]
    for stored in (Stored.PENDING, Stored.ENDED):
        assert not allows(stored, scopes, Area.CASE, Action.READ, T0 + DAY)
