"""Holding, booking, moving, cancelling and marking no-shows, through the services."""

from __future__ import annotations

import datetime as dt
import inspect
import re
import uuid
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.utils import timezone

from kompanjong.booking import services
from kompanjong.booking.models import Booking, RemindBy, Resource, Status
from kompanjong.booking.services import BookingError, Guest, Needs, SlotTaken
from kompanjong.core.models import AccessLog
from kompanjong.delegation.rules import Action, Area
from kompanjong.delegation.selectors import acting_context
from kompanjong.delegation.services import ScopeChoice, give, say_yes
from kompanjong.people.models import Account
from tests import factories
from tests.booking.conftest import MONDAY_9, at
from tests.booking.factories import ExceptionFactory, ResourceFactory, RuleFactory

pytestmark = pytest.mark.django_db


def key() -> str:
    return uuid.uuid4().hex


def book_for_self(
    resource: Resource, account: Account, starts_at: dt.datetime = MONDAY_9, **kwargs: Any
) -> Booking:
    return services.book(
        resource=resource,
        starts_at=starts_at,
        by=account,
        idempotency_key=kwargs.pop("idempotency_key", None) or key(),
        person=account.person,
        **kwargs,
    )


def helper_for(citizen: Account, action: Action = Action.WRITE) -> Account:
    """A helper acting for `citizen` under a grant with bookings/`action`, as the
    delegation middleware would set it up on a request."""
    helper = factories.CitizenAccountFactory.create()
    assert helper.person is not None
    grant = give(
        actor=citizen,
        helper=helper.person,
        scopes=[ScopeChoice(Area.BOOKINGS, action, timezone.localdate() + dt.timedelta(days=30))],
    )
    say_yes(grant=grant, actor=helper)
    helper._kompanjong_acting = acting_context(helper, grant.pk)  # type: ignore[attr-defined]
    return helper


# --- Booking --------------------------------------------------------------------------------
def test_a_citizen_books_a_free_time_for_themself(resource: Resource, citizen: Account) -> None:
    booking = book_for_self(
        resource,
        citizen,
        needs=Needs(channel="phone", language="ar", interpreter=True, note=" Ring meg "),
    )
    booking.refresh_from_db()
    assert booking.status == Status.BOOKED
    assert booking.starts_at == MONDAY_9
    assert booking.ends_at - booking.starts_at == dt.timedelta(minutes=30)
    assert booking.blocks_until == booking.ends_at
    assert (booking.person, booking.booked_by, booking.on_behalf) == (
        citizen.person,
        citizen,
        False,
    )
    assert (booking.channel, booking.language, booking.interpreter, booking.note) == (
        "phone",
        "ar",
        True,
        "Ring meg",
    )
    # Digital by default, with an email address: the reminder goes by email.
    assert citizen.person is not None
    assert (booking.remind_by, booking.remind_to) == (RemindBy.EMAIL, citizen.person.email)
    assert booking.uid == f"{booking.pk}@kompanjong" and booking.sequence == 0
    assert not AccessLog.objects.exists()  # one's own booking is not in the access log


def test_the_same_form_twice_gives_the_same_booking(resource: Resource, citizen: Account) -> None:
    token = key()
    first = book_for_self(resource, citizen, idempotency_key=token)
    again = book_for_self(resource, citizen, idempotency_key=token)
    assert first.pk == again.pk
    assert Booking.objects.count() == 1
    assert Booking.objects.get().starts_at == MONDAY_9


def test_a_used_form_token_with_other_data_is_refused_not_answered_booked(
    resource: Resource, citizen: Account, desk: Account
) -> None:
    token = key()
    book_for_self(resource, citizen, idempotency_key=token)
    with pytest.raises(BookingError) as other_time:
        book_for_self(resource, citizen, at(10), idempotency_key=token)
    assert other_time.value.code == "form_used"
    assert other_time.value.text == "This form was already sent. Start again."
    with pytest.raises(BookingError, match="form_used"):
        services.hold(resource=resource, starts_at=at(10), by=citizen, idempotency_key=token)
    # The desk: the Back button after booking Caller One, then Caller Two in the same form.
    one, two = factories.PersonFactory.create(), factories.PersonFactory.create()

    def desk_books(person: Any = None, guest: Guest | None = None, form: str = "desk") -> Booking:
        return services.book(
            resource=resource,
            starts_at=at(11) if guest is None else at(11, 30),
            by=desk,
            idempotency_key=form,
            person=person,
            guest=guest,
        )

    first = desk_books(one)
    with pytest.raises(BookingError, match="form_used"):
        desk_books(two)
    assert desk_books(one).pk == first.pk  # the same data again: the same booking
    desk_books(guest=Guest("A"), form="guest")
    with pytest.raises(BookingError, match="form_used"):
        desk_books(guest=Guest("B"), form="guest")
    assert not Booking.objects.filter(person=two).exists()
    assert not Booking.objects.filter(guest_name="B").exists()
    assert Booking.objects.count() == 3


