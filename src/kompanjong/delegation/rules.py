"""What a grant allows, and its status, at a given moment. Pure: no database, no clock.

A grant's status is computed when it is read, from what is stored (pending, active or ended)
and the scopes' validity windows: there is no batch job that marks grants expired.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Area(StrEnum):
    APPLICATION = "application"  # fill in and send the application
    CASE = "case"  # case insight: status, tasks, decisions, payments, letters
    MESSAGES = "messages"  # the case dialogue with the office
    BOOKINGS = "bookings"  # appointments with helpers
    FOLLOW_UP = "follow_up"  # later: counsellor follow-up


class Action(StrEnum):
    READ = "read"
    COMMUNICATE = "communicate"
    WRITE = "write"


# Each action includes the ones below it: whoever may write may also read and communicate.
_RANK = {Action.READ: 1, Action.COMMUNICATE: 2, Action.WRITE: 3}


class Stored(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    ENDED = "ended"


class Status(StrEnum):
    PENDING = "pending"  # waiting for the other party to say yes
    ACTIVE = "active"
    ENDED = "ended"  # ended by either party (or refused)
    EXPIRED = "expired"  # every scope's time is up


@dataclass(frozen=True)
class Scope:
    area: Area
    action: Action
    valid_from: datetime
    valid_until: datetime

    def valid_at(self, now: datetime) -> bool:
        return self.valid_from <= now < self.valid_until

    def covers(self, area: Area, action: Action) -> bool:
        return self.area == area and _RANK[self.action] >= _RANK[action]


def status(stored: Stored, scopes: Iterable[Scope], now: datetime) -> Status:
    if stored == Stored.ENDED:
        return Status.ENDED
    if all(now >= scope.valid_until for scope in scopes):
        return Status.EXPIRED
    return Status.PENDING if stored == Stored.PENDING else Status.ACTIVE


def allows(
    stored: Stored, scopes: Iterable[Scope], area: Area, action: Action, now: datetime
) -> bool:
    """An active grant with a scope for this area, at least this action, valid now."""
    scopes = tuple(scopes)
    if status(stored, scopes, now) != Status.ACTIVE:
        return False
    return any(scope.covers(area, action) and scope.valid_at(now) for scope in scopes)


def expires_at(scopes: Iterable[Scope]) -> datetime | None:
    """When the last scope ends: the grant expires then."""
    return max((scope.valid_until for scope in scopes), default=None)
