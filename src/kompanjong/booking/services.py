"""Writes for booking: hold a time, book it, move it, cancel it, mark a no-show.

No double bookings, ever (docs/adr/0011-no-double-bookings.md):

- on PostgreSQL an exclusion constraint makes two active bookings of one resource that
  overlap (buffer included) impossible; a check here first gives the usual answer cheaply,
  and the constraint's error, when two people press "Book" at the same moment, becomes
  `SlotTaken` too;
- on SQLite, which has one writer at a time, each booking transaction starts by writing the
  resource's row, so it holds the write lock before it reads anything, and the check is
  exact. "database is locked" after the busy timeout is retried, then becomes `SlotTaken`.

Each write is one transaction, keyword-only, and puts an entry in the person's access log
when someone other than the person (their helper, the desk) touches their booking.
"""

from __future__ import annotations

import time as clock
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import Promise
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from kompanjong.core import policy
from kompanjong.core.audit import record_access, record_for_person
from kompanjong.core.models import AccessChannel
from kompanjong.delegation.services import GrantError, find_person
from kompanjong.directory.models import TaxonomyTerm
from kompanjong.notifications import rules as outbox_rules
from kompanjong.notifications.services import contact_facts, queue_notification
from kompanjong.people.models import Account, Person

from . import links, retrying, selectors, slots, tasks
from .models import Booking, Channel, RemindBy, Resource, Status

HOLD_FOR = timedelta(minutes=5)
# Someone holding every free time by opening forms in a loop gets no further than this.
MAX_LIVE_HOLDS = 3
# Upcoming booked times one person may have (booking for themself, or their helper for
# them): at one organisation's calendars, and in all. The desk booking for a caller is not
# limited: staff decide.
MAX_BOOKED_HERE = 2
MAX_BOOKED = 5
ATTEMPTS = retrying.ATTEMPTS
NEXT_FREE = 5
T = TypeVar("T")


class BookingError(ValueError):
    """Something the person must choose differently; `code` says what:

    closed (the resource takes no bookings), not_a_slot (no such time in the rules),
    too_soon (less notice than the resource needs), too_far (beyond its horizon), channel
    (not offered at that time), too_many_holds, too_many_here / too_many_booked (the person
    already has as many upcoming times as allowed), form_used (the form's token was used
    for another time or person), who (neither a person nor a guest's name), not_booked
    (nothing to change), too_late (it has started), not_started (no-show before the start),
    bad_link, too_long (a guest's name or phone, or a note, longer than stored), busy (the
    database stayed busy), nobody_found / lookups_blocked / own_number (the desk's lookup).
    """

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    @property
    def text(self) -> str:
        """What to tell the person, in plain words (for the form's error summary)."""
        return str(ERRORS.get(self.code, ERRORS["not_a_slot"])) % LIMITS


LIMITS = {"here": MAX_BOOKED_HERE, "total": MAX_BOOKED}
ERRORS: dict[str, Promise] = {
    "taken": _("Someone else just booked that time. Choose another time."),
    "closed": _("This calendar does not take bookings now."),
    "not_a_slot": _("That time cannot be booked. Choose one of the times in the list."),
    "too_soon": _("That time is too soon to book. Choose a later time."),
    "too_far": _("That time is too far ahead to book. Choose an earlier time."),
    "channel": _("That way to meet is not offered at that time. Choose another time or way."),
    "too_many_holds": _(
        "You have started too many bookings at once. Finish one, or wait five minutes."
    ),
    "who": _("Write the name of the person the time is for."),
    "not_booked": _("This booking is cancelled or over, so it cannot be changed."),
    "too_late": _("This time has already started, so it cannot be changed now."),
    "not_started": _("You can mark this only after the time has started."),
    "bad_link": _(
        "This link no longer works. The booking may have been changed. Log in to see it."
    ),
    "too_long": _("The text is too long. Make it shorter."),
    "too_many_here": _(
        "You already have %(here)d booked times here. Cancel one if you need another."
    ),
    "too_many_booked": _(
        "You already have %(total)d booked times. Cancel one if you need another."
    ),
    "form_used": _("This form was already sent. Start again."),
    "busy": _("Many people are using Kompanjong right now. Try again in a minute."),
    "nobody_found": _(
        "We found nobody with this national identity number and last name. Check both, or "
        "book the time for a person without an account."
    ),
    "lookups_blocked": _(
        "You have tried too many numbers that did not match. Wait an hour and try again, or "
        "book the time for a person without an account."
    ),
    "own_number": _("This is you. Write the number of the person the time is for."),
}