def test_someone_elses_form_token_is_refused(resource: Resource, citizen: Account) -> None:
    token = key()
    book_for_self(resource, citizen, idempotency_key=token)
    with pytest.raises(PermissionDenied):
        book_for_self(
            resource, factories.CitizenAccountFactory.create(), at(10), idempotency_key=token
        )


def test_a_taken_time_answers_with_the_next_free_times(
    resource: Resource, citizen: Account
) -> None:
    book_for_self(resource, citizen)
    with pytest.raises(SlotTaken) as taken:
        book_for_self(resource, factories.CitizenAccountFactory.create())
    assert taken.value.code == "taken"
    assert [s.starts_at for s in taken.value.next_free] == [
        at(9, 30),
        at(10),
        at(10, 30),
        at(11),
        at(11, 30),
    ]
    assert Booking.objects.count() == 1


def test_times_the_rules_do_not_offer_are_refused_with_a_reason(
    resource: Resource, citizen: Account
) -> None:
    def code(starts_at: dt.datetime, **kwargs: Any) -> str:
        with pytest.raises(BookingError) as refused:
            book_for_self(resource, citizen, starts_at, **kwargs)
        return refused.value.code

    assert code(at(9, 10)) == "not_a_slot"
    assert code(at(12)) == "not_a_slot"  # closes at 12
    assert code(at(9) + dt.timedelta(days=1)) == "not_a_slot"  # Tuesday
    assert code(at(9) + dt.timedelta(days=35)) == "too_far"
    assert code(timezone.now() + dt.timedelta(hours=1)) == "too_soon"
    assert code(at(9), needs=Needs(channel="video")) == "channel"
    ExceptionFactory.create(resource=resource, date=MONDAY_9.date())
    assert code(at(9)) == "not_a_slot"
    resource.active = False
    resource.save()
    assert code(at(10) + dt.timedelta(days=7)) == "closed"
    assert not Booking.objects.exists()


def test_a_naive_time_is_refused(resource: Resource, citizen: Account) -> None:
    with pytest.raises(ValueError, match="naive"):
        book_for_self(resource, citizen, dt.datetime(2026, 12, 7, 9, 0))


def test_the_buffer_keeps_time_free_after_each_booking(
    resource: Resource, citizen: Account
) -> None:
    resource.buffer_minutes = 15
    resource.save()
    first = book_for_self(resource, citizen)
    assert first.blocks_until == at(9, 45)
    with pytest.raises(BookingError, match="not_a_slot"):
        book_for_self(resource, citizen, at(9, 30))  # the grid is 09:00, 09:45, 10:30 …
    assert book_for_self(resource, citizen, at(9, 45)).starts_at == at(9, 45)


# --- Holding --------------------------------------------------------------------------------
def test_a_hold_keeps_the_time_for_five_minutes_then_it_is_free(
    resource: Resource, citizen: Account, clock: Any
) -> None:
    token = key()
    held = services.hold(resource=resource, starts_at=MONDAY_9, by=citizen, idempotency_key=token)
    assert held.status == Status.HELD and held.person is None
    assert held.hold_expires_at == timezone.now() + dt.timedelta(minutes=5)
    other = factories.CitizenAccountFactory.create()
    with pytest.raises(SlotTaken):
        book_for_self(resource, other)
    clock.shift(dt.timedelta(minutes=5, seconds=1))
    taken = book_for_self(resource, other)
    assert not Booking.objects.filter(pk=held.pk).exists()  # cleared by the booking
    # The slow one now hears it was taken, with other times.
    with pytest.raises(SlotTaken) as late:
        book_for_self(resource, citizen, idempotency_key=token)
    assert late.value.next_free and at(9) not in [s.starts_at for s in late.value.next_free]
    assert Booking.objects.get().pk == taken.pk


