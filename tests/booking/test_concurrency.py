"""No double bookings, ever: many people pressing "Book" for one time at the same moment.

On PostgreSQL (CI runs the suite there through DATABASE_URL) the exclusion constraint
decides: 50 threads, each with its own connection, released together by a barrier. On
SQLite the serialised path decides: a handful of threads meet SQLite's real locking, since
the test database is a file and transactions begin IMMEDIATE (tests/settings.py). Also: one
signed link used to move a time from two places at the same moment moves it once.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from kompanjong.booking import links, services
from kompanjong.booking.models import Booking, Resource, Status
from kompanjong.booking.services import BookingError, Guest, SlotTaken
from kompanjong.people.models import Account
from tests.booking.conftest import MONDAY_9, at
from tests.booking.factories import BookingFactory, ResourceFactory
from tests.booking.test_services import book_for_self

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL's exclusion constraint; set DATABASE_URL=postgres://… to run it",
)
on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite path; PostgreSQL has its own test"
)


def all_at_once(threads: int, press: Callable[[int], Any]) -> list[Any]:
    """Run `press(number)` in `threads` threads released together by a barrier, each with its
    own database connection; what each returned or raised, in the order they finished."""
    barrier = threading.Barrier(threads)
    results: list[Any] = []

    def run(number: int) -> None:
        try:
            barrier.wait(timeout=30)
            results.append(press(number))
        except Exception as error:  # collected and asserted by the caller
            results.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results


def race(threads: int, resource: Resource, desk: Account, same_form: bool = False) -> list[Any]:
    """`threads` desk bookings of Monday 09:00, each from its own form (or all from one, as
    a double click does), all at once."""
    return all_at_once(
        threads,
        lambda number: services.book(
            resource=resource,
            starts_at=MONDAY_9,
            by=desk,
            idempotency_key="form" if same_form else f"form-{number}",
            guest=Guest("Gjest" if same_form else f"Gjest {number}"),
        ),
    )


def assert_exactly_one_booked(results: list[Any], resource: Resource) -> None:
    booked = [r for r in results if isinstance(r, Booking)]
    taken = [r for r in results if isinstance(r, SlotTaken)]
    others = [r for r in results if not isinstance(r, Booking | SlotTaken)]
    assert others == []
    assert len(booked) == 1
    assert len(taken) == len(results) - 1
    for refused in taken:
        assert refused.next_free, "every refusal offers other times"
        assert MONDAY_9 not in [slot.starts_at for slot in refused.next_free]
    active = Booking.objects.filter(resource=resource, status__in=[Status.HELD, Status.BOOKED])
    assert [b.pk for b in active] == [booked[0].pk]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_fifty_at_once_on_postgresql_give_one_booking(
    resource: Resource, desk: Account, clock: Any
) -> None:
    # An expired hold in the way: every thread tries to clear it, none may deadlock.
    BookingFactory.create(
        resource=resource,
        status=Status.HELD,
        person=None,
        booked_by=desk,
        hold_expires_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
    )
    results = race(50, resource, desk)
    assert_exactly_one_booked(results, resource)


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_a_handful_at_once_on_sqlite_give_one_booking(
    resource: Resource, desk: Account, clock: Any
) -> None:
    BookingFactory.create(
        resource=resource,
        status=Status.HELD,
        person=None,
        booked_by=desk,
        hold_expires_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
    )
    results = race(8, resource, desk)
    assert_exactly_one_booked(results, resource)


@pytest.mark.django_db(transaction=True)
def test_one_form_sent_many_times_at_once_gives_one_booking(
    resource: Resource, desk: Account, clock: Any
) -> None:
    threads = 20 if connection.vendor == "postgresql" else 6
    results = race(threads, resource, desk, same_form=True)
    assert all(isinstance(result, Booking) for result in results), results
    assert len({result.pk for result in results}) == 1
    assert Booking.objects.count() == 1


# --- The constraint itself, below the service -----------------------------------------------
@on_postgresql
@pytest.mark.django_db
def test_postgresql_refuses_overlapping_active_bookings_itself(resource: Resource) -> None:
    first = BookingFactory.create(resource=resource, starts_at=at(9), blocks_until=at(9, 40))

    def insert(**fields: Any) -> None:
        with transaction.atomic():
            BookingFactory.create(**({"resource": resource} | fields))

    with pytest.raises(IntegrityError, match="booking_no_overlap"):
        insert(starts_at=at(9, 15))
    with pytest.raises(IntegrityError, match="booking_no_overlap"):
        insert(starts_at=at(9, 30), status=Status.HELD, hold_expires_at=at(8))  # the buffer
    insert(starts_at=at(9, 40))  # touching is fine
    insert(starts_at=at(9, 15), status=Status.CANCELLED)
    insert(starts_at=at(9), resource=ResourceFactory.create())  # another resource
    first.status = Status.CANCELLED
    first.save()
    insert(starts_at=at(9))
    with pytest.raises(IntegrityError, match="booking_no_overlap"), transaction.atomic():
        first.status = Status.BOOKED
        first.save()


# --- One signed link used twice at the same moment ------------------------------------------
def move_at_once(threads: int, token: str) -> list[Any]:
    """`threads` moves by one link, each to its own time, all at once (two phones, or a
    double click on the link's page)."""
    targets = [at(10) + dt.timedelta(minutes=30 * n) for n in range(threads)]
    return all_at_once(
        threads,
        lambda number: services.move_by_link(token=token, new_starts_at=targets[number]),
    )


def assert_moved_once(results: list[Any], booking: Booking) -> None:
    moved = [r for r in results if isinstance(r, Booking)]
    refused = [r for r in results if not isinstance(r, Booking)]
    assert len(moved) == 1, results
    assert all(isinstance(r, BookingError) and r.code == "bad_link" for r in refused), refused
    booking.refresh_from_db()
    assert booking.sequence == 1 and booking.starts_at == moved[0].starts_at
    assert Booking.objects.filter(status=Status.BOOKED).count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_link_used_twice_at_once_moves_once_on_postgresql(
    resource: Resource, citizen: Account, clock: Any
) -> None:
    booking = book_for_self(resource, citizen)
    assert_moved_once(move_at_once(4, links.token_for(booking)), booking)


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_a_link_used_twice_at_once_moves_once_on_sqlite(
    resource: Resource, citizen: Account, clock: Any
) -> None:
    booking = book_for_self(resource, citizen)
    assert_moved_once(move_at_once(3, links.token_for(booking)), booking)
