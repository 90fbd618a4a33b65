"""The dialogue's pure rules: unread, who the thread waits for, when to tell the citizen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kompanjong.dialogue import rules
from kompanjong.dialogue.rules import (
    CITIZEN,
    OFFICE,
    QUIET_PERIOD,
    WAITING_FOR_CITIZEN,
    WAITING_FOR_NAV,
    NotifyDecision,
    attachment_groups,
    is_unread,
    thread_state,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


@pytest.mark.parametrize(
    ("latest_side", "latest_done", "state"),
    [
        (None, False, None),  # no messages yet
        (CITIZEN, False, WAITING_FOR_NAV),
        (CITIZEN, True, None),  # staff marked it done: it needs no answer
        (OFFICE, False, WAITING_FOR_CITIZEN),
    ],
)
def test_the_latest_message_decides_who_the_thread_waits_for(
    latest_side: rules.Side | None, latest_done: bool, state: rules.State | None
) -> None:
    assert thread_state(latest_side=latest_side, latest_done=latest_done) == state


def test_unread_means_from_the_other_side_after_that_side_last_read() -> None:
    after, before = T0 + MINUTE, T0 - MINUTE
    assert is_unread(message_side=OFFICE, created_at=after, reader=CITIZEN, read_at=T0)
    assert is_unread(message_side=OFFICE, created_at=before, reader=CITIZEN, read_at=None)
    assert not is_unread(message_side=OFFICE, created_at=before, reader=CITIZEN, read_at=T0)
    assert not is_unread(message_side=OFFICE, created_at=T0, reader=CITIZEN, read_at=T0)
    assert not is_unread(message_side=CITIZEN, created_at=after, reader=CITIZEN, read_at=None)


def decide(
    *,
    now: datetime,
    office_at: datetime | None = T0,
    read_at: datetime | None = None,
    notified_at: datetime | None = None,
) -> NotifyDecision:
    return rules.notify_citizen(
        now=now,
        latest_office_message_at=office_at,
        citizen_read_at=read_at,
        last_notified_at=notified_at,
    )


def test_an_unread_message_is_told_about() -> None:
    assert decide(now=T0 + 2 * MINUTE) == NotifyDecision(send=True)


def test_no_notification_without_an_office_message_or_once_read() -> None:
    assert decide(now=T0, office_at=None) == rules.NOTHING
    assert decide(now=T0 + 2 * MINUTE, read_at=T0) == rules.NOTHING
    assert decide(now=T0 + 2 * MINUTE, read_at=T0 + MINUTE) == rules.NOTHING


def test_a_message_already_told_about_is_not_told_again() -> None:
    # Two messages a minute apart: the first task told about both; the second does nothing.
    assert decide(now=T0 + 3 * MINUTE, notified_at=T0 + 2 * MINUTE) == rules.NOTHING
    # ... not even much later, while it is still unread.
    assert decide(now=T0 + 5 * QUIET_PERIOD, notified_at=T0 + 2 * MINUTE) == rules.NOTHING


def test_at_most_one_per_quiet_period_and_a_later_message_waits_for_its_end() -> None:
    notified = T0 - 10 * MINUTE  # told about an earlier message
    decision = decide(now=T0 + 2 * MINUTE, notified_at=notified)
    assert decision == NotifyDecision(send=False, try_again_at=notified + QUIET_PERIOD)
    assert decide(now=notified + QUIET_PERIOD, notified_at=notified) == NotifyDecision(send=True)
    # Read while waiting: nothing when the quiet period ends.
    assert decide(now=notified + QUIET_PERIOD, notified_at=notified, read_at=T0) == rules.NOTHING


def test_the_timing_constants_are_as_promised() -> None:
    assert timedelta(minutes=2) == rules.NOTIFY_AFTER
    assert timedelta(minutes=30) == QUIET_PERIOD


def test_photos_become_one_document_and_each_file_its_own() -> None:
    assert attachment_groups(["p1", "p2"], ["f1", "f2"]) == [["p1", "p2"], ["f1"], ["f2"]]
    assert attachment_groups([], ["f1"]) == [["f1"]]
    assert attachment_groups([], []) == []
