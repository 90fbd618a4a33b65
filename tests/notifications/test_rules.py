"""The outbox's pure rules: no database, no Django."""

from __future__ import annotations

import datetime as dt

import pytest

from kompanjong.notifications.rules import (
    ContactFacts,
    RetryPolicy,
    Status,
    Via,
    choose_channel,
    choose_language,
    is_due,
    next_attempt_after_failure,
    postal_address_lines,
    retry_delay,
    sms_number,
)

NOW = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)
MOBILE = "412 34 567"
EMAIL = "kari@example.org"


def facts(
    preferred: str = "digital", *, reserved: bool = False, phone: str = "", email: str = ""
) -> ContactFacts:
    return ContactFacts(
        reserved_against_digital=reserved, preferred_channel=preferred, phone=phone, email=email
    )


@pytest.mark.parametrize("preferred", ["digital", "sms", "phone", "letter", "in_person"])
def test_reserved_against_digital_always_gets_a_letter(preferred: str) -> None:
    assert choose_channel(facts(preferred, reserved=True, phone=MOBILE, email=EMAIL)) == Via.LETTER


def test_preferring_letters_gets_a_letter_even_with_phone_and_email() -> None:
    assert choose_channel(facts("letter", phone=MOBILE, email=EMAIL)) == Via.LETTER


@pytest.mark.parametrize("preferred", ["sms", "phone"])
def test_preferring_sms_or_phone_gets_sms_when_there_is_a_mobile(preferred: str) -> None:
    assert choose_channel(facts(preferred, phone=MOBILE, email=EMAIL)) == Via.SMS


@pytest.mark.parametrize("preferred", ["sms", "phone"])
def test_preferring_sms_or_phone_without_a_mobile_gets_a_letter_not_email(preferred: str) -> None:
    assert choose_channel(facts(preferred, email=EMAIL)) == Via.LETTER
    # A landline cannot receive SMS.
    assert choose_channel(facts(preferred, phone="22 33 44 55", email=EMAIL)) == Via.LETTER


@pytest.mark.parametrize("preferred", ["digital", "in_person"])
def test_digital_or_in_person_prefers_email_then_sms_then_letter(preferred: str) -> None:
    assert choose_channel(facts(preferred, phone=MOBILE, email=EMAIL)) == Via.EMAIL
    assert choose_channel(facts(preferred, phone=MOBILE)) == Via.SMS
    assert choose_channel(facts(preferred, email="   ")) == Via.LETTER
    assert choose_channel(facts(preferred)) == Via.LETTER


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("41234567", "+4741234567"),
        ("912 34 567", "+4791234567"),
        ("+47 412 34 567", "+4741234567"),
        ("0047 41234567", "+4741234567"),
        ("+46 70 123 45 67", "+46701234567"),
        ("22334455", None),  # Norwegian landline
        ("1234", None),
        ("", None),
        ("+47 22334455", None),
    ],
)
def test_sms_number(phone: str, expected: str | None) -> None:
    assert sms_number(phone) == expected


@pytest.mark.parametrize(
    ("preferred", "expected"),
    [("nb", "nb"), ("nn", "nn"), ("en", "en"), ("ar", "nb"), ("uk", "nb"), ("other", "nb")],
)
def test_language_is_the_preferred_one_if_the_service_speaks_it(
    preferred: str, expected: str
) -> None:
    assert choose_language(preferred, ["nb", "nn", "en"]) == expected


POLICY = RetryPolicy(max_attempts=6, base_seconds=60, cap_seconds=6 * 60 * 60)


@pytest.mark.parametrize(
    ("attempts", "seconds"),
    [(1, 60), (2, 120), (3, 240), (4, 480), (9, 15360), (10, 6 * 60 * 60), (500, 6 * 60 * 60)],
)
def test_backoff_doubles_from_the_base_and_is_capped(attempts: int, seconds: int) -> None:
    assert retry_delay(attempts, POLICY) == dt.timedelta(seconds=seconds)


def test_next_attempt_until_max_attempts_then_give_up() -> None:
    assert next_attempt_after_failure(attempts=1, now=NOW, policy=POLICY) == NOW + dt.timedelta(
        seconds=60
    )
    assert next_attempt_after_failure(attempts=5, now=NOW, policy=POLICY) == NOW + dt.timedelta(
        seconds=960
    )
    assert next_attempt_after_failure(attempts=6, now=NOW, policy=POLICY) is None
    assert next_attempt_after_failure(attempts=7, now=NOW, policy=POLICY) is None


@pytest.mark.parametrize(
    ("status", "next_attempt_at", "due"),
    [
        (Status.PENDING, NOW, True),
        (Status.PENDING, None, True),
        (Status.RETRYING, NOW - dt.timedelta(minutes=1), True),
        (Status.RETRYING, NOW + dt.timedelta(minutes=1), False),
        # A deferred task that wakes a second early still counts.
        (Status.RETRYING, NOW + dt.timedelta(seconds=1), True),
        # "sending" is due only once the claim's lease has run out.
        (Status.SENDING, NOW + dt.timedelta(minutes=10), False),
        (Status.SENDING, NOW - dt.timedelta(seconds=1), True),
        (Status.SENT, NOW, False),
        (Status.FAILED, NOW, False),
    ],
)
def test_is_due(status: Status, next_attempt_at: dt.datetime | None, due: bool) -> None:
    assert is_due(status, next_attempt_at, NOW) is due


def test_postal_address_lines() -> None:
    assert postal_address_lines(
        name="Kåre Li", street="Bygdavegen 3", postal_code="3880", town="Dalen"
    ) == ["Kåre Li", "Bygdavegen 3", "3880 Dalen"]
    assert postal_address_lines(name="Kåre Li", street="", postal_code="3880", town="Dalen") == []
