"""The application wizard, receipt and the office inbox. Thin: parse, call, render."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from kompanjong.core import policy
from kompanjong.documents.pipeline import DocumentRejected
from kompanjong.documents.uploads import uploads_from
from kompanjong.people.selectors import subject_person

from . import progress, receipts, selectors, services
from .answers import STEPS
from .forms import STEP_FORMS, DocumentChoice, DocumentForm, PersonalForm, StepForm
from .models import Application, SubmissionChannel

TOTAL_STEPS = len(STEPS)


def step_url(application: Application, step: str) -> str:
    if step == "documents":
        return reverse("applications:document", args=[application.pk, 1])
    if step == "check":
        return reverse("applications:check", args=[application.pk])
    return reverse("applications:step", args=[application.pk, step])


def wizard_context(application: Application, step: str) -> dict[str, Any]:
    return {
        "application": application,
        "step": step,
        "step_number": STEPS.index(step) + 1,
        "total_steps": TOTAL_STEPS,
        "deleted_on": selectors.draft_deleted_on(application),
        "office": application.office,
    }


def draft_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wizard pages of a draft. Once it is sent (back button, another tab, a double click),
    they lead to the receipt instead of an error."""

    @wraps(view)
    def page(request: HttpRequest, pk: UUID, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            if (sent := selectors.submitted_if_sent(request.user, pk)) is None:
                return view(request, pk, *args, **kwargs)
        except services.DraftGoneError:
            if (sent := selectors.submitted_if_sent(request.user, pk)) is None:
                raise Http404 from None
        messages.info(request, _("This application is sent. Here is your receipt."))
        return redirect("applications:receipt", sent.pk)

    return page


@require_http_methods(["GET", "POST"])
@policy.rule("application.wizard")
def start(request: HttpRequest) -> HttpResponse:
    person = subject_person(request.user)
    action = "write" if request.method == "POST" else "read"
    if not policy.may_act_on(request.user, person.pk, "application", action):
        raise Http404  # a helper whose grant does not cover the application
    draft = selectors.current_draft(person.pk)
    if request.method == "POST":
        application = services.start_draft(
            person=person,
            # A protected address is not put in front of a helper or staff without the right.
            with_address=policy.may_see_address(request.user, person),
            actor=request.user,  # type: ignore[arg-type]
        )
        return redirect(
            step_url(application, progress.first_open_step(application.completed_steps))
        )
    return render(
        request,
        "applications/start.html",
        {
            "draft": draft,
            "deleted_on": selectors.draft_deleted_on(draft) if draft else None,
            "steps_left": progress.steps_left(draft.completed_steps) if draft else [],
        },
    )


def _step_form(step: str, data: Any = None, initial: Any = None) -> StepForm:
    form_class = STEP_FORMS[step]
    if form_class is PersonalForm:
        return PersonalForm(
            data, initial=initial, municipalities=selectors.municipalities_with_office()
        )
    return form_class(data, initial=initial)


def _previous(application: Application, step: str) -> str:
    index = STEPS.index(step)
    if index == 0:
        return reverse("applications:start")
    previous = STEPS[index - 1]
    if previous == "documents":
        count = len(progress.required_for(application.answers))
        return reverse("applications:document", args=[application.pk, count])
    return step_url(application, previous)


@require_http_methods(["GET", "POST"])
@policy.rule("application.wizard")
@draft_page
def step(request: HttpRequest, pk: UUID, step: str) -> HttpResponse:
    if step not in STEP_FORMS:
        raise Http404
    application = selectors.own_draft(request.user, pk)
    if not progress.may_open(step, application.completed_steps):
        return redirect(
            step_url(application, progress.first_open_step(application.completed_steps))
        )
    returning = request.POST.get("return", request.GET.get("return")) == "check"
    if request.method == "POST":
        form = _step_form(step, request.POST)
        if request.POST.get("action") == "back":
            if form.is_valid():
                services.save_step(application=application, step=step, section=form.to_answers())
            else:
                raw = {name: request.POST.getlist(name) for name in form.fields}
                services.keep_unsaved(application=application, step=step, raw=raw)
            return redirect(_previous(application, step))
        if form.is_valid():
            application = services.save_step(
                application=application, step=step, section=form.to_answers()
            )
            if returning:
                return redirect(_next_unanswered_document(application) or _check_url(application))
            next_step = STEPS[STEPS.index(step) + 1]
            return redirect(step_url(application, next_step))
    elif step in application.unsaved:
        # Typed before leaving with "Back": shown again exactly as typed, without errors.
        unsaved = application.unsaved[step]
        form = _step_form(step, initial=_flatten(unsaved, STEP_FORMS[step]))
    else:
        form = _step_form(step, initial=STEP_FORMS[step].initial_from(application.answers))
    return render(
        request,
        "applications/step.html",
        {
            **wizard_context(application, step),
            "form": form,
            "returning": returning,
            "follow_ups": {name: f"{q}:{_raw(a)}" for name, (q, a) in form.follow_ups.items()},
        },
    )


def _check_url(application: Application) -> str:
    return reverse("applications:check", args=[application.pk])


def _next_unanswered_document(application: Application) -> str | None:
    """A changed answer can ask for a new document: go there before the overview."""
    if "documents" not in application.completed_steps:
        return None
    keys = progress.uploaded_keys(
        application.answers, [a.requirement for a in application.attachments.all()]
    )
    unanswered = progress.documents_without_choice(application.answers, keys)
    if not unanswered:
        return None
    required = [d.key for d in progress.required_for(application.answers)]
    number = required.index(unanswered[0].key) + 1
    return reverse("applications:document", args=[application.pk, number]) + "?return=check"


def _unanswered_documents(application: Application) -> list[tuple[str, str]]:
    """(title, link) for each required document the applicant has not said anything about."""
    keys = progress.uploaded_keys(
        application.answers, [a.requirement for a in application.attachments.all()]
    )
    required = [d.key for d in progress.required_for(application.answers)]
    return [
        (
            str(document.title),
            reverse(
                "applications:document", args=[application.pk, required.index(document.key) + 1]
            )
            + "?return=check",
        )
        for document in progress.documents_without_choice(application.answers, keys)
    ]


def _raw(answer: object) -> str:
    if answer is True:
        return "yes"
    if answer is False:
        return "no"
    return str(answer)


def _flatten(raw: dict[str, list[str]], form_class: type[StepForm]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for name, values in raw.items():
        field = form_class.base_fields.get(name)
        if isinstance(field, forms.MultipleChoiceField):
            flat[name] = values
        elif values:
            flat[name] = values[0]
    return flat


@require_http_methods(["GET", "POST"])
@policy.rule("application.wizard")
@draft_page
def document(request: HttpRequest, pk: UUID, number: int) -> HttpResponse:
    application = selectors.own_draft(request.user, pk)
    if not progress.may_open("documents", application.completed_steps):
        return redirect(
            step_url(application, progress.first_open_step(application.completed_steps))
        )
    required = progress.required_for(application.answers)
    if not 1 <= number <= len(required):
        raise Http404
    requirement = required[number - 1]
    attachments = [
        a
        for a in application.attachments.all()
        if progress.shown_under(a.requirement, application.answers) == requirement.key
    ]
    saved_choice = (application.answers.get("documents") or {}).get(requirement.key)
    returning = request.POST.get("return", request.GET.get("return")) == "check"
    upload_error = ""
    form = DocumentForm(
        request.POST or None, initial={"choice": saved_choice}, optional=requirement.optional
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            uploads = uploads_from(request)
        except DocumentRejected as rejected:
            uploads, upload_error = [], str(rejected.message)
            action = "upload"
        if uploads or action == "upload":
            # An upload does not answer "how will you send it", so that is not checked here.
            form = DocumentForm(
                initial={"choice": request.POST.get("choice") or saved_choice},
                optional=requirement.optional,
            )
            if not uploads and not upload_error:
                upload_error = _("Choose a file or take a photo first, then press Upload.")
            elif uploads:
                try:
                    services.attach_document(
                        application=application,
                        actor=request.user,  # type: ignore[arg-type]
                        requirement=requirement,
                        uploads=uploads,
                    )
                except DocumentRejected as rejected:
                    upload_error = str(rejected.message)
                else:
                    messages.success(request, _uploaded_message(len(uploads), bool(attachments)))
                    url = reverse("applications:document", args=[application.pk, number])
                    return redirect(f"{url}?return=check" if returning else url)
        elif action == "back":
            if form.is_valid():
                services.choose_document(
                    application=application,
                    key=requirement.key,
                    choice=form.cleaned_data["choice"],
                )
            if number > 1:
                return redirect("applications:document", application.pk, number - 1)
            return redirect(step_url(application, "expenses"))
        elif form.is_valid():
            choice = form.cleaned_data["choice"]
            if choice == DocumentChoice.UPLOAD and not attachments:
                upload_error = _(
                    "Choose a file or take a photo to upload. Or choose that you have already "
                    "sent it, or will send it later."
                )
            else:
                services.choose_document(
                    application=application, key=requirement.key, choice=choice
                )
                if number < len(required) and not returning:
                    return redirect("applications:document", application.pk, number + 1)
                services.complete_documents(application=application)
                return redirect("applications:check", application.pk)
    return render(
        request,
        "applications/document.html",
        {
            **wizard_context(application, "documents"),
            "form": form,
            "requirement": requirement,
            "number": number,
            "count": len(required),
            "attachments": attachments,
            "upload_error": upload_error,
            "returning": returning,
            "has_errors": bool(upload_error or form.errors),
        },
        status=400 if upload_error else 200,
    )


def _uploaded_message(files: int, added: bool) -> str:
    if added:
        return ngettext(
            "The page is added to the document. You can add more, or continue.",
            "The %(count)s pages are added to the document. You can add more, or continue.",
            files,
        ) % {"count": files}
    return ngettext(
        "Your file is uploaded. You can add more pages, or continue.",
        "Your %(count)s files are uploaded as one document. You can add more pages, or continue.",
        files,
    ) % {"count": files}


@require_POST
@policy.rule("application.wizard")
@draft_page
def remove_attachment(request: HttpRequest, pk: UUID, number: int, attachment: int) -> HttpResponse:
    application = selectors.own_draft(request.user, pk)
    services.remove_attachment(application=application, attachment_id=attachment)
    messages.success(request, _("The file is removed."))  # also when it already was
    return redirect("applications:document", application.pk, number)


@require_http_methods(["GET", "POST"])
@policy.rule("application.wizard")
@draft_page
def check(request: HttpRequest, pk: UUID) -> HttpResponse:
    application = selectors.own_draft(request.user, pk)
    if progress.steps_left(application.completed_steps):
        return redirect(
            step_url(application, progress.first_open_step(application.completed_steps))
        )
    refusal = ""
    if request.method == "POST":
        try:
            acting = getattr(request, "acting_for", None)
            result = services.submit(
                application_id=application.pk,
                actor=request.user,  # type: ignore[arg-type]
                language=translation.get_language() or "nb",
                channel=getattr(acting, "channel", SubmissionChannel.HELPER)
                if acting
                else SubmissionChannel.SELF,
                fullmakt_reference=acting.reference if acting else "",
            )
        except services.SubmissionRefusedError as refused:
            refusal = str(refused.message)
        else:
            return redirect("applications:receipt", result.application.pk)
    return render(
        request,
        "applications/check.html",
        {
            **wizard_context(application, "check"),
            **receipts.summary(application),
            "unanswered": _unanswered_documents(application),
            "refusal": refusal,
            "has_errors": bool(refusal),
        },
        status=400 if refusal else 200,
    )


@policy.rule("application.wizard")
def receipt(request: HttpRequest, pk: UUID) -> HttpResponse:
    application = selectors.own_submitted(request.user, pk)
    return render(request, "applications/receipt.html", receipts.summary(application))


@policy.rule("application.wizard")
def receipt_pdf(request: HttpRequest, pk: UUID) -> HttpResponse:
    application = selectors.own_submitted(request.user, pk)
    return receipts.pdf_response(application)