def test_completing_the_form_confirms_the_hold(resource: Resource, citizen: Account) -> None:
    token = key()
    held = services.hold(resource=resource, starts_at=MONDAY_9, by=citizen, idempotency_key=token)
    assert (
        services.hold(resource=resource, starts_at=MONDAY_9, by=citizen, idempotency_key=token).pk
        == held.pk
    )
    booking = book_for_self(resource, citizen, idempotency_key=token)
    assert booking.pk == held.pk
    booking.refresh_from_db()
    assert (booking.status, booking.hold_expires_at, booking.person) == (
        Status.BOOKED,
        None,
        citizen.person,
    )
    # Holding the same time again with a used token gives the booking, not a new hold.
    again = services.hold(resource=resource, starts_at=MONDAY_9, by=citizen, idempotency_key=token)
    assert again.pk == booking.pk and again.status == Status.BOOKED


def test_an_expired_hold_nobody_took_can_still_be_confirmed(
    resource: Resource, citizen: Account, clock: Any
) -> None:
    token = key()
    held = services.hold(resource=resource, starts_at=MONDAY_9, by=citizen, idempotency_key=token)
    clock.shift(dt.timedelta(minutes=20))
    assert book_for_self(resource, citizen, idempotency_key=token).pk == held.pk


def test_choosing_another_time_moves_the_hold(resource: Resource, citizen: Account) -> None:
    token = key()
    held = services.hold(resource=resource, starts_at=MONDAY_9, by=citizen, idempotency_key=token)
    moved = services.hold(resource=resource, starts_at=at(10), by=citizen, idempotency_key=token)
    assert moved.pk == held.pk and moved.starts_at == at(10)
    assert Booking.objects.count() == 1
    services.release(booking=moved, by=citizen)
    assert not Booking.objects.exists()


def test_nobody_holds_more_than_three_times(resource: Resource, citizen: Account) -> None:
    elsewhere = [ResourceFactory.create() for _ in range(3)]
    for other in elsewhere:
        RuleFactory.create(resource=other, weekday=0)
    for place in (resource, *elsewhere[:2]):
        services.hold(resource=place, starts_at=MONDAY_9, by=citizen, idempotency_key=key())
    with pytest.raises(BookingError, match="too_many_holds"):
        services.hold(resource=elsewhere[2], starts_at=MONDAY_9, by=citizen, idempotency_key=key())


def test_holding_another_time_at_the_same_place_lets_the_earlier_hold_go(
    resource: Resource, citizen: Account
) -> None:
    """Going back to choose four times: one hold, no cap reached, nothing blocked for others."""
    colleague = ResourceFactory.create(
        service_at_location=resource.service_at_location, organisation=resource.organisation
    )
    RuleFactory.create(resource=colleague, weekday=0)
    for moment, calendar in ((MONDAY_9, resource), (at(10), resource), (MONDAY_9, colleague)):
        services.hold(resource=calendar, starts_at=moment, by=citizen, idempotency_key=key())
    last = services.hold(resource=resource, starts_at=MONDAY_9, by=citizen, idempotency_key=key())
    assert list(Booking.objects.values_list("pk", flat=True)) == [last.pk]
    # Another account's holds there are not theirs to let go.
    other = factories.CitizenAccountFactory.create()
    services.hold(resource=resource, starts_at=at(11), by=other, idempotency_key=key())
    services.hold(resource=resource, starts_at=at(10), by=citizen, idempotency_key=key())
    assert Booking.objects.filter(booked_by=other).count() == 1
    assert Booking.objects.filter(booked_by=citizen).count() == 1


# --- How many upcoming times one person may have -------------------------------------------
def test_a_person_has_at_most_two_upcoming_times_at_one_organisation(
    resource: Resource, citizen: Account
) -> None:
    book_for_self(resource, citizen)
    booked = book_for_self(resource, citizen, at(10))
    with pytest.raises(BookingError) as third:
        book_for_self(resource, citizen, at(11))
    assert third.value.code == "too_many_here"
    assert third.value.text == (
        "You already have 2 booked times here. Cancel one if you need another."
    )
    # The page of times says so already, when they choose one.
    with pytest.raises(BookingError, match="too_many_here"):
        services.hold(
            resource=resource,
            starts_at=at(11),
            by=citizen,
            idempotency_key=key(),
            person=citizen.person,
        )
    # Cancelling one makes room; a time that is over does not count.
    services.cancel(booking=booked, by=citizen)
    assert book_for_self(resource, citizen, at(11)).status == Status.BOOKED
    assert Booking.objects.filter(status=Status.BOOKED).count() == 2


