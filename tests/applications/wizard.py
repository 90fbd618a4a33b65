"""Answers a test applicant gives on each wizard step, as the browser would post them."""

from __future__ import annotations

from typing import Any

from django.test import Client

from kompanjong.applications.models import Application

POSTS: dict[str, dict[str, Any]] = {
    "personal": {
        "street": "Thorvald Meyers gate 10B",
        "postcode": "0555",
        "city": "Oslo",
        "municipality": "0301",
        "phone": "412 34 567",
        "has_account": "yes",
        "account_number": "1234 56 78903",
        "citizenship": "other",
        "citizenship_country": "Syria",
    },
    "need": {
        "needs": ["food", "rent"],
        "need_details": "Mat til to uker",
        "reason": "Jeg mistet jobben og har ikke penger igjen.",
        "urgent": "no",
    },
    "work": {"working": "no", "student": "no"},
    "family": {"marital_status": "single", "children": "0", "child_support": "none"},
    "housing": {"housing": "rents", "people_in_household": "1", "housing_benefit": "no"},
    "income": {"income_sources": ["nav_benefits"], "monthly_income": "6 500", "assets": []},
    "expenses": {"expenses": ["rent"], "other_expenses": ""},
}


def answer_questions(client: Client, steps: Any = None) -> Application:
    """Start (or continue) a draft and answer every question step. Returns the draft."""
    response = client.post("/application/")
    assert response.status_code == 302, response
    application = Application.objects.get(status="draft")
    for step in POSTS if steps is None else steps:
        response = client.post(f"/application/{application.pk}/{step}/", POSTS[step])
        assert response.status_code == 302, (step, response.content.decode()[:3000])
    application.refresh_from_db()
    return application


def choose_for_all_documents(client: Client, application: Application, choice: str) -> None:
    from kompanjong.applications import progress

    required = progress.required_for(application.answers)
    for number, document in enumerate(required, start=1):
        response = client.post(
            f"/application/{application.pk}/documents/{number}/",
            {"choice": "none" if document.optional else choice, "action": "continue"},
        )
        assert response.status_code == 302, response.content.decode()[:3000]