class SlotTaken(BookingError):
    """That time was just taken (or the database was too busy to say): `next_free` holds
    up to five free times to offer instead."""

    def __init__(self, next_free: list[slots.Slot]) -> None:
        super().__init__("taken")
        self.next_free = next_free


class _Taken(Exception):
    """Raised inside the transaction, so it rolls back before the next free times are
    looked up outside it."""


@dataclass(frozen=True, slots=True)
class Needs:
    """What the person needs at the meeting."""

    channel: str = Channel.IN_PERSON
    topic: TaxonomyTerm | None = None
    language: str = ""
    interpreter: bool = False
    accessibility_needs: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Guest:
    """Someone without an account, booked by the desk: no reminder, a printed slip."""

    name: str
    phone: str = ""


# --- Holding and booking --------------------------------------------------------------------
def hold(
    *,
    resource: Resource,
    starts_at: datetime,
    by: Account,
    idempotency_key: str,
    channel: str | None = None,
    person: Person | None = None,
) -> Booking:
    """Keep a free time for `by` for five minutes while they fill in the form. The same key
    again gives the same hold (moved to the new time if another one was chosen); an expired
    hold counts as free for everyone else. Holding a time lets go of the account's other
    holds at the same place (they went back to choose another time). `person`, the one the
    time is for, is refused here already if they have as many upcoming times as allowed.
    Raises SlotTaken or BookingError."""
    if not (policy.is_citizen(by) or policy.works_at_desk(by, resource)):
        raise PermissionDenied("booking.book")
    start = _start(starts_at)

    def attempt() -> Booking:
        now = timezone.now()
        with transaction.atomic():
            fresh = _write_locked(resource)
            mine = _by_key(idempotency_key, by)
            if mine is not None and mine.status != Status.HELD:
                # Already booked with this form: the same time again is that booking; another
                # time (the Back button, another choice) must not look booked.
                if (mine.resource_id, mine.starts_at) != (fresh.pk, start):
                    raise BookingError("form_used")
                return mine
            if (
                mine is not None
                and (mine.resource_id, mine.starts_at) == (fresh.pk, start)
                and not mine.hold_expired(now)
            ):
                return mine
            # The person's row before any hold row: the same lock order as book().
            _check_limit(by, fresh, person, now)
            _release_others_at_place(by, fresh, keep=mine)
            if mine is None and _live_holds(by, now) >= MAX_LIVE_HOLDS:
                raise BookingError("too_many_holds")
            ends_at, until = _check_slot(fresh, start, now, channel, exclude=mine)
            _clear_expired_holds(fresh, start, until, now, keep=mine)
            row = mine or Booking(
                pk=hold_id(by=by, idempotency_key=idempotency_key),
                idempotency_key=idempotency_key,
                booked_by=by,
            )
            _place(row, fresh, start, ends_at, until)
            row.status = Status.HELD
            row.hold_expires_at = now + HOLD_FOR
            row.save()
            return row

    return _serialised(resource, start, channel, attempt)


def release(*, booking: Booking, by: Account) -> None:
    """Let a hold go (the person went back to choose another time)."""

    def attempt() -> None:
        Booking.objects.filter(pk=booking.pk, status=Status.HELD, booked_by=by).delete()

    _retried(attempt)


def hold_id(*, by: Account, idempotency_key: str) -> uuid.UUID:
    """The id of the hold `by` makes with this form token. Keyed with the secret key, so the
    form page can tell a hold that was taken over after it ran out (which deletes it) from
    an id someone made up to book without holding first."""
    digest = salted_hmac("kompanjong.booking.hold", f"{by.pk}:{idempotency_key}").digest()
    return uuid.UUID(bytes=digest[:16], version=4)