def test_a_person_has_at_most_five_upcoming_times_in_all(citizen: Account, clock: Any) -> None:
    for _ in range(5):
        calendar = ResourceFactory.create()
        RuleFactory.create(resource=calendar, weekday=0)
        book_for_self(calendar, citizen)
    sixth = ResourceFactory.create()
    RuleFactory.create(resource=sixth, weekday=0)
    with pytest.raises(BookingError) as refused:
        book_for_self(sixth, citizen)
    assert refused.value.code == "too_many_booked"
    assert refused.value.text == "You already have 5 booked times. Cancel one if you need another."
    # Once they are over, there is room again.
    clock.move_to(at(12))
    assert book_for_self(sixth, citizen, MONDAY_9 + dt.timedelta(days=7)).status == Status.BOOKED


def test_a_helper_under_a_grant_is_limited_too_the_desk_is_not(
    resource: Resource, citizen: Account, desk: Account
) -> None:
    helper = helper_for(citizen)
    for moment in (MONDAY_9, at(10)):
        services.book(
            resource=resource,
            starts_at=moment,
            by=helper,
            idempotency_key=key(),
            person=citizen.person,
        )
    with pytest.raises(BookingError, match="too_many_here"):
        services.book(
            resource=resource,
            starts_at=at(11),
            by=helper,
            idempotency_key=key(),
            person=citizen.person,
        )
    for moment in (at(11), at(11, 30)):
        services.book(
            resource=resource,
            starts_at=moment,
            by=desk,
            idempotency_key=key(),
            person=citizen.person,
        )
    assert Booking.objects.filter(person=citizen.person, status=Status.BOOKED).count() == 4


def test_staff_without_a_desk_here_cannot_hold(resource: Resource) -> None:
    stranger = factories.MembershipFactory.create(role="helper").account
    stranger.person = None
    stranger.save()
    with pytest.raises(PermissionDenied):
        services.hold(resource=resource, starts_at=MONDAY_9, by=stranger, idempotency_key=key())


# --- Who may book for whom ------------------------------------------------------------------
def test_a_citizen_cannot_book_for_someone_else(resource: Resource, citizen: Account) -> None:
    with pytest.raises(PermissionDenied):
        services.book(
            resource=resource,
            starts_at=MONDAY_9,
            by=citizen,
            idempotency_key=key(),
            person=factories.PersonFactory.create(),
        )
    with pytest.raises(PermissionDenied):
        services.book(
            resource=resource,
            starts_at=MONDAY_9,
            by=citizen,
            idempotency_key=key(),
            guest=Guest("Ola"),
        )


def test_a_helper_with_a_bookings_grant_books_and_the_citizen_is_reminded(
    resource: Resource, citizen: Account
) -> None:
    helper = helper_for(citizen)
    booking = services.book(
        resource=resource,
        starts_at=MONDAY_9,
        by=helper,
        idempotency_key=key(),
        person=citizen.person,
    )
    assert booking.on_behalf and booking.booked_by == helper
    assert citizen.person is not None and helper.person is not None
    assert booking.remind_to == citizen.person.email != helper.person.email
    entry = AccessLog.objects.get(subject=citizen.person, object_type="booking")
    assert (entry.action, entry.actor, entry.on_behalf_of) == ("create", helper, citizen.person)
    # Not for anyone else, and not for themself while they act for the citizen.
    with pytest.raises(PermissionDenied):
        book_for_self(resource, helper, at(10))


def test_a_helper_with_only_a_read_grant_cannot_book(resource: Resource, citizen: Account) -> None:
    helper = helper_for(citizen, Action.READ)
    with pytest.raises(PermissionDenied):
        services.book(
            resource=resource,
            starts_at=MONDAY_9,
            by=helper,
            idempotency_key=key(),
            person=citizen.person,
        )


def test_the_desk_books_a_guest_without_account_email_or_phone(
    resource: Resource, desk: Account
) -> None:
    booking = services.book(
        resource=resource,
        starts_at=MONDAY_9,
        by=desk,
        idempotency_key=key(),
        guest=Guest(" Ola Uten Konto "),
        via="phone",
    )
    assert (booking.person, booking.guest_name, booking.guest_phone) == (None, "Ola Uten Konto", "")
    assert (booking.remind_by, booking.on_behalf) == (RemindBy.NONE, True)
    with pytest.raises(BookingError, match="who"):
        services.book(
            resource=resource, starts_at=at(10), by=desk, idempotency_key=key(), guest=Guest(" ")
        )
    with pytest.raises(BookingError, match="who"):
        services.book(resource=resource, starts_at=at(10), by=desk, idempotency_key=key())


