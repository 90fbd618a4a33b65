"""The message form. Files are read by the view (see `uploads_from`); the text is checked here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kompanjong.core.forms import OnceForm

from . import rules

PHOTOS = "photos"
FILES = "files"


class MessageTextField(forms.CharField):
    def to_python(self, value: Any) -> str:
        # Browsers send line breaks as \r\n; count them as one character, as people see them.
        return str(super().to_python(value)).replace("\r\n", "\n")

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # No maxlength in the browser: it cuts pasted text off silently. We say what to do.
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class MessageForm(OnceForm):  # the same form sent twice stores one message
    text = MessageTextField(
        label=_("Your message"),
        help_text=_("Write what you want to ask or tell NAV."),
        required=False,
        max_length=rules.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        error_messages={
            "max_length": _(
                "Your message is %(show_value)d characters long. It can be at most "
                "%(limit_value)d. Make it shorter, or send it as two messages."
            ),
        },
    )

    def __init__(self, *args: Any, has_files: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_files = has_files

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "text" in cleaned and not cleaned["text"] and not self.has_files:
            self.add_error("text", self.empty_message())
        return cleaned

    def empty_message(self) -> str:
        return str(_("Write a message, or add a file."))


class OfficeMessageForm(MessageForm):
    """The office answers in words; documents to the citizen go as letters, not here."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = _(
            "The person is told by SMS, email or letter that there is a new message, "
            "but not what it says."
        )

    def empty_message(self) -> str:
        return str(_("Write a message."))