def book(
    *,
    resource: Resource,
    starts_at: datetime,
    by: Account,
    idempotency_key: str,
    person: Person | None = None,
    guest: Guest | None = None,
    needs: Needs = Needs(),  # frozen, so one shared default is safe
    remind: bool = True,
    via: str = AccessChannel.WEB,
) -> Booking:
    """Book a time: confirm the hold made with this `idempotency_key`, or book directly.

    For `person` by the person themself, by their helper (a grant with bookings/write), or by
    the resource's desk staff; for a `guest` without an account only by the desk staff. The
    same key again returns the same booking, never a second one; the same key with another
    time or person is refused ("form_used"). A person booking for themself (or their helper
    for them) may have at most MAX_BOOKED_HERE upcoming times at one organisation and
    MAX_BOOKED in all. `via` is how the desk took it (web, phone, counter) for the person's
    access log. Raises SlotTaken, BookingError or PermissionDenied.
    """
    start = _start(starts_at)
    _may_book_for(by, resource, person, guest)
    _fits(guest, needs)
    remind_by, remind_to = _reminder(person, remind)

    def attempt() -> Booking:
        now = timezone.now()
        with transaction.atomic():
            fresh = _write_locked(resource)
            mine = _by_key(idempotency_key, by)
            if mine is not None and mine.status != Status.HELD:
                return _same_request(mine, fresh, start, person, guest)
            _check_limit(by, fresh, person, now)
            ends_at, until = _check_slot(fresh, start, now, needs.channel, exclude=mine)
            _clear_expired_holds(fresh, start, until, now, keep=mine)
            row = mine or Booking(idempotency_key=idempotency_key, booked_by=by)
            _place(row, fresh, start, ends_at, until)
            row.status = Status.BOOKED
            row.hold_expires_at = None
            row.person = person
            row.guest_name = guest.name.strip() if guest else ""
            row.guest_phone = guest.phone.strip() if guest else ""
            row.on_behalf = person is None or by.person_id != person.pk
            row.channel = needs.channel
            row.topic = needs.topic
            row.language = needs.language
            row.interpreter = needs.interpreter
            row.accessibility_needs = needs.accessibility_needs.strip()
            row.note = needs.note.strip()
            row.remind_by, row.remind_to = remind_by, remind_to
            row.reminded_at = None
            row.save()
            _audit(by, person, "create", row, via)
            if not _desk_gives_slip(by, fresh, person):
                _notify(row, CONFIRMED)
            tasks.schedule(row)
            return row

    try:
        return _serialised(resource, start, needs.channel, attempt)
    except SlotTaken:
        # Two presses of one form at the same moment: the other one booked it.
        same = (
            Booking.objects.filter(idempotency_key=idempotency_key, booked_by=by)
            .exclude(status=Status.HELD)
            .first()
        )
        if same is not None:
            return _same_request(same, resource, start, person, guest)
        raise


def find_for_desk(
    *,
    by: Account,
    resource: Resource,
    national_id: str,
    family_name: str,
    via: str = AccessChannel.WEB,
) -> Person:
    """The person the desk books a time for: their national identity number AND last name
    must match (delegation's lookup, which counts failed tries and stops after a limit, so
    nobody can probe who exists). Finding someone goes in their access log. Raises
    BookingError nobody_found / lookups_blocked / own_number, or PermissionDenied."""
    policy.require(by, "booking.desk", resource)
    try:
        person = _retried(
            lambda: find_person(actor=by, national_id=national_id, family_name=family_name)
        )
    except GrantError as problem:
        if problem.code == "blocked":
            raise BookingError("lookups_blocked") from problem
        if problem.code == "self":
            raise BookingError("own_number") from problem
        raise BookingError("nobody_found") from problem
    record_access(
        actor=by,
        subject=person,
        action="read",
        object_type="booking.lookup",
        object_id=str(resource.pk),
        channel=via,
    )
    return person


