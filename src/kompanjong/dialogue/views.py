"""The message pages for the citizen and the office. Thin: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kompanjong.cases.models import Case
from kompanjong.core import policy
from kompanjong.documents.pipeline import DocumentRejected, Upload
from kompanjong.documents.uploads import uploads_in

from . import rules, selectors, services
from .forms import FILES, PHOTOS, MessageForm, OfficeMessageForm
from .models import Message


@require_http_methods(["GET", "POST"])
@policy.rule("citizen.self")
def thread(request: HttpRequest, reference: str) -> HttpResponse:
    case = selectors.case_for_citizen(request.user, reference)
    form, upload_error = MessageForm(), ""
    if request.method == "POST" and not policy.allows(request.user, "messages.write", case):
        raise Http404  # a helper whose grant lets them read the messages, not write
    if request.method == "POST":
        try:
            photos, files = uploads_in(request, PHOTOS), uploads_in(request, FILES)
        except DocumentRejected as rejected:
            photos, files, upload_error = [], [], str(rejected.message)
        form = MessageForm(request.POST, has_files=bool(photos or files or upload_error))
        if not form.is_valid() and (photos or files):
            # A browser never keeps chosen files when the page comes back; say so.
            upload_error = _("Choose the photos and files again. They are not sent yet.")
        if form.is_valid() and not upload_error:
            try:
                _write(request, case, form, rules.CITIZEN, rules.attachment_groups(photos, files))
            except DocumentRejected as rejected:
                upload_error = str(rejected.message)
            else:
                messages.success(request, _("Your message is sent to NAV."))
                return redirect("dialogue:thread", reference)
    return _page(request, case, rules.CITIZEN, "dialogue/thread.html", form, upload_error)


@require_http_methods(["GET", "POST"])
@policy.rule("staff.inbox")
def staff_thread(request: HttpRequest, reference: str) -> HttpResponse:
    case = selectors.case_for_staff(request.user, reference)
    form = OfficeMessageForm()
    if request.method == "POST":
        form = OfficeMessageForm(request.POST)
        if form.is_valid():
            _write(request, case, form, rules.OFFICE, [])
            messages.success(request, _("Your message is sent."))
            return redirect("dialogue:staff_thread", reference)
    return _page(request, case, rules.OFFICE, "dialogue/staff_thread.html", form, "")


@require_POST
@policy.rule("staff.inbox")
def mark_done(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = selectors.case_for_staff(request.user, reference)
    try:
        services.mark_done(case=case, message_id=pk, actor=request.user)  # type: ignore[arg-type]
    except Message.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("The message is marked as done. It needs no answer."))
    return redirect("dialogue:staff_thread", reference)


def _write(
    request: HttpRequest,
    case: Case,
    form: MessageForm,
    side: rules.Side,
    attachments: list[list[Upload]],
) -> None:
    services.write_message(
        case=case,
        author=request.user,  # type: ignore[arg-type]
        side=side,
        text=form.cleaned_data["text"],
        attachments=attachments,
        token=form.cleaned_data["token"],
    )


def _page(
    request: HttpRequest,
    case: Case,
    side: rules.Side,
    template: str,
    form: MessageForm,
    upload_error: str,
) -> HttpResponse:
    conversation = selectors.conversation(case, viewer=request.user, side=side)
    if conversation.unread and conversation.thread and conversation.read_up_to:
        services.mark_read(thread=conversation.thread, side=side, up_to=conversation.read_up_to)
    has_errors = bool(form.errors or upload_error)
    return render(
        request,
        template,
        {
            "case": case,
            "conversation": conversation,
            "entries": conversation.entries,
            "staff": side == rules.OFFICE,
            "may_write": side == rules.OFFICE
            or policy.allows(request.user, "messages.write", case),
            "form": form,
            "upload_error": upload_error,
            "has_errors": has_errors,
        },
        status=400 if has_errors else 200,
    )
