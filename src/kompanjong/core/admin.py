from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kompanjong.core.audit import record_access
from kompanjong.core.models import AccessLog


class AccessLoggedAdmin(admin.ModelAdmin):
    """Admin pages about one person's data are staff reads too: they go in the access log.

    `get_object` is the admin's one way to load a single object for its pages, so the read is
    logged there; a saved change is logged as a change.
    """

    access_object_type = "person.profile"

    def subject_of(self, obj: Any) -> Any:
        return obj

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "GET":
            self._log(request, obj, "read")
        return obj

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change:
            self._log(request, obj, "change")

    def _log(self, request: HttpRequest, obj: Any, action: str) -> None:
        record_access(
            actor=request.user,
            subject=self.subject_of(obj),
            action=action,
            object_type=self.access_object_type,
            object_id=obj.pk,
        )


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the access log is append-only and only services write it."""

    list_display = ("at", "actor_label", "action", "object_type", "subject", "channel")
    list_filter = ("action", "channel", "object_type")
    list_select_related = ("subject",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
