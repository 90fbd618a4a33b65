"""The citizen's case page. Thin: the selector folds, the template shows."""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kompanjong.applications.progress import required_for
from kompanjong.core import policy

from . import selectors, texts
from .models import Case

# A decision can be appealed (klage) within 3 weeks of the citizen receiving it (fvl. § 29).
COMPLAINT_WINDOW = timedelta(weeks=3)


@policy.rule("citizen.self")
def my_case(request: HttpRequest, reference: str) -> HttpResponse:
    try:
        case = selectors.own_case(request.user, reference)
    except Case.DoesNotExist:
        raise Http404 from None
    view = selectors.case_view(case)
    titles = {document.key: document.title for document in required_for(case.application.answers)}
    status, next_step = texts.STATUS[view.status]
    return render(
        request,
        "cases/my_case.html",
        {
            "case": case,
            "view": view,
            "status_text": status,
            "next_step": next_step,
            "tasks": [(task, titles.get(task.title_key, task.dokumenttype)) for task in view.tasks],
            "saker": [
                (
                    sak,
                    texts.OUTCOME.get(sak.utfall or "", ""),
                    sak.latest_decision.at + COMPLAINT_WINDOW if sak.latest_decision else None,
                )
                for sak in view.saker
            ],
            "payments": [
                (payment, texts.PAYMENT[payment.status]) for payment in view.payments.values()
            ],
            "conditions": [c for c in view.conditions.values() if c.relevant],
            "timeline": [(entry, texts.EVENT[entry.type]) for entry in reversed(view.timeline)],
        },
    )
