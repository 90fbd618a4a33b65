"""Template helpers for the accessible form components in core/components/."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


def describedby(field: BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.simple_tag
def field_widget(field: BoundField, css_class: str = "input", **attrs: str) -> SafeString:
    """Render a widget wired to its hint and error message (aria-describedby, aria-invalid)."""
    widget_attrs: dict[str, str | bool] = {"class": css_class, **attrs}
    if ids := describedby(field):
        widget_attrs["aria-describedby"] = ids
    if field.errors:
        widget_attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=widget_attrs)


@register.filter
def describedby_ids(field: BoundField) -> str:
    return describedby(field)
