"""The citizen's booking pages (and their helper's): choose a time at a place, fill in what
you need, see the booking, move it, cancel it, and the list of your bookings.

Thin: forms check, services write, selectors read and check access, display.py words it.
The view rule is "booking.book" (a citizen, or someone at a desk); whose booking it is, is
checked on the object by the selectors (policy "booking.own"/"booking.change").
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any, cast

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.forms import HiddenInput
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kompanjong.core import policy
from kompanjong.core.forms import posted
from kompanjong.notifications import rules as outbox_rules
from kompanjong.notifications.services import contact_facts
from kompanjong.people.models import Account, Person

from . import display, ics, selectors, services, slots
from .forms import DetailsForm, FilterForm, NeedsForm, TimeForm
from .models import Booking, Resource, Status
from .services import BookingError, Needs, SlotTaken

WEEKS_SHOWN = 2
MAX_WEEK = 8
DOCUMENTS = "resource__service_at_location__service__required_documents"
# The service's codes that are about the time itself: the answer is another time.
TIME_PROBLEMS = {"not_a_slot", "too_soon", "too_far", "closed", "taken"}
# The person has as many upcoming times as allowed: the answer is their list of bookings.
TOO_MANY = {"too_many_here", "too_many_booked"}


def account(request: HttpRequest) -> Account:
    return cast(Account, request.user)


# --- Shared by the booking, link and desk pages ---------------------------------------------
def week_of(request: HttpRequest) -> int:
    """Which week the list starts at (0 = this week), from ?week=; anything odd is 0."""
    value = request.GET.get("week", "")
    # isdigit() alone lets "²" through, and int() of thousands of digits refuses.
    if not (value.isascii() and value.isdigit() and len(value) <= 3):
        return 0
    return min(int(value), MAX_WEEK)


def window(week: int, now: dt.datetime) -> tuple[dt.date, dt.date]:
    first = slots.local_date(now) + dt.timedelta(weeks=week)
    return first, first + dt.timedelta(weeks=WEEKS_SHOWN, days=-1)


def paging(request: HttpRequest, week: int, last: dt.date, resources: Iterable[Resource]) -> Any:
    """Links to earlier and later weeks (the same filters kept), while there are any."""
    now = timezone.now()
    horizon = max((slots.horizon(r.timing, now) for r in resources), default=last)

    def url(to: int) -> str:
        query = request.GET.copy()
        query["week"] = str(to)
        return f"{request.path}?{query.urlencode()}"

    return {
        "earlier_url": url(week - 1) if week > 0 else "",
        "later_url": url(week + 1) if last < horizon and week < MAX_WEEK else "",
    }


def time_days(form: Any) -> list[tuple[str, list[Any]]]:
    """The form's time radio buttons, grouped under their day."""
    return display.by_day(
        list(form["slot"]), lambda widget: display.value_day(widget.data["value"])
    )


def offer(
    resource: Resource, free: Iterable[slots.Slot], *, with_names: bool = False
) -> list[display.TimeChoice]:
    return display.time_choices(((resource, slot) for slot in free), with_names=with_names)


def taken_message(choices: list[display.TimeChoice]) -> str:
    if choices:
        return _("Sorry, that time was just taken. Here are the next free times:")
    return _("Sorry, that time was just taken, and there are no other free times now.")


def needs_from(form: NeedsForm) -> Needs:
    data = form.cleaned_data
    return Needs(
        channel=data["channel"],
        topic=selectors.topic_term(data["topic"]),
        language=data["language"],
        interpreter=data["interpreter"],
        accessibility_needs=data["accessibility_needs"],
        note=data["note"],
    )


def refused(request: HttpRequest, reason: str) -> HttpResponse:
    """A clear answer instead of an empty page: whom the user may not book for, and why."""
    return render(
        request,
        "booking/refused.html",
        {"reason": reason, "at_desk": policy.works_at_desk(request.user)},
        status=403,
    )


def with_documents(booking: Booking) -> Booking:
    prefetch_related_objects([booking], DOCUMENTS)
    return booking