# --- Changing -------------------------------------------------------------------------------
def move(
    *, booking: Booking, new_starts_at: datetime, by: Account, via: str = AccessChannel.WEB
) -> Booking:
    """Move a booking to another free time of the same resource: same UID, SEQUENCE + 1, a
    new reminder. Moving it to where it already is changes nothing (a form sent twice)."""
    policy.require(by, "booking.change", booking)
    return _move(
        booking, _start(new_starts_at), lambda row: _audit(by, row.person, "change", row, via)
    )


def move_by_link(*, token: str, new_starts_at: datetime) -> Booking:
    """Move a booking from the signed link in a notice, without logging in: like `move`,
    with the link as the only authority. The link must be the newest one (a move or a
    cancellation ends the older ones); the person's log says the link was used."""
    found = links.booking_for_token(token)
    if found is None:
        raise BookingError("bad_link")
    return _move(found, _start(new_starts_at), _audit_link, sequence=found.sequence)


def _move(
    booking: Booking,
    start: datetime,
    audit: Callable[[Booking], None],
    sequence: int | None = None,
) -> Booking:
    """The move itself, serialised per resource; `sequence`: the link's, which must still be
    the booking's (changed since the link was made: the link no longer works)."""

    def attempt() -> Booking:
        now = timezone.now()
        with transaction.atomic():
            fresh = _write_locked(booking.resource)
            row = _locked(booking)
            if sequence is not None and row.sequence != sequence:
                raise BookingError("bad_link")
            if row.status != Status.BOOKED:
                raise BookingError("not_booked")
            if row.starts_at <= now:
                raise BookingError("too_late")
            if row.starts_at == start:
                return row
            ends_at, until = _check_slot(fresh, start, now, row.channel, exclude=row)
            _clear_expired_holds(fresh, start, until, now, keep=row)
            _place(row, fresh, start, ends_at, until)
            row.sequence += 1
            row.reminded_at = None
            row.save()
            audit(row)
            _notify(row, CHANGED)
            tasks.schedule(row)
            return row

    return _serialised(booking.resource, start, booking.channel, attempt)


def cancel(*, booking: Booking, by: Account, via: str = AccessChannel.WEB) -> Booking:
    """Cancel a booking before it starts: SEQUENCE + 1, so calendars drop it and old links
    stop working. Cancelling a cancelled booking changes nothing."""
    policy.require(by, "booking.change", booking)

    def attempt() -> Booking:
        with transaction.atomic():
            row = _locked(booking)
            if _cancel(row, timezone.now()):
                _audit(by, row.person, "change", row, via)
                _notify(row, CHANGED)
        return row

    return _retried(attempt)


def cancel_by_link(*, token: str) -> Booking:
    """Cancel from the signed link in a reminder, without logging in."""
    found = links.booking_for_token(token)
    if found is None:
        raise BookingError("bad_link")

    def attempt() -> Booking:
        with transaction.atomic():
            row = _locked(found)
            if row.sequence != found.sequence:
                raise BookingError("bad_link")
            if _cancel(row, timezone.now()):
                _audit_link(row)
                _notify(row, CHANGED)
        return row

    return _retried(attempt)


def mark_no_show(*, booking: Booking, by: Account) -> Booking:
    """The desk marks that the person did not come (only once the time has started)."""
    return _mark(booking, by, Status.NO_SHOW)


def mark_attended(*, booking: Booking, by: Account) -> Booking:
    """The desk marks that the person came (only once the time has started)."""
    return _mark(booking, by, Status.ATTENDED)


def purge_expired_holds(now: datetime | None = None) -> int:
    """Delete holds that ran out more than an hour ago (nobody is filling in that form)."""
    before = (now or timezone.now()) - timedelta(hours=1)
    deleted, _ = Booking.objects.filter(status=Status.HELD, hold_expires_at__lt=before).delete()
    return deleted


def _start(moment: datetime) -> datetime:
    """In UTC; a wall-clock time that does not exist (spring, 02:30) is no slot, although
    Python would quietly read it as 03:30."""
    if not slots.exists(moment):
        raise BookingError("not_a_slot")
    return slots.as_utc(moment)


