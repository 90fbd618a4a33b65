"""Template helpers for the accessible form components in core/components/."""

from __future__ import annotations

from django import forms, template
from django.forms import BoundField
from django.utils.safestring import SafeString

from kompanjong.core.formatting import phone_for_reading

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


@register.filter
def component(field: BoundField) -> str:
    """Which form component template renders this field."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "core/components/checkboxes.html"
    if isinstance(widget, forms.RadioSelect):
        return "core/components/radios.html"
    if isinstance(widget, forms.Textarea):
        return "core/components/textarea.html"
    if isinstance(widget, forms.Select):
        return "core/components/select.html"
    return "core/components/text.html"


@register.filter
def get_item(mapping: dict[str, str], key: str) -> str:
    return mapping.get(key, "") if mapping else ""


@register.filter
def phone(number: str) -> str:
    return phone_for_reading(number or "")
