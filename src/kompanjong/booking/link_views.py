"""The pages behind the signed link in a booking's notices: no login needed.

Anyone who sees the text message may open the link, so these pages show only when, where
and what to bring, and the status: never the person's name, number, needs or topic. The
link itself is the authority to move or cancel the time; each change ends the old link
(its sequence moves on) and the page carries on under the new one.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from kompanjong.core import policy

from . import display, links, services
from .models import Booking, Status
from .services import BookingError
from .views import move_page, with_documents


def gone(request: HttpRequest) -> HttpResponse:
    return render(request, "booking/link_gone.html", status=404)


def _booking(token: str) -> Booking | None:
    return links.booking_for_token(token)


@never_cache
@require_GET
@policy.rule("public")
def link(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking(token)
    if booking is None:
        return gone(request)
    now = timezone.now()
    with_documents(booking)
    return render(
        request,
        "booking/link.html",
        {
            "token": token,
            "shown": display.shown(booking, now, private=False),
            "may_change": booking.status == Status.BOOKED and booking.starts_at > now,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@policy.rule("public")
def link_move(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking(token)
    if booking is None:
        return gone(request)

    def do(starts_at: dt.datetime) -> HttpResponse:
        moved = services.move_by_link(token=token, new_starts_at=starts_at)
        messages.success(
            request,
            _("Your time is moved to %(when)s.")
            % {"when": display.when_text(moved.starts_at, moved.ends_at)},
        )
        return redirect(links.link_path(moved))

    return move_page(request, booking, do, back_url=links.link_path(booking))


@never_cache
@require_http_methods(["GET", "POST"])
@policy.rule("public")
def link_cancel(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking(token)
    if booking is None:
        return gone(request)
    now = timezone.now()
    changeable = booking.status == Status.BOOKED and booking.starts_at > now
    if request.method == "POST" and changeable:
        try:
            cancelled = services.cancel_by_link(token=token)
        except BookingError as problem:
            if problem.code != "busy":
                return gone(request)
            messages.warning(request, problem.text)
            return redirect(links.link_path(booking))
        messages.success(request, _("The time is cancelled."))
        return redirect(links.link_path(cancelled))
    return render(
        request,
        "booking/cancel.html",
        {
            "booking": booking,
            "when": display.when_text(booking.starts_at, booking.ends_at),
            "place": booking.resource.service_at_location.location.name,
            "changeable": changeable,
            "back_url": links.link_path(booking),
        },
        status=400 if request.method == "POST" else 200,
    )
