"""The shared field types accept what Norwegians type, and refuse the rest in plain words."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kompanjong.core.forms import AmountField, NorwegianDateField, NorwegianPhoneField


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("12 500", "12500"),
        ("12500,50", "12500.50"),
        ("12.500", "12500"),
        ("8 000 kr", "8000"),
        ("1\u00a0250,-", "1250"),
        ("0", "0"),
    ],
)
def test_amounts_as_people_write_them(typed: str, amount: str) -> None:
    assert AmountField().clean(typed) == Decimal(amount)


@pytest.mark.parametrize("typed", ["tolv tusen", "12,5,0", "-100", "1e5x"])
def test_bad_amounts_are_refused(typed: str) -> None:
    with pytest.raises(ValidationError):
        AmountField().clean(typed)


@pytest.mark.parametrize("typed", ["17.05.1990", "17/05/1990", "1990-05-17", "17051990"])
def test_dates_as_people_write_them(typed: str) -> None:
    assert NorwegianDateField().clean(typed) == dt.date(1990, 5, 17)


def test_bad_date_message_shows_the_format() -> None:
    with pytest.raises(ValidationError) as error:
        NorwegianDateField().clean("31.02.1990")
    assert "17.05.1990" in str(error.value)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("412 34 567", "41234567"), ("+47 41234567", "41234567"), ("0047-412-34-567", "41234567")],
)
def test_phone_numbers(typed: str, stored: str) -> None:
    assert NorwegianPhoneField().clean(typed) == stored


@pytest.mark.parametrize("typed", ["1234567", "+46 701234567", "abcdefgh"])
def test_bad_phone_numbers(typed: str) -> None:
    with pytest.raises(ValidationError) as error:
        NorwegianPhoneField().clean(typed)
    assert "8 digits" in str(error.value)