# --- Inside the transaction -----------------------------------------------------------------
def _write_locked(resource: Resource) -> Resource:
    """The resource as it is now. On SQLite this is the transaction's first statement and a
    write, so the transaction holds the database's one write lock before it reads anything:
    every booking of every resource is serialised, and what it reads stays true until it
    commits. (PostgreSQL needs no lock: its exclusion constraint decides.)"""
    if connection.vendor != "postgresql":
        Resource.objects.filter(pk=resource.pk).update(active=F("active"))
    return Resource.objects.get(pk=resource.pk)


def _by_key(key: str, by: Account) -> Booking | None:
    row = Booking.objects.select_for_update().filter(idempotency_key=key).first()
    if row is not None and row.booked_by_id != by.pk:
        raise PermissionDenied("booking.book")  # someone else's form token
    return row


def _locked(booking: Booking) -> Booking:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("resource", "person")
        .get(pk=booking.pk)
    )


def _live_holds(by: Account, now: datetime) -> int:
    return Booking.objects.filter(booked_by=by, status=Status.HELD, hold_expires_at__gt=now).count()


def _release_others_at_place(by: Account, resource: Resource, keep: Booking | None) -> None:
    """Going back to choose another time at the same place lets the earlier hold go: it
    would block the person's own choice, and everyone else's, for five minutes."""
    others = Booking.objects.filter(
        booked_by=by,
        status=Status.HELD,
        resource__service_at_location_id=resource.service_at_location_id,
    )
    if keep is not None:
        others = others.exclude(pk=keep.pk)
    ids = list(others.values_list("pk", flat=True))
    if ids:
        Booking.objects.filter(pk__in=ids, status=Status.HELD).delete()


def _check_limit(by: Account, resource: Resource, person: Person | None, now: datetime) -> None:
    """A person (or their helper) may keep only so many upcoming times: someone booking in
    a loop cannot empty a calendar. The desk booking for a caller is not limited. The
    person's row is locked first, so two bookings for them at once are counted one by one
    (SQLite's write lock already does this)."""
    if person is None or not policy.may_act_on(by, person.pk, "bookings", "write"):
        return
    list(Person.objects.select_for_update().filter(pk=person.pk).values_list("pk", flat=True))
    counts = Booking.objects.filter(person=person, status=Status.BOOKED, ends_at__gt=now).aggregate(
        total=Count("pk"),
        here=Count("pk", filter=Q(resource__organisation_id=resource.organisation_id)),
    )
    if counts["here"] >= MAX_BOOKED_HERE:
        raise BookingError("too_many_here")
    if counts["total"] >= MAX_BOOKED:
        raise BookingError("too_many_booked")


def _same_request(
    row: Booking, resource: Resource, start: datetime, person: Person | None, guest: Guest | None
) -> Booking:
    """The booking made with this form token, if the form is sent again with the same time
    and person: one form is one booking. Other data with a used token (the Back button, then
    another caller) is refused, so the page never says "booked" for what was not."""
    same = (
        row.resource_id == resource.pk
        and row.starts_at == start
        and row.person_id == (person.pk if person is not None else None)
        and row.guest_name == (guest.name.strip() if guest is not None else "")
    )
    if not same:
        raise BookingError("form_used")
    return row


def _check_slot(
    resource: Resource,
    start: datetime,
    now: datetime,
    channel: str | None,
    exclude: Booking | None,
) -> tuple[datetime, datetime]:
    """Is `start` a time the rules offer now, with the channel, and free? Returns its end
    and the end of its buffer. Raises BookingError, or _Taken when it is only taken."""
    timing = resource.timing
    if not resource.active:
        raise BookingError("closed")
    if start < slots.earliest_start(timing, now):
        raise BookingError("too_soon")
    day = slots.local_date(start)
    if day > slots.horizon(timing, now):
        raise BookingError("too_far")
    given = selectors.slot_inputs(
        resource=resource,
        first_day=day,
        last_day=day,
        now=now,
        exclude=exclude.pk if exclude is not None else None,
    )
    offered = {
        slot.starts_at: slot
        for slot in slots.grid(
            timing=timing,
            rules=given.rules,
            exceptions=given.exceptions,
            first_day=day,
            last_day=day,
        )
    }
    slot = offered.get(start)
    if slot is None:
        raise BookingError("not_a_slot")
    if channel is not None and channel not in slot.channels:
        raise BookingError("channel")
    until = slot.ends_at + timing.buffer
    if slots.overlaps_busy(start, until, given.busy):
        raise _Taken
    return slot.ends_at, until


