"""factory_boy factories for the domain. National identity numbers are generated valid."""

from __future__ import annotations

import datetime as dt
import itertools

import factory
from django.utils import timezone
from stdnum.no import fodselsnummer

from kompanjong.applications.answers import STEPS
from kompanjong.applications.examples import EXAMPLE_ANSWERS
from kompanjong.applications.models import Application
from kompanjong.people.models import Account, Membership, Municipality, Organisation, Person

_serial = itertools.count(100)


def valid_national_id(birth: dt.date | None = None) -> str:
    """A valid fødselsnummer for someone born in the 1900s (individual number 000–499)."""
    birth = birth or dt.date(1980, 1, 1)
    while True:
        individual = next(_serial) % 500
        base = f"{birth:%d%m}{birth:%y}{individual:03d}"
        number = base + fodselsnummer.calc_check_digit1(base)
        number += fodselsnummer.calc_check_digit2(number)
        if len(number) == 11 and fodselsnummer.is_valid(number):
            return number


class MunicipalityFactory(factory.django.DjangoModelFactory[Municipality]):
    class Meta:
        model = Municipality
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: f"{5000 + n:04d}")
    name = factory.Sequence(lambda n: f"Testkommune {n}")


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    national_id = factory.LazyFunction(valid_national_id)
    given_name = factory.Sequence(lambda n: f"Kari{n}")
    family_name = "Nordmann"
    street_address = "Storgata 1"
    postal_code = "0155"
    postal_town = "Oslo"
    municipality = factory.SubFactory(MunicipalityFactory)
    phone = "41234567"
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"NAV Test {n}")
    kind = "nav_office"
    municipality = factory.SubFactory(MunicipalityFactory)
    phone = "55553333"
    unit_number = factory.Sequence(lambda n: f"{1000 + n % 9000:04d}")

    @factory.post_generation
    def serves(  # factory_boy passes the created Organisation as the first argument
        obj: Organisation, create: bool, extracted: list[Municipality] | None, **kwargs: object
    ) -> None:
        if create:
            obj.serves.set(extracted if extracted is not None else [obj.municipality])


class AccountFactory(factory.django.DjangoModelFactory[Account]):
    class Meta:
        model = Account
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"account{n}")
    password = factory.django.Password("correct horse battery staple")


class CitizenAccountFactory(AccountFactory):
    person = factory.SubFactory(PersonFactory)


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    account = factory.SubFactory(CitizenAccountFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "caseworker"


COMPLETE_ANSWERS = EXAMPLE_ANSWERS


class SubmittedApplicationFactory(factory.django.DjangoModelFactory[Application]):
    """A sent application with complete answers, for inbox, API and benchmark tests."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    status = "submitted"
    answers = factory.LazyFunction(lambda: {k: dict(v) for k, v in COMPLETE_ANSWERS.items()})
    completed_steps = factory.LazyFunction(lambda: list(STEPS[:-1]))
    office = factory.SubFactory(OrganisationFactory)
    municipality = factory.LazyAttribute(lambda a: a.office.municipality)
    reference = factory.Sequence(lambda n: f"TEST-{n:04d}")
    submitted_at = factory.LazyFunction(timezone.now)
    channel = "self"

    @factory.post_generation
    def case(  # a sent application always has its case, as when sent through the wizard
        obj: Application, create: bool, extracted: object, **kwargs: object
    ) -> None:
        if create and obj.status == "submitted" and obj.office and obj.submitted_at:
            from kompanjong.cases.services import open_case

            open_case(application=obj)