def own_booking(request: HttpRequest, pk: uuid.UUID, action: str = "read") -> Booking:
    try:
        return selectors.booking_for(user=request.user, booking_id=pk, action=action)
    except Booking.DoesNotExist:
        raise Http404 from None


def whom(request: HttpRequest, action: str = "write") -> Person | HttpResponse:
    """The person the pages book for, or the refusal to show."""
    person = selectors.subject_person(user=request.user, action=action)
    if person is not None:
        return person
    if policy.acting_for(request.user) is not None:
        return refused(request, "no_scope")
    return refused(request, "no_person")


# --- Choose a time at a place ---------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@policy.rule("booking.book")
def choose(request: HttpRequest, sal_id: uuid.UUID) -> HttpResponse:
    try:
        place, resources = selectors.bookable_place(place_id=sal_id)
    except Resource.DoesNotExist:
        raise Http404 from None
    person = whom(request)
    if isinstance(person, HttpResponse):
        return person
    filters = FilterForm(
        request.GET if {"channel", "language"} & set(request.GET) else None,
        channels=sorted({c for r in resources for c in r.channels}, key=_channel_order),
        languages=sorted(
            {(code, display.language_name(code)) for r in resources for code in r.languages},
            key=lambda pair: pair[1],
        ),
    )
    chosen = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    channel = chosen.get("channel") or None
    language = chosen.get("language") or ""
    speaking = [r for r in resources if not language or language in r.languages]
    now = timezone.now()
    week = week_of(request)
    first, last = window(week, now)
    # All calendars at once; the user's own hold is no obstacle to their choosing again.
    found = selectors.free_slots_at(
        resources=speaking,
        first_day=first,
        last_day=last,
        channel=channel,
        now=now,
        holds_of=account(request),
    )
    choices = display.time_choices(found, with_names=len(resources) > 1)
    ids = {r.pk for r in resources}
    form = TimeForm(posted(request), choices=choices, resource_ids=ids)
    if request.method == "POST" and form.is_valid():
        resource_id, starts_at = form.cleaned_data["slot"]
        resource = next(r for r in resources if r.pk == resource_id)
        try:
            held = services.hold(
                resource=resource,
                starts_at=starts_at,
                by=account(request),
                idempotency_key=str(form.cleaned_data["token"] or uuid.uuid4()),
                channel=channel,
                person=person,
            )
        except SlotTaken as taken:
            choices = offer(resource, taken.next_free, with_names=len(resources) > 1)
            form = TimeForm(request.POST, choices=choices, resource_ids=ids)
            form.is_valid()
            form.add_error("slot", taken_message(choices))
        except BookingError as problem:
            if problem.code == "form_used":
                # The Back button after booking: a fresh page has a fresh form.
                messages.warning(request, problem.text)
                return redirect(request.get_full_path())
            form.add_error("slot" if problem.code in TIME_PROBLEMS else None, problem.text)
        else:
            if held.status != Status.HELD:  # this form was sent before and booked
                return redirect("booking:detail", held.pk)
            query = f"?channel={channel}" if channel else ""
            return redirect(reverse("booking:details", args=[held.pk]) + query)
    location = place.location
    return render(
        request,
        "booking/choose.html",
        {
            "place": place,
            "location": location,
            "address": next(iter(location.addresses.all()), None),
            "resources": [(r, display.languages_text(r.languages)) for r in resources],
            "filters": filters,
            "has_errors": bool(filters.errors),
            "show_filters": bool(filters.offered),
            "form": form,
            "days": time_days(form),
            "first_day": display.day_text(first, start=False),
            "person": person,
            "for_someone": person.pk != account(request).person_id,
            **paging(request, week, last, speaking),
        },
        status=400 if request.method == "POST" else 200,
    )


def _channel_order(code: str) -> int:
    order = ["in_person", "phone", "video"]
    return order.index(code) if code in order else len(order)


