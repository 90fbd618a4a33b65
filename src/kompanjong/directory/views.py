"""The public search of helping places, and a place's page. Thin: the form checks, the
selectors read, display.py words it."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kompanjong.core import policy

from . import display, opening, selectors
from .forms import SearchForm
from .models import ServiceAtLocation, ServiceStatus

# The GET parameters of the search form: any of them means "search", none means a fresh page.
SEARCH_FIELDS = {
    "municipality",
    "postcode",
    "topic",
    "language",
    "open_now",
    "open_this_week",
    "drop_in",
    "step_free",
    "lat",
    "lon",
}


def booking_link(place: ServiceAtLocation) -> str | None:
    """Where to book a time at this place: the booking app's page when the place has a
    calendar open for booking, else None (no link shown). One query."""
    from django.urls import reverse

    from kompanjong.booking.models import Resource

    if not Resource.objects.filter(service_at_location=place, active=True).exists():
        return None
    return reverse("booking:choose", args=[place.pk])


@require_GET
@policy.rule("public")
def search(request: HttpRequest) -> HttpResponse:
    asked = any(name in request.GET for name in SEARCH_FIELDS)
    form = SearchForm(
        request.GET if asked else None,
        municipalities=selectors.municipalities(),
        languages=selectors.language_codes(),
    )
    context: dict[str, Any] = {"form": form, "asked": asked}
    if asked and form.is_valid():
        now = timezone.now()
        results = selectors.search(now=now, **form.criteria())
        page = selectors.results_page(results, request.GET.get("page"))
        cards = [
            display.card(hit.place, hit.rules, now, hit.distance_km) for hit in page.object_list
        ]
        context.update(
            searched=True,
            results=results,
            page=page,
            physical_cards=[card for card in cards if card.physical],
            remote_cards=[card for card in cards if not card.physical],
            place_name=form.place_name,
            # Only when the results really are sorted by distance (a lat without a lon is not).
            near_me=form.point is not None,
        )
    return render(request, "directory/search.html", context)


@require_GET
@policy.rule("public")
def place(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    hit = selectors.place(pk)
    now = timezone.now()
    today = opening.local(now).date()
    service = hit.place.service
    return render(
        request,
        "directory/place.html",
        {
            "card": display.card(hit.place, hit.rules, now),
            "service": service,
            "location": hit.place.location,
            "organization": service.organization,
            "description": hit.place.description or service.description,
            "temporarily_closed": service.status == ServiceStatus.TEMPORARILY_CLOSED,
            "week": display.week_lines(hit.rules, today),
            "exceptions": display.exception_lines(hit.rules, today),
            "has_hours": bool(hit.rules),
            "booking_url": booking_link(hit.place),
        },
    )
