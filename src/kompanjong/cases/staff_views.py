"""The caseworker's workspace: the office queue, a case, and the actions on it. Thin views:
forms check input, casework (services) writes, selectors read and log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kompanjong.applications import receipts
from kompanjong.core import policy
from kompanjong.dialogue import selectors as dialogue
from kompanjong.dialogue.display import state_text
from kompanjong.dialogue.rules import OFFICE

from . import casework, selectors, services, texts
from . import queue as office_queue
from .casework import CaseworkError
from .fold import CaseView, Outcome, PaymentStatus
from .forms import (
    NEW_SAK,
    AssignForm,
    DecisionForm,
    ForwardForm,
    PaymentForm,
    PreliminaryAnswerForm,
    RequestDocumentsForm,
)
from .models import Case
from .services import AlreadyDoneError


@policy.rule("staff.inbox")
def queue(request: HttpRequest) -> HttpResponse:
    current = office_queue.office_queue(
        request.user, request.GET.get("filter", "all"), request.GET.get("page")
    )
    return render(
        request,
        "cases/queue.html",
        {
            "queue": current,
            "unread": dialogue.unread_by_case(
                [case.pk for case in current.page.object_list], OFFICE
            ),
            "filters": [(f, current.counts[f.key]) for f in office_queue.FILTERS],
            "status_texts": {key: text for key, (text, _next) in texts.STATUS.items()},
        },
    )


def _staff_case(request: HttpRequest, reference: str) -> Case:
    try:
        return selectors.case_for_staff(request.user, reference)
    except Case.DoesNotExist:
        raise Http404 from None


def _saker(view: CaseView) -> list[tuple[str, str]]:
    return [(s.referanse, s.tittel or _("The application")) for s in view.saker]


def _payments(view: CaseView) -> list[tuple[str, str]]:
    return [
        (p.utbetalingsreferanse, f"{p.beskrivelse or ''} {p.belop or ''} kr".strip())
        for p in view.payments.values()
    ]


@policy.rule("staff.inbox")
def case(request: HttpRequest, reference: str) -> HttpResponse:
    current = _staff_case(request, reference)
    if current.new_documents:
        services.documents_seen(current)
    return _case_page(request, current)


def _case_page(
    request: HttpRequest,
    current: Case,
    *,
    status: int = 200,
    assign_form: AssignForm | None = None,
) -> HttpResponse:
    documents = selectors.documents_of(current)
    view = selectors.case_view(current, documents=documents)
    application = current.application
    application.case = current  # the policy asks the application which office has it
    status_text, _next = texts.STATUS[view.status]
    messages_summary = dialogue.thread_summary(current, OFFICE)
    names = selectors.office_names(view)
    context = {
        "dialogue": messages_summary,
        "dialogue_state": state_text(messages_summary.state, OFFICE),
        **receipts.summary(application, viewer=request.user),
        "case": current,
        "view": view,
        "status_text": status_text,
        "sent_documents": documents,
        "letters": selectors.letters_of(current),
        "outcomes": texts.OUTCOME,
        "payment_texts": texts.PAYMENT,
        "timeline": [
            (entry, texts.timeline_text(entry, names)) for entry in reversed(view.timeline)
        ],
        "assign_form": assign_form
        or AssignForm(
            initial={"to": current.assigned_to_id}, colleagues=selectors.colleagues(current)
        ),
        "may_see_address": policy.may_see_address(request.user, application.person),
    }
    return render(request, "cases/staff_case.html", context, status=status)


# --- actions --------------------------------------------------------------------------------
Handler = Callable[[HttpRequest, Case, Any], str]


def _request_documents(request: HttpRequest, case: Case, form: Any) -> str:
    casework.request_documents(
        case=case,
        actor=request.user,  # type: ignore[arg-type]
        documents=form.documents(),
        deadline=form.cleaned_data["deadline"],
        token=form.cleaned_data["token"],
    )
    return _("The request is sent. The applicant is notified.")


def _preliminary_answer(request: HttpRequest, case: Case, form: Any) -> str:
    casework.preliminary_answer(
        case=case,
        actor=request.user,  # type: ignore[arg-type]
        reason=form.cleaned_data["reason"],
        expected_by=form.cleaned_data["expected_by"],
        token=form.cleaned_data["token"],
    )
    return _("The preliminary answer is sent. The applicant is notified.")


def _decide(request: HttpRequest, case: Case, form: Any) -> str:
    data = form.cleaned_data
    casework.decide(
        case=case,
        actor=request.user,  # type: ignore[arg-type]
        sak=None if data["sak"] == NEW_SAK else data["sak"],
        title=form.subject(),
        outcome=Outcome(data["outcome"]),
        amount=data["amount"],
        period_from=data["period_from"],
        period_to=data["period_to"],
        reasoning=data["reasoning"],
        token=data["token"],
    )
    return _("The decision is made and the letter is sent. The applicant is notified.")


def _payment(request: HttpRequest, case: Case, form: Any) -> str:
    data = form.cleaned_data
    casework.register_payment(
        case=case,
        actor=request.user,  # type: ignore[arg-type]
        reference=None if data["payment"] == NEW_SAK else data["payment"],
        sak=data["sak"] or None,
        status=PaymentStatus(data["status"]),
        amount=data["amount"],
        day=data["day"],
        period_from=data["period_from"],
        period_to=data["period_to"],
        description=data["description"],
        token=data["token"],
    )
    return _("The payment is registered. The applicant is notified.")


def _forward(request: HttpRequest, case: Case, form: Any) -> str:
    office = form.cleaned_data["office"]
    casework.forward(
        case=case,
        actor=request.user,  # type: ignore[arg-type]
        office=office,
        token=form.cleaned_data["token"],
    )
    return _("The case is sent to %(office)s.") % {"office": office.name}


def _form_for(action: str, case: Case, view: CaseView, data: Any) -> forms.Form:
    if action == "request-documents":
        return RequestDocumentsForm(data)
    if action == "preliminary-answer":
        return PreliminaryAnswerForm(data)
    if action == "decide":
        return DecisionForm(data, saker=_saker(view))
    if action == "payment":
        return PaymentForm(data, payments=_payments(view), saker=_saker(view))
    return ForwardForm(data, current_office=case.office_id)


ACTIONS: dict[str, tuple[Handler, str]] = {
    # action: (handler, page title msgid — translated in the template)
    "request-documents": (_request_documents, "request"),
    "preliminary-answer": (_preliminary_answer, "preliminary"),
    "decide": (_decide, "decide"),
    "payment": (_payment, "payment"),
    "forward": (_forward, "forward"),
}


@require_http_methods(["GET", "POST"])
@policy.rule("staff.inbox")
def act(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    current = _staff_case(request, reference)
    if action in {"processing", "assign"}:
        if request.method != "POST":
            return redirect("cases:staff_case", reference)
        return _quick_action(request, current, action)
    if action not in ACTIONS:
        raise Http404
    handler, page = ACTIONS[action]
    view = selectors.case_view(current)
    form = _form_for(action, current, view, request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            done = handler(request, current, form)
        except AlreadyDoneError:
            return redirect("cases:staff_case", reference)  # the first click did it
        except CaseworkError as problem:
            error = str(problem)
        else:
            messages.success(request, done)
            if action == "forward":
                return redirect("cases:queue")
            return redirect("cases:staff_case", reference)
    return render(
        request,
        "cases/staff_action.html",
        {
            "case": current,
            "form": form,
            "action": action,
            "page": page,
            "error": error,
            "has_errors": bool(error),
        },
        status=400 if request.method == "POST" else 200,
    )


def _quick_action(request: HttpRequest, current: Case, action: str) -> HttpResponse:
    actor: Any = request.user
    if action == "processing":
        try:
            casework.mark_processing(case=current, actor=actor)
        except CaseworkError as problem:
            messages.info(request, str(problem))
        else:
            messages.success(request, _("The case is marked as being processed."))
        return redirect("cases:staff_case", current.application.reference)
    form = AssignForm(request.POST, colleagues=selectors.colleagues(current))
    if not form.is_valid():
        return _case_page(request, current, status=400, assign_form=form)
    to = form.cleaned_data["to"]
    try:
        casework.assign(case=current, actor=actor, to=to)
    except CaseworkError as problem:  # they left the office in the meantime
        messages.warning(request, str(problem))
        return redirect("cases:staff_case", current.application.reference)
    if to is None:
        messages.success(request, _("Nobody is assigned to the case now."))
    elif to.pk == actor.pk:
        messages.success(request, _("The case is assigned to you."))
    else:
        messages.success(request, _("The case is assigned to %(name)s.") % {"name": to.name})
    return redirect("cases:staff_case", current.application.reference)
