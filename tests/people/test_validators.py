from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kompanjong.people.validators import normalise_national_id, validate_national_id
from tests.factories import valid_national_id


@pytest.mark.parametrize("number", ["15069210055", "150692 10055", "52039012383"])  # incl. D-number
def test_valid_numbers(number: str) -> None:
    validate_national_id(number)


def test_generated_numbers_are_valid() -> None:
    for _ in range(50):
        validate_national_id(valid_national_id())


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("1506921005", "11 digits. You wrote 10"),
        ("15069210056", "not a valid"),
        ("abcdefghijk", "11 digits"),
        ("", "11 digits"),
    ],
)
def test_invalid_numbers_say_what_is_wrong(number: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as error:
        validate_national_id(number)
    assert fragment in " ".join(error.value.messages)


def test_normalise() -> None:
    assert normalise_national_id(" 150692 10055 ") == "15069210055"