def test_the_desk_books_for_a_caller_and_the_person_sees_it_in_their_log(
    resource: Resource, desk: Account
) -> None:
    caller = factories.PersonFactory.create(reserved_against_digital=True)
    booking = services.book(
        resource=resource,
        starts_at=MONDAY_9,
        by=desk,
        idempotency_key=key(),
        person=caller,
        via="phone",
    )
    assert booking.remind_by == RemindBy.LETTER  # reserved against digital notices
    entry = AccessLog.objects.get(subject=caller)
    assert (entry.action, entry.object_type, entry.channel, entry.actor) == (
        "create",
        "booking",
        "phone",
        desk,
    )


def test_staff_of_another_organisation_cannot_book_here(resource: Resource) -> None:
    other = factories.MembershipFactory.create(role="helper").account
    with pytest.raises(PermissionDenied):
        services.book(
            resource=resource,
            starts_at=MONDAY_9,
            by=other,
            idempotency_key=key(),
            person=factories.PersonFactory.create(),
        )


def test_too_long_answers_are_refused_before_the_database(
    resource: Resource, citizen: Account, desk: Account
) -> None:
    with pytest.raises(BookingError, match="too_long"):
        book_for_self(resource, citizen, needs=Needs(note="x" * 1001))
    with pytest.raises(BookingError, match="too_long"):
        services.book(
            resource=resource,
            starts_at=MONDAY_9,
            by=desk,
            idempotency_key=key(),
            guest=Guest("Ola", phone="4" * 31),
        )
    assert not Booking.objects.exists()


def test_no_reminder_when_the_person_says_no(resource: Resource, citizen: Account) -> None:
    booking = book_for_self(resource, citizen, remind=False)
    assert (booking.remind_by, booking.remind_to) == (RemindBy.NONE, "")


# --- Moving and cancelling ------------------------------------------------------------------
def test_moving_keeps_the_uid_and_counts_the_sequence(resource: Resource, citizen: Account) -> None:
    booking = book_for_self(resource, citizen)
    booking.reminded_at = timezone.now()
    booking.save()
    moved = services.move(booking=booking, new_starts_at=at(10), by=citizen)
    assert (moved.pk, moved.uid, moved.sequence) == (booking.pk, booking.uid, 1)
    assert (moved.starts_at, moved.ends_at, moved.reminded_at) == (at(10), at(10, 30), None)
    # The old time is free again; the same move sent twice changes nothing.
    assert book_for_self(resource, factories.CitizenAccountFactory.create()).starts_at == MONDAY_9
    assert services.move(booking=moved, new_starts_at=at(10), by=citizen).sequence == 1


def test_moving_onto_a_taken_time_is_refused(resource: Resource, citizen: Account) -> None:
    mine = book_for_self(resource, citizen)
    book_for_self(resource, factories.CitizenAccountFactory.create(), at(10))
    with pytest.raises(SlotTaken) as taken:
        services.move(booking=mine, new_starts_at=at(10), by=citizen)
    assert taken.value.next_free
    mine.refresh_from_db()
    assert (mine.starts_at, mine.sequence) == (MONDAY_9, 0)


def test_moving_by_one_slot_onto_itself_is_allowed(resource: Resource, citizen: Account) -> None:
    resource.slot_minutes = 60
    resource.save()
    mine = book_for_self(resource, citizen)
    resource.slot_minutes = 30
    resource.save()
    assert services.move(booking=mine, new_starts_at=at(9, 30), by=citizen).starts_at == at(9, 30)


def test_only_the_person_their_helper_or_the_desk_may_move_or_cancel(
    resource: Resource, citizen: Account, desk: Account
) -> None:
    booking = book_for_self(resource, citizen)
    stranger = factories.CitizenAccountFactory.create()
    with pytest.raises(PermissionDenied):
        services.move(booking=booking, new_starts_at=at(10), by=stranger)
    with pytest.raises(PermissionDenied):
        services.cancel(booking=booking, by=stranger)
    moved = services.move(booking=booking, new_starts_at=at(10), by=desk, via="phone")
    assert moved.sequence == 1
    assert AccessLog.objects.get(subject=citizen.person).action == "change"


