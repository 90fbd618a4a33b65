from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kompanjong.core.models import AccessLog


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
