"""The admin lists resources and bookings; opening a booking is a logged read."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from kompanjong.booking.models import Resource
from kompanjong.core.models import AccessLog
from kompanjong.people.models import Account
from tests.booking.factories import BookingFactory
from tests.factories import AccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(clock: Any) -> Client:
    """Logged in after the clock has moved, or the session would have run out."""
    client = Client()
    client.force_login(AccountFactory.create(is_superuser=True, is_staff=True))
    return client


def test_resources_and_bookings_in_the_admin(
    admin_client_: Client, resource: Resource, citizen: Account
) -> None:
    booking = BookingFactory.create(resource=resource, booked_by=citizen)
    guest = BookingFactory.create(
        resource=resource, person=None, guest_name="Ola", starts_at=booking.ends_at
    )
    assert admin_client_.get("/admin/booking/resource/").status_code == 200
    assert admin_client_.get(f"/admin/booking/resource/{resource.pk}/change/").status_code == 200
    assert admin_client_.get("/admin/booking/booking/").status_code == 200
    assert admin_client_.get(f"/admin/booking/booking/{booking.pk}/change/").status_code == 200
    entry = AccessLog.objects.get()
    assert (entry.subject, entry.action, entry.object_type) == (citizen.person, "read", "booking")
    assert admin_client_.get(f"/admin/booking/booking/{guest.pk}/change/").status_code == 200
    assert AccessLog.objects.count() == 1  # a guest has no access log
    assert admin_client_.get("/admin/booking/booking/add/").status_code == 403