def test_cancelling_frees_the_time_and_counts_the_sequence(
    resource: Resource, citizen: Account
) -> None:
    booking = book_for_self(resource, citizen)
    cancelled = services.cancel(booking=booking, by=citizen)
    assert (cancelled.status, cancelled.sequence) == (Status.CANCELLED, 1)
    assert cancelled.cancelled_at == timezone.now()
    assert services.cancel(booking=booking, by=citizen).sequence == 1  # twice: no change
    with pytest.raises(BookingError, match="not_booked"):
        services.move(booking=booking, new_starts_at=at(10), by=citizen)
    assert book_for_self(resource, factories.CitizenAccountFactory.create()).starts_at == MONDAY_9


def test_nothing_changes_once_it_has_started(
    resource: Resource, citizen: Account, clock: Any
) -> None:
    booking = book_for_self(resource, citizen)
    clock.move_to(MONDAY_9 + dt.timedelta(minutes=1))
    with pytest.raises(BookingError, match="too_late"):
        services.cancel(booking=booking, by=citizen)
    with pytest.raises(BookingError, match="too_late"):
        services.move(booking=booking, new_starts_at=at(11), by=citizen)


def test_the_desk_marks_a_no_show_only_after_the_start(
    resource: Resource, citizen: Account, desk: Account, clock: Any
) -> None:
    booking = book_for_self(resource, citizen)
    cancelled = services.cancel(booking=book_for_self(resource, citizen, at(11)), by=citizen)
    with pytest.raises(PermissionDenied):
        services.mark_no_show(booking=booking, by=citizen)
    with pytest.raises(BookingError, match="not_started"):
        services.mark_no_show(booking=booking, by=desk)
    clock.move_to(MONDAY_9 + dt.timedelta(minutes=15))
    assert services.mark_no_show(booking=booking, by=desk).status == Status.NO_SHOW
    assert services.mark_attended(booking=booking, by=desk).status == Status.ATTENDED  # a mistake
    entry = AccessLog.objects.filter(subject=citizen.person).first()
    assert entry is not None and (entry.action, entry.actor) == ("change", desk)
    clock.move_to(at(11, 15))
    with pytest.raises(BookingError, match="not_booked"):
        services.mark_no_show(booking=cancelled, by=desk)


def test_cancelling_by_the_reminders_link(resource: Resource, citizen: Account) -> None:
    from kompanjong.booking.links import token_for

    booking = book_for_self(resource, citizen)
    token = token_for(booking)
    assert services.cancel_by_link(token=token).status == Status.CANCELLED
    with pytest.raises(BookingError, match="bad_link"):
        services.cancel_by_link(token=token)  # the sequence moved on
    with pytest.raises(BookingError, match="bad_link"):
        services.cancel_by_link(token="nonsense")


def test_purging_old_holds(resource: Resource, citizen: Account, clock: Any) -> None:
    services.hold(resource=resource, starts_at=MONDAY_9, by=citizen, idempotency_key=key())
    assert services.purge_expired_holds() == 0
    clock.shift(dt.timedelta(hours=2))
    assert services.purge_expired_holds() == 1


# --- When the database is busy --------------------------------------------------------------
def test_a_locked_database_is_retried(
    resource: Resource, citizen: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services.clock, "sleep", lambda seconds: None)
    calls: list[int] = []
    real = services._write_locked

    def busy_once(resource: Resource) -> Resource:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real(resource)

    monkeypatch.setattr(services, "_write_locked", busy_once)
    assert book_for_self(resource, citizen).status == Status.BOOKED
    assert len(calls) == 2


def test_a_database_locked_for_too_long_becomes_slot_taken_not_an_error(
    resource: Resource, citizen: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services.clock, "sleep", lambda seconds: None)

    def always_busy(resource: Resource) -> Resource:
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "_write_locked", always_busy)
    with pytest.raises(SlotTaken) as taken:
        book_for_self(resource, citizen)
    assert len(taken.value.next_free) == 5
    assert not Booking.objects.exists()


def test_other_database_errors_are_not_hidden(
    resource: Resource, citizen: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(resource: Resource) -> Resource:
        raise OperationalError("no such table: booking_resource")

    monkeypatch.setattr(services, "_write_locked", broken)
    with pytest.raises(OperationalError):
        book_for_self(resource, citizen)


def test_every_refusal_has_plain_words() -> None:
    codes = set(re.findall(r"raise BookingError\(\"(\w+)\"\)", inspect.getsource(services)))
    assert codes | {"taken"} == set(services.ERRORS)
    assert SlotTaken([]).text == "Someone else just booked that time. Choose another time."
