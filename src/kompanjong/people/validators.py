"""Validators for Norwegian identifiers, backed by python-stdnum."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import fodselsnummer


def normalise_national_id(value: str) -> str:
    """Strip spaces and separators people type: '150692 12345' → '15069212345'."""
    return fodselsnummer.compact(value or "")


def validate_national_id(value: str) -> None:
    number = normalise_national_id(value)
    if not number.isdigit() or len(number) != 11:
        raise ValidationError(
            _("A national identity number has 11 digits. You wrote %(count)s."),
            code="length",
            params={"count": len(number)},
        )
    try:
        fodselsnummer.validate(number)
    except StdnumError as error:
        raise ValidationError(
            _(
                "This is not a valid national identity number (fødselsnummer or D-number). "
                "Check that all 11 digits are right."
            ),
            code="invalid",
        ) from error


def validate_municipality_number(value: str) -> None:
    if not (value.isdigit() and len(value) == 4):
        raise ValidationError(_("A municipality number has 4 digits, for example 0301."))
