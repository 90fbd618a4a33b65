"""The citizen's case pages. Thin: selectors fold and look up, services write, templates show."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kompanjong.applications.progress import required_for
from kompanjong.core import policy
from kompanjong.core.forms import posted
from kompanjong.dialogue import selectors as dialogue
from kompanjong.dialogue.display import state_text
from kompanjong.dialogue.rules import CITIZEN
from kompanjong.documents.pipeline import DocumentRejected
from kompanjong.documents.uploads import uploads_from

from . import selectors, sending, texts
from .casework import COMPLAINT_WINDOW
from .fold import CaseView, Task
from .forms import SendDocumentForm
from .models import Case
from .services import AlreadyDoneError


def _own_case(request: HttpRequest, reference: str) -> Case:
    try:
        return selectors.own_case(request.user, reference)
    except Case.DoesNotExist:
        raise Http404 from None


def _task_titles(case: Case, view: CaseView) -> list[tuple[Task, str]]:
    titles = {document.key: document.title for document in required_for(case.application.answers)}
    return [(task, str(titles.get(task.title_key, task.dokumenttype))) for task in view.tasks]


@policy.rule("citizen.self")
def my_case(request: HttpRequest, reference: str) -> HttpResponse:
    case = _own_case(request, reference)
    documents = selectors.documents_of(case)
    view = selectors.case_view(case, documents=documents)
    letters = selectors.letters_of(case)
    status, next_step = texts.STATUS[view.status]
    messages_summary = dialogue.thread_summary(case, CITIZEN)
    names = selectors.office_names(view)
    may_read_messages = policy.allows(request.user, "messages.read", case)
    return render(
        request,
        "cases/my_case.html",
        {
            "dialogue": messages_summary,
            # A helper sees only the links their grant covers.
            "may_read_messages": may_read_messages,
            "may_see_application": policy.allows(request.user, "application.own", case.application),
            "may_send": policy.allows(request.user, "case.send_documents", case),
            "dialogue_state": state_text(messages_summary.state, CITIZEN),
            "case": case,
            "view": view,
            "status_text": status,
            "next_step": next_step,
            "tasks": _task_titles(case, view),
            "request_letter": letters.get(view.document_request_letter),
            "preliminary_answers": [
                (answer, letters.get(answer.forvaltningsbrev))
                for answer in reversed(view.preliminary_answers)
            ],
            "saker": [
                (
                    sak,
                    texts.OUTCOME.get(sak.utfall or "", ""),
                    sak.latest_decision.at + COMPLAINT_WINDOW if sak.latest_decision else None,
                    letters.get(sak.latest_decision.vedtaksfil) if sak.latest_decision else None,
                )
                for sak in view.saker
            ],
            "payments": [
                (payment, texts.PAYMENT[payment.status]) for payment in view.payments.values()
            ],
            "conditions": [c for c in view.conditions.values() if c.relevant],
            "requirements": [r for r in view.documentation_requirements.values() if r.relevant],
            # Attachments to messages belong to the messages: not shown to a helper whose
            # grant covers the case but not the messages.
            "sent_documents": [d for d in documents if d.dokumenttype or may_read_messages],
            "timeline": [
                (entry, texts.timeline_text(entry, names)) for entry in reversed(view.timeline)
            ],
        },
    )


@require_http_methods(["GET", "POST"])
@policy.rule("citizen.self")
def send_document(request: HttpRequest, reference: str, number: int) -> HttpResponse:
    """Send the document for one task: photos or files, checked like the application's."""
    case = _own_case(request, reference)
    if not policy.allows(request.user, "case.send_documents", case):
        raise Http404  # e.g. a helper whose grant lets them see the case, not act in it
    view = selectors.case_view(case)
    tasks = _task_titles(case, view)
    if not 1 <= number <= len(tasks):
        raise Http404
    task, title = tasks[number - 1]
    error = ""
    form = SendDocumentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        # The list may have changed since the page was shown (a new request replaces it).
        if request.POST.get("task") != _task_key(task):
            messages.warning(request, _("NAV changed the list of documents. Check it again."))
            return redirect("cases:my_case", reference)
        try:
            uploads = uploads_from(request)
            if not uploads:
                error = _("Choose a file or take a photo first, then press Send to NAV.")
            else:
                sending.send_for_task(
                    case=case,
                    actor=request.user,  # type: ignore[arg-type]
                    task=task,
                    title=title,
                    uploads=uploads,
                    token=form.cleaned_data["token"],
                )
        except DocumentRejected as rejected:
            error = str(rejected.message)
        except AlreadyDoneError:
            return redirect("cases:my_case", reference)  # the first tap sent it
        if not error:
            messages.success(
                request,
                _("Sent. NAV has got “%(title)s”. You can see it below.") % {"title": title},
            )
            return redirect("cases:my_case", reference)
    context: dict[str, Any] = {
        "case": case,
        "task": task,
        "title": title,
        "task_key": _task_key(task),
        "form": form,
        "error": error,
        "has_errors": bool(error),
    }
    return render(request, "cases/send_document.html", context, status=400 if error else 200)


def _task_key(task: Task) -> str:
    return f"{task.dokumenttype}|{task.tilleggsinformasjon or ''}|{task.requested_at.isoformat()}"
