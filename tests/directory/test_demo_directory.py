"""The demo directory is realistic for the three demo municipalities, and loads again safely."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from kompanjong.directory.models import (
    LocationKind,
    Organization,
    Schedule,
    ServiceAtLocation,
)

pytestmark = pytest.mark.django_db


def places_in(number: str) -> Any:
    return ServiceAtLocation.objects.filter(service__service_areas__municipality_number=number)


def test_each_municipality_has_help_and_the_rural_one_mostly_remote(demo_directory: None) -> None:
    for number in ("0301", "3403", "3430"):
        assert places_in(number).exists(), number
    oslo_kinds = {
        o.name
        for o in Organization.objects.filter(services__service_areas__municipality_number="0301")
    }
    assert {"Deichman Grünerløkka", "NAV Grünerløkka", "Flyktningtjenesten i Oslo"} <= oslo_kinds
    os_places = places_in("3430")
    kinds = set(os_places.values_list("location__kind", flat=True))
    assert kinds == {LocationKind.PHONE, LocationKind.VIDEO, LocationKind.PHYSICAL}
    visiting = os_places.get(location__kind=LocationKind.PHYSICAL)
    weekly = visiting.schedules.get(freq="WEEKLY")
    assert weekly.byday == "TH"  # a helper visits once a week


def test_places_run_by_kompanjong_organisations_are_kept_by_them(demo_directory: None) -> None:
    library = Organization.objects.get(name="Deichman Grünerløkka")
    assert library.members is not None
    assert library.members.name == "Deichman Grünerløkka"
    assert Organization.objects.filter(members__kind="nav_office").count() == 3


def test_loading_again_changes_nothing(demo_directory: None) -> None:
    before = (ServiceAtLocation.objects.count(), Schedule.objects.count())
    call_command("load_demo_directory", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (ServiceAtLocation.objects.count(), Schedule.objects.count()) == before


def test_the_demo_places_have_calendars_with_free_times(demo_directory: None) -> None:
    from django.utils import timezone

    from kompanjong.booking import selectors
    from kompanjong.booking.models import Booking, Resource

    resources = list(Resource.objects.select_related("service_at_location__location"))
    assert len(resources) == 6
    for resource in resources:
        assert selectors.next_free_slots(resource=resource, after=timezone.now(), limit=1)
    os_phone = Resource.objects.get(
        service_at_location__service__service_areas__municipality_number="3430",
        channels=["phone"],
    )
    assert os_phone.service_at_location.service.topics.filter(code="eid").exists()
    nora = Resource.objects.get(helper__username="demo-nora")
    assert "ar" in nora.languages
    assert Booking.objects.filter(resource=nora, person__given_name="Amina").exists()