# --- What you need --------------------------------------------------------------------------
def remind_via(person: Person) -> str:
    return outbox_rules.choose_channel(contact_facts(person)).value


@require_http_methods(["GET", "POST"])
@policy.rule("booking.book")
def details(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user = account(request)
    row = selectors.my_hold(user=user, booking_id=pk)
    if row is not None and row.status != Status.HELD and not _other_time_posted(request, row):
        return redirect("booking:detail", row.pk)
    if row is None and request.method == "POST" and not _lost_hold(request, user, pk):
        return _choose_again(request)
    person = whom(request)
    if isinstance(person, HttpResponse):
        return person
    resource, starts_at = _time_asked(request, row)
    now = timezone.now()
    channels = selectors.channels_at(resource=resource, starts_at=starts_at)
    initial: dict[str, Any] = {"slot": display.slot_value(resource.pk, starts_at)}
    if row is not None:
        initial["token"] = row.idempotency_key
    if request.GET.get("channel") in channels:
        initial["channel"] = request.GET["channel"]
    kwargs: dict[str, Any] = {
        "channels": channels,
        "person": person,
        "remind_via": remind_via(person),
        "initial": initial,
    }
    form = DetailsForm(posted(request), **kwargs)
    if request.method == "POST":
        if form.is_valid():
            booked = _book(request, form, resource, row, person, kwargs)
            if isinstance(booked, Booking):
                return redirect("booking:detail", booked.pk)
            if isinstance(booked, HttpResponse):
                return booked
            form = booked
        elif "slot" in form.errors:
            form = _with_offer(request, form, resource, starts_at, kwargs, None)
    offering = not isinstance(form.fields["slot"].widget, HiddenInput)
    kept = (
        row is not None
        and row.starts_at == starts_at
        and row.hold_expires_at is not None
        and row.hold_expires_at > now
    )
    return render(
        request,
        "booking/details.html",
        {
            "form": form,
            "resource": resource,
            "location": resource.service_at_location.location,
            "when": display.when_text(starts_at, starts_at + resource.timing.length),
            "kept": kept,
            "person": person,
            "for_someone": person.pk != user.person_id,
            "offering": offering,
            "offer_days": time_days(form) if offering else [],
            "remind_field": form["remind"] if "remind" in form.fields else None,
        },
        status=400 if request.method == "POST" else 200,
    )


def _other_time_posted(request: HttpRequest, row: Booking) -> bool:
    """This form, already booked, sent again with another time (Back, then another of the
    offered times): the service refuses it, rather than the page showing the booking as if
    the new time were booked."""
    if request.method != "POST":
        return False
    posted_slot = display.parse_slot_value(request.POST.get("slot", ""))
    return posted_slot is not None and posted_slot != (row.resource_id, row.starts_at)


def _lost_hold(request: HttpRequest, user: Account, pk: uuid.UUID) -> bool:
    """No hold of the user's has this id: is it one they made that ran out and was taken
    over (deleted)? Its id was made from the account and the form's token, which the form
    sends back; an id made up to book without holding first does not match."""
    token = request.POST.get("token", "")
    return bool(token) and pk == services.hold_id(by=user, idempotency_key=token)


def _choose_again(request: HttpRequest) -> HttpResponse:
    """Back to the place's times, when there is no time kept for this form."""
    chosen = display.parse_slot_value(request.POST.get("slot", ""))
    try:
        resource = selectors.resource(resource_id=chosen[0]) if chosen else None
    except Resource.DoesNotExist:
        resource = None
    if resource is None:
        raise Http404
    messages.warning(request, _("We do not keep a time for you now. Choose a time."))
    return redirect("booking:choose", resource.service_at_location_id)


def _time_asked(request: HttpRequest, row: Booking | None) -> tuple[Resource, dt.datetime]:
    """The resource and the time the form is about: the one posted (a time chosen among
    the next free ones), else the hold's. The hold may be gone: someone else booked over it
    after it expired, which deletes it; the form still knows the time."""
    posted_slot = request.POST.get("slot", "") if request.method == "POST" else ""
    chosen = display.parse_slot_value(posted_slot)
    if row is not None:
        if chosen is not None and chosen[0] == row.resource_id:
            return row.resource, chosen[1]
        return row.resource, row.starts_at
    if chosen is None:
        raise Http404
    try:
        return selectors.resource(resource_id=chosen[0]), chosen[1]
    except Resource.DoesNotExist:
        raise Http404 from None


def _book(
    request: HttpRequest,
    form: DetailsForm,
    resource: Resource,
    row: Booking | None,
    person: Person,
    kwargs: dict[str, Any],
) -> Booking | DetailsForm | HttpResponse:
    resource_id, starts_at = form.cleaned_data["slot"]
    if resource_id != resource.pk:
        form.add_error("slot", _("Choose one of the times in the list."))
        return form
    key = row.idempotency_key if row is not None else str(form.cleaned_data["token"] or "")
    try:
        return services.book(
            resource=resource,
            starts_at=starts_at,
            by=account(request),
            idempotency_key=key or uuid.uuid4().hex,
            person=person,
            needs=needs_from(form),
            remind=form.wants_reminder(),
        )
    except SlotTaken as taken:
        return _with_offer(request, form, resource, starts_at, kwargs, taken)
    except BookingError as problem:
        if problem.code in TIME_PROBLEMS:
            return _with_offer(request, form, resource, starts_at, kwargs, problem)
        if problem.code in TOO_MANY:
            # Let the kept time go for others, and show the bookings they could cancel.
            if row is not None and row.status == Status.HELD:
                services.release(booking=row, by=account(request))
            messages.warning(request, problem.text)
            return redirect("booking:mine")
        form.add_error("channel" if problem.code == "channel" else None, problem.text)
        return form


def _with_offer(
    request: HttpRequest,
    form: DetailsForm,
    resource: Resource,
    after: dt.datetime,
    kwargs: dict[str, Any],
    problem: BookingError | None,
) -> DetailsForm:
    """The same answers again, with the time as a choice among the next free ones."""
    free = (
        problem.next_free
        if isinstance(problem, SlotTaken)
        else selectors.next_free_slots(resource=resource, after=after, limit=services.NEXT_FREE)
    )
    choices = offer(resource, free)
    again = DetailsForm(request.POST, offer=choices, **kwargs)
    again.is_valid()
    if isinstance(problem, SlotTaken):
        again.add_error("slot", taken_message(choices))
    elif problem is not None:
        again.add_error("slot", problem.text)
    elif "slot" not in again.errors:
        for error in form.errors.get("slot", []):
            again.add_error("slot", error)
    return again


# --- A booking ------------------------------------------------------------------------------
@require_GET
@policy.rule("booking.book")
def detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    booking = with_documents(own_booking(request, pk))
    now = timezone.now()
    return render(
        request,
        "booking/detail.html",
        {
            "booking": booking,
            "shown": display.shown(booking, now, private=True),
            "upcoming": booking.status == Status.BOOKED and booking.ends_at > now,
            "may_change": booking.status == Status.BOOKED
            and booking.starts_at > now
            and policy.allows(request.user, "booking.change", booking),
            "for_someone": booking.person_id is None
            or booking.person_id != account(request).person_id,
            "printing": request.GET.get("print") == "1",
            # Staff who took the booking go back to the day, not to a list of their own.
            "desk_day_url": (
                reverse("booking:desk_day", args=[booking.resource_id])
                + f"?day={slots.local_date(booking.starts_at).isoformat()}"
                if policy.works_at_desk(request.user, booking.resource)
                and not policy.may_act_on(request.user, booking.person_id, "bookings", "read")
                else ""
            ),
        },
    )


@require_GET
@policy.rule("booking.book")
def calendar_file(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    booking = own_booking(request, pk)
    response = HttpResponse(ics.calendar(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ics.filename(booking)}"'
    return response


@require_GET
@policy.rule("booking.book")
def mine(request: HttpRequest) -> HttpResponse:
    person = whom(request, "read")
    if isinstance(person, HttpResponse):
        return person
    now = timezone.now()

    def rows(bookings: list[Booking]) -> list[dict[str, Any]]:
        return [
            {
                "booking": b,
                "when": display.when_text(b.starts_at, b.ends_at),
                "place": b.resource.service_at_location.location.name,
                "status": display.status_text(b, now),
            }
            for b in bookings
        ]

    return render(
        request,
        "booking/mine.html",
        {
            "upcoming": rows(selectors.my_bookings(user=request.user, now=now)),
            "past": rows(selectors.my_bookings(user=request.user, upcoming=False, now=now)),
            "person": person,
            "for_someone": person.pk != account(request).person_id,
        },
    )


# --- Move and cancel ------------------------------------------------------------------------
def move_page(
    request: HttpRequest,
    booking: Booking,
    move: Any,
    *,
    back_url: str,
    template: str = "booking/move.html",
) -> HttpResponse:
    """The free times of the booking's resource (the booking itself not counted as busy)
    and the form that moves it there; `move(starts_at)` does it and returns the response."""
    now = timezone.now()
    resource = booking.resource
    changeable = booking.status == Status.BOOKED and booking.starts_at > now
    week = week_of(request)
    first, last = window(week, now)
    free = (
        selectors.free_slots(
            resource=resource,
            first_day=first,
            last_day=last,
            channel=booking.channel,
            now=now,
            exclude=booking.pk,
        )
        if changeable
        else []
    )
    # Not counting the booking as busy frees the times its buffer blocked; its own time is
    # no move at all.
    choices = offer(resource, (slot for slot in free if slot.starts_at != booking.starts_at))
    form = TimeForm(posted(request), choices=choices, resource_ids={resource.pk})
    if changeable and request.method == "POST" and form.is_valid():
        try:
            return cast(HttpResponse, move(form.cleaned_data["slot"][1]))
        except SlotTaken as taken:
            choices = offer(resource, taken.next_free)
            form = TimeForm(request.POST, choices=choices, resource_ids={resource.pk})
            form.is_valid()
            form.add_error("slot", taken_message(choices))
        except BookingError as problem:
            if problem.code == "bad_link":
                return render(request, "booking/link_gone.html", status=404)
            form.add_error("slot", problem.text)
    return render(
        request,
        template,
        {
            "booking": booking,
            "when": display.when_text(booking.starts_at, booking.ends_at),
            "changeable": changeable,
            "form": form,
            "days": time_days(form),
            "back_url": back_url,
            **paging(request, week, last, [resource]),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@policy.rule("booking.book")
def move(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    booking = own_booking(request, pk, "write")

    def do(starts_at: dt.datetime) -> HttpResponse:
        moved = services.move(booking=booking, new_starts_at=starts_at, by=account(request))
        messages.success(
            request,
            _("Your time is moved to %(when)s.")
            % {"when": display.when_text(moved.starts_at, moved.ends_at)},
        )
        return redirect("booking:detail", moved.pk)

    return move_page(request, booking, do, back_url=reverse("booking:detail", args=[booking.pk]))


@require_http_methods(["GET", "POST"])
@policy.rule("booking.book")
def cancel(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    booking = own_booking(request, pk, "write")
    now = timezone.now()
    changeable = booking.status == Status.BOOKED and booking.starts_at > now
    if request.method == "POST" and changeable:
        try:
            services.cancel(booking=booking, by=account(request))
        except BookingError as problem:
            messages.warning(request, problem.text)
        else:
            messages.success(request, _("The time is cancelled."))
        return redirect("booking:detail", booking.pk)
    return render(
        request,
        "booking/cancel.html",
        {
            "booking": booking,
            "when": display.when_text(booking.starts_at, booking.ends_at),
            "place": booking.resource.service_at_location.location.name,
            "changeable": changeable,
            "back_url": reverse("booking:detail", args=[booking.pk]),
        },
        status=400 if request.method == "POST" else 200,
    )