def _clear_expired_holds(
    resource: Resource, start: datetime, until: datetime, now: datetime, keep: Booking | None
) -> None:
    """Delete expired holds in the way, so they do not trip the exclusion constraint. The
    rows are locked in id order first: two transactions clearing the same holds wait for
    each other instead of deadlocking, and a hold its owner is confirming right now is
    locked by them, so it is seen again after they commit, no longer as an expired hold."""
    expired = Booking.objects.filter(
        resource=resource,
        status=Status.HELD,
        hold_expires_at__lte=now,
        starts_at__lt=until,
        blocks_until__gt=start,
    )
    if keep is not None:
        expired = expired.exclude(pk=keep.pk)
    ids = list(expired.order_by("pk").select_for_update().values_list("pk", flat=True))
    if ids:
        Booking.objects.filter(pk__in=ids, status=Status.HELD, hold_expires_at__lte=now).delete()


def _place(
    row: Booking, resource: Resource, start: datetime, ends_at: datetime, until: datetime
) -> None:
    row.resource = resource
    row.starts_at, row.ends_at, row.blocks_until = start, ends_at, until


def _cancel(row: Booking, now: datetime) -> bool:
    if row.status == Status.CANCELLED:
        return False
    if row.status != Status.BOOKED:
        raise BookingError("not_booked")
    if row.starts_at <= now:
        raise BookingError("too_late")
    row.status = Status.CANCELLED
    row.cancelled_at = now
    row.sequence += 1
    row.save(update_fields=["status", "cancelled_at", "sequence", "updated_at"])
    return True


def _mark(booking: Booking, by: Account, status: Status) -> Booking:
    policy.require(by, "booking.desk", booking.resource)

    def attempt() -> Booking:
        with transaction.atomic():
            row = _locked(booking)
            if row.status == status:
                return row
            if row.status not in (Status.BOOKED, Status.NO_SHOW, Status.ATTENDED):
                raise BookingError("not_booked")
            if row.starts_at > timezone.now():
                raise BookingError("not_started")
            row.status = status
            row.save(update_fields=["status", "updated_at"])
            _audit(by, row.person, "change", row, AccessChannel.WEB)
        return row

    return _retried(attempt)


# --- Rules around the transaction -----------------------------------------------------------
def _serialised(
    resource: Resource, start: datetime, channel: str | None, attempt: Callable[[], Booking]
) -> Booking:
    """Run `attempt` (one transaction); turn "taken" in any form into SlotTaken with the next
    free times, and retry what only failed because someone else was writing at that moment."""
    for tries in range(1, ATTEMPTS + 1):
        try:
            return attempt()
        except _Taken:
            break
        except IntegrityError as error:
            if _is_overlap(error):
                break
            if _is_key_clash(error) and tries < ATTEMPTS:
                continue  # the same form sent twice at once: the next try finds the first
            raise
        except OperationalError as error:
            if not retrying.is_transient(error):
                raise
            if tries == ATTEMPTS:
                break
            clock.sleep(0.05 * tries)
    raise SlotTaken(
        selectors.next_free_slots(resource=resource, after=start, channel=channel, limit=NEXT_FREE)
    )


def _retried(attempt: Callable[[], T]) -> T:
    """A change that is no booking (cancel, mark): retried like one while the database is
    only busy; after the last try the person hears so in plain words, never a 500."""
    try:
        return retrying.retried(attempt)
    except OperationalError as error:
        if not retrying.is_transient(error):
            raise
        raise BookingError("busy") from error


def _is_overlap(error: IntegrityError) -> bool:
    return retrying.sqlstate(error) == "23P01" or "booking_no_overlap" in str(error)


