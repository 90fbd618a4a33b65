"""The desk's pages: its calendars, a day's bookings (with no-shows), the letter list, and
booking for someone who calls or comes by (with or without an account).

Rule "booking.desk": helpers and staff of the organisation that runs the resource; the
object check (this resource) is made by the selectors and services.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kompanjong.core import policy
from kompanjong.core.formatting import phone_for_reading
from kompanjong.core.forms import posted
from kompanjong.directory.display import topic_name

from . import display, selectors, services, slots
from .forms import DayForm, DeskBookingForm
from .models import Booking, Channel, Resource, Status
from .services import BookingError, Guest, SlotTaken
from .views import (
    TIME_PROBLEMS,
    account,
    needs_from,
    offer,
    paging,
    taken_message,
    time_days,
    week_of,
    window,
)


def _resource(request: HttpRequest, resource_id: int) -> Resource:
    """The resource, open for booking or not (a closed one's bookings are still the desk's)."""
    try:
        resource = selectors.desk_resource(resource_id=resource_id)
    except Resource.DoesNotExist:
        raise Http404 from None
    policy.require(request.user, "booking.desk", resource)
    return resource


@require_GET
@policy.rule("booking.desk")
def desk(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    letters = [
        {
            "booking": b,
            "when": display.when_text(b.starts_at, b.ends_at),
            "name": b.person.full_name if b.person else b.guest_name,
            "phone": phone_for_reading(b.person.phone if b.person else b.guest_phone),
            "address": _address(request, b),
        }
        for b in selectors.letter_list(user=request.user, now=now)
    ]
    return render(
        request,
        "booking/desk.html",
        {
            "resources": selectors.desk_resources(user=request.user),
            "letters": letters,
            "today": slots.local_date(now),
        },
    )


def _address(request: HttpRequest, booking: Booking) -> list[str] | None:
    """The postal address for a letter; None when it is protected (or there is none)."""
    person = booking.person
    if person is None or not policy.may_see_address(request.user, person):
        return None
    lines = [person.street_address, f"{person.postal_code} {person.postal_town}".strip()]
    return [line for line in lines if line] or None


@require_GET
@policy.rule("booking.desk")
def desk_day(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource = _resource(request, resource_id)
    now = timezone.now()
    asked = "day" in request.GET
    # The link's ?day=2026-12-07, or a date typed in the field (07.12.2026).
    form = DayForm(request.GET if asked else None)
    day = form.cleaned_data["day"] if asked and form.is_valid() else slots.local_date(now)
    bookings = selectors.desk_day(user=request.user, resource=resource, day=day)
    return render(
        request,
        "booking/desk_day.html",
        {
            "resource": resource,
            "form": form,
            "day": day,
            "day_text": display.day_text(day),
            "previous": (day - dt.timedelta(days=1)).isoformat(),
            "next": (day + dt.timedelta(days=1)).isoformat(),
            "rows": [_row(b, now) for b in bookings],
        },
        status=400 if asked and form.errors else 200,
    )


def _row(booking: Booking, now: dt.datetime) -> dict[str, Any]:
    person = booking.person
    phone = (person.phone if person is not None else booking.guest_phone) or ""
    return {
        "booking": booking,
        "time": display.span_text(booking.starts_at, booking.ends_at),
        "name": person.full_name if person is not None else booking.guest_name,
        "guest": person is None,
        "channel": display.channel_name(booking.channel),
        "call": phone_for_reading(phone) if booking.channel == Channel.PHONE else "",
        "phone": phone_for_reading(phone),
        "topic": topic_name(booking.topic.code, booking.topic.name) if booking.topic else "",
        "language": display.language_label(booking.language) if booking.language else "",
        "status": display.status_text(booking, now),
        "cancelled": booking.status == Status.CANCELLED,
        "may_mark": booking.starts_at <= now
        and booking.status in (Status.BOOKED, Status.NO_SHOW, Status.ATTENDED),
        "letter": booking.status == Status.BOOKED and display.needs_letter(booking),
    }


@require_POST
@policy.rule("booking.desk")
def desk_mark(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """ "Came" or "Did not come", once the time has started."""
    try:
        booking = selectors.booking_at_desk(user=request.user, booking_id=pk)
    except Booking.DoesNotExist:
        raise Http404 from None
    mark = {"no_show": services.mark_no_show, "attended": services.mark_attended}.get(
        request.POST.get("status", "")
    )
    if mark is None:
        messages.warning(request, _("Choose Came or Did not come."))
    else:
        try:
            mark(booking=booking, by=account(request))
        except BookingError as problem:
            messages.warning(request, problem.text)
        else:
            messages.success(request, _("Saved."))
    day = slots.local_date(booking.starts_at).isoformat()
    return redirect(reverse("booking:desk_day", args=[booking.resource_id]) + f"?day={day}")


@require_http_methods(["GET", "POST"])
@policy.rule("booking.desk")
def desk_new(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource = _resource(request, resource_id)
    now = timezone.now()
    week = week_of(request)
    first, last = window(week, now)
    choices = offer(
        resource, selectors.free_slots(resource=resource, first_day=first, last_day=last, now=now)
    )
    kwargs: dict[str, Any] = {
        "resource_ids": {resource.pk},
        "channels": tuple(resource.channels or ()),
    }
    form = DeskBookingForm(posted(request), choices=choices, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = None
        if data["who"] == "person":
            try:
                person = services.find_for_desk(
                    by=account(request),
                    resource=resource,
                    national_id=data["national_id"],
                    family_name=data["family_name"],
                    via=data["via"],
                )
            except BookingError as problem:
                form.add_error("national_id", problem.text)
        if not form.errors:
            try:
                booking = services.book(
                    resource=resource,
                    starts_at=data["slot"][1],
                    by=account(request),
                    idempotency_key=str(data["token"] or uuid.uuid4()),
                    person=person,
                    guest=(
                        Guest(name=data["guest_name"], phone=data["guest_phone"])
                        if person is None
                        else None
                    ),
                    needs=needs_from(form),
                    remind=data["remind"],
                    via=data["via"],
                )
            except SlotTaken as taken:
                choices = offer(resource, taken.next_free)
                form = DeskBookingForm(request.POST, choices=choices, **kwargs)
                form.is_valid()
                form.add_error("slot", taken_message(choices))
            except BookingError as problem:
                if problem.code == "form_used":
                    # Sent before for another time or person: nothing is booked now. What
                    # was typed stays, with a fresh token, so sending it again books it.
                    fresh = request.POST.copy()
                    fresh["token"] = str(uuid.uuid4())
                    form = DeskBookingForm(fresh, choices=choices, **kwargs)
                    form.is_valid()
                field = "slot" if problem.code in TIME_PROBLEMS else None
                form.add_error("channel" if problem.code == "channel" else field, problem.text)
            else:
                messages.success(request, _("The time is booked. Print the slip for them."))
                return redirect("booking:detail", booking.pk)
    return render(
        request,
        "booking/desk_new.html",
        {
            "resource": resource,
            "form": form,
            "days": time_days(form),
            **paging(request, week, last, [resource]),
        },
        status=400 if request.method == "POST" else 200,
    )
