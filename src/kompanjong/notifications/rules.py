"""Outbox rules that need no database: which channel, which language, when to try again.

Everything here takes plain values so it can be unit-tested without Django. The services
translate model instances and settings into these values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Via(StrEnum):
    """How a notification travels. Same values as the model's `Channel` choices."""

    EMAIL = "email"
    SMS = "sms"
    LETTER = "letter"


class Status(StrEnum):
    """Where a notification is in the outbox. Same values as the model's `Status` choices."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    RETRYING = "retrying"
    FAILED = "failed"


# The person's preferred way to be contacted (people.models.Channel values).
_PREFERS_LETTER = {"letter"}
_PREFERS_PHONE = {"sms", "phone"}

# Only the languages the service itself speaks; anything else gets the default.
DEFAULT_LANGUAGE = "nb"

# A claimed notification that is still "sending" after this long was most likely lost with
# a crashed worker, so it becomes due again.
SENDING_LEASE = dt.timedelta(minutes=15)

# RQ stores scheduled times in whole seconds, so a deferred task can wake up a moment early;
# it must not then skip the notification as "not due yet".
EARLY_TOLERANCE = dt.timedelta(seconds=5)


@dataclass(frozen=True, slots=True)
class ContactFacts:
    """What the outbox needs to know about how a person can be reached."""

    reserved_against_digital: bool
    preferred_channel: str
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int
    base_seconds: int
    cap_seconds: int = 6 * 60 * 60


def sms_number(phone: str) -> str | None:
    """The phone number in international form if it can receive SMS, else None.

    Eight digits starting with 4 or 9 are Norwegian mobile numbers; other eight-digit
    numbers are landlines and cannot receive SMS. Numbers given with +/00 are trusted.
    """
    digits = re.sub(r"[\s\-().]", "", phone or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if digits.startswith("+47"):
        digits = digits[3:]
    elif digits.startswith("+"):
        return digits if re.fullmatch(r"\+[1-9]\d{6,14}", digits) else None
    if re.fullmatch(r"[49]\d{7}", digits):
        return "+47" + digits
    return None


def choose_channel(facts: ContactFacts) -> Via:
    """Pick the channel, respecting the person's reservation and preference.

    A reservation against digital notices in the contact register (KRR) is binding, so it
    beats any preference. Letter is the channel that always works.
    """
    has_phone = sms_number(facts.phone) is not None
    has_email = bool(facts.email.strip())
    if facts.reserved_against_digital or facts.preferred_channel in _PREFERS_LETTER:
        return Via.LETTER
    if facts.preferred_channel in _PREFERS_PHONE:
        return Via.SMS if has_phone else Via.LETTER
    if has_email:
        return Via.EMAIL
    if has_phone:
        return Via.SMS
    return Via.LETTER


def choose_language(preferred: str, spoken: Iterable[str]) -> str:
    return preferred if preferred in set(spoken) else DEFAULT_LANGUAGE


def retry_delay(attempts: int, policy: RetryPolicy) -> dt.timedelta:
    """Exponential backoff after `attempts` failed attempts: base, 2·base, 4·base … capped."""
    exponent = max(attempts, 1) - 1
    # Cap the exponent too, so a silly attempt count can't build a huge integer.
    seconds = policy.base_seconds * 2 ** min(exponent, 32)
    return dt.timedelta(seconds=min(seconds, policy.cap_seconds))


def next_attempt_after_failure(
    *, attempts: int, now: dt.datetime, policy: RetryPolicy
) -> dt.datetime | None:
    """When to try again after a failed attempt, or None when it is time to give up."""
    if attempts >= policy.max_attempts:
        return None
    return now + retry_delay(attempts, policy)


def is_due(status: str, next_attempt_at: dt.datetime | None, now: dt.datetime) -> bool:
    """Should a delivery attempt happen now?

    A "sending" row is due only once its lease has run out (its worker is presumed dead).
    """
    if status not in {Status.PENDING, Status.RETRYING, Status.SENDING}:
        return False
    return next_attempt_at is None or next_attempt_at <= now + EARLY_TOLERANCE


def postal_address_lines(*, name: str, street: str, postal_code: str, town: str) -> list[str]:
    """The address block of a letter; empty when the address is not complete enough to post."""
    place = f"{postal_code} {town}".strip()
    if not street.strip() or not postal_code.strip() or not town.strip():
        return []
    return [line for line in (name.strip(), street.strip(), place) if line]