def _is_key_clash(error: IntegrityError) -> bool:
    return "idempotency_key" in str(error)


def _may_book_for(
    by: Account, resource: Resource, person: Person | None, guest: Guest | None
) -> None:
    desk = policy.works_at_desk(by, resource)
    if person is not None and guest is not None:
        raise BookingError("who")
    if person is None:
        if not desk:
            raise PermissionDenied("booking.book")
        if guest is None or not guest.name.strip():
            raise BookingError("who")
        return
    if not (desk or policy.may_act_on(by, person.pk, "bookings", "write")):
        raise PermissionDenied("booking.book")


def _fits(guest: Guest | None, needs: Needs) -> None:
    """The form checks lengths with its own messages; this keeps a caller that did not from
    failing in the database (PostgreSQL refuses a too long value, SQLite would store it)."""
    limits = [
        (guest.name.strip() if guest else "", 200),
        (guest.phone.strip() if guest else "", 30),
        (needs.language, 8),
        (needs.accessibility_needs.strip(), 1000),
        (needs.note.strip(), 1000),
    ]
    if any(len(value) > limit for value, limit in limits):
        raise BookingError("too_long")


def _reminder(person: Person | None, remind: bool) -> tuple[str, str]:
    """How the reminder will reach the person booked for (not whoever booked it), by the
    outbox's own rules: the reservation against digital notices and their preference."""
    if person is None or not remind:
        return RemindBy.NONE, ""
    via = outbox_rules.choose_channel(contact_facts(person))
    if via == outbox_rules.Via.SMS:
        return RemindBy.SMS, outbox_rules.sms_number(person.phone) or ""
    if via == outbox_rules.Via.EMAIL:
        return RemindBy.EMAIL, person.email.strip()
    return RemindBy.LETTER, ""


# Notices to the person booked for (never to a guest: the desk gives them a printed slip).
# SMS and email carry only the signed link, which needs no login (notifications.content).
CONFIRMED = "booking_confirmed"
CHANGED = "booking_changed"


def _notify(row: Booking, template_key: str) -> None:
    """Inside the booking's transaction: if it rolls back, nothing is sent. The link is made
    after the change, so it carries the new sequence and works."""
    if row.person is None:
        return
    queue_notification(person=row.person, template_key=template_key, link_path=links.link_path(row))


def _desk_gives_slip(by: Account, resource: Resource, person: Person | None) -> bool:
    """The desk booked it for someone who gets only letters: the desk gives them the printed
    slip or posts it (the day view marks them, the letter list has them), so the outbox does
    not post a second confirmation. SMS and email confirmations still go: they are free
    and carry the link."""
    if person is None or by.person_id == person.pk:
        return False
    if policy.may_act_on(by, person.pk, "bookings", "write"):
        return False  # their helper, under a grant
    letters = outbox_rules.choose_channel(contact_facts(person)) == outbox_rules.Via.LETTER
    return letters and policy.works_at_desk(by, resource)


def _audit_link(row: Booking) -> None:
    """Whoever holds the link is not known: the person's log says the link was used, in
    their own language (the label is stored as text)."""
    if row.person is None:
        return
    language = outbox_rules.choose_language(
        row.person.preferred_language, (code for code, _name in settings.LANGUAGES)
    )
    with override(language):
        label = gettext("Kompanjong (the link in your reminder)")
    record_access(
        actor=None,
        subject=row.person,
        action="change",
        object_type="booking.link",
        object_id=str(row.pk),
        label=label,
    )


def _audit(by: Account, person: Person | None, action: str, row: Booking, via: str) -> None:
    """A helper under a grant: the person's log says they used the power of attorney. The
    desk: the person's log says who, and how (phone, counter). The person: nothing."""
    if person is None:
        return
    acting = policy.acting_for(by)
    if acting is not None and acting.person_id == person.pk:
        record_for_person(
            actor=by, subject=person, action=action, object_type="booking", object_id=row.pk
        )
        return
    record_access(
        actor=by,
        subject=person,
        action=action,
        object_type="booking",
        object_id=str(row.pk),
        channel=via,
    )
