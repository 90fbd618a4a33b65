"""The dialogue's rules on plain values: no database, no Django. Unit-tested on their own.

A thread has two sides: the citizen's (the person the case is about, and later a helper who
writes for them) and the office's (any caseworker at the NAV office handling the case).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, TypeVar

Side = Literal["citizen", "office"]
CITIZEN: Side = "citizen"
OFFICE: Side = "office"

State = Literal["waiting_for_nav", "waiting_for_citizen"]
WAITING_FOR_NAV: State = "waiting_for_nav"
WAITING_FOR_CITIZEN: State = "waiting_for_citizen"

MAX_LENGTH = 4000  # characters in one message

# Wait a little before telling the citizen by SMS or email: if they are on the page and read
# the answer at once, nobody's phone needs to buzz.
NOTIFY_AFTER = timedelta(minutes=2)
# At most one notification per thread in this long, however many messages the office writes.
QUIET_PERIOD = timedelta(minutes=30)

T = TypeVar("T")


def other(side: Side) -> Side:
    return OFFICE if side == CITIZEN else CITIZEN


def is_unread(
    *, message_side: Side, created_at: datetime, reader: Side, read_at: datetime | None
) -> bool:
    """A side has not read a message from the other side written after it last read."""
    return message_side != reader and (read_at is None or created_at > read_at)


def thread_state(*, latest_side: Side | None, latest_done: bool) -> State | None:
    """Who the thread waits for, from its latest message. Staff can mark a citizen's message
    done ("thanks, got it" needs no answer), and then it waits for nobody."""
    if latest_side == CITIZEN and not latest_done:
        return WAITING_FOR_NAV
    if latest_side == OFFICE:
        return WAITING_FOR_CITIZEN
    return None


@dataclass(frozen=True)
class NotifyDecision:
    send: bool
    try_again_at: datetime | None = None  # still unread, but the quiet period is not over


NOTHING = NotifyDecision(send=False)


def notify_citizen(
    *,
    now: datetime,
    latest_office_message_at: datetime | None,
    citizen_read_at: datetime | None,
    last_notified_at: datetime | None,
) -> NotifyDecision:
    """Should the citizen get an SMS/email about the office's messages now?

    No once they have read them, nor when they were already told about all of them; and at
    most once per QUIET_PERIOD: a message that comes during it is told about when it ends
    (if it is still unread then), so no message is ever left untold.
    """
    if latest_office_message_at is None:
        return NOTHING
    if citizen_read_at is not None and citizen_read_at >= latest_office_message_at:
        return NOTHING
    if last_notified_at is not None:
        if last_notified_at >= latest_office_message_at:
            return NOTHING
        quiet_until = last_notified_at + QUIET_PERIOD
        if now < quiet_until:
            return NotifyDecision(send=False, try_again_at=quiet_until)
    return NotifyDecision(send=True)


def attachment_groups(photos: Sequence[T], files: Sequence[T]) -> list[list[T]]:
    """Which uploads become one document: the photos together (pages of one letter, taken
    one by one with the camera), and each chosen file on its own (a bank statement stays a
    bank statement)."""
    groups = [list(photos)] if photos else []
    return groups + [[file] for file in files]
