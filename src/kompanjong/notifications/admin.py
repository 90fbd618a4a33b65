"""The outbox in the admin site: for looking, plus one way to act (try a failed one again)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kompanjong.core.admin import AccessLoggedAdmin
from kompanjong.notifications.models import Notification, Status
from kompanjong.notifications.services import retry_notification
from kompanjong.people.models import Person


@admin.register(Notification)
class NotificationAdmin(AccessLoggedAdmin):
    access_object_type = "notification"

    list_display = [
        "id",
        "recipient",
        "template_key",
        "channel",
        "language",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "created_at",
    ]
    list_filter = ["status", "channel", "template_key", "language"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Notification._meta.fields]
    actions = ["retry_failed"]

    def subject_of(self, obj: Notification) -> Person:
        return obj.recipient

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Notifications are written by the services only, so they match a real event.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        # The outbox is also the record of what we told people.
        return False

    @admin.action(description=_("Try the selected failed notifications again"))
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        failed = list(queryset.filter(status=Status.FAILED))
        for notification in failed:
            retry_notification(notification)
        self.message_user(
            request,
            ngettext(
                "%(count)d notification will be tried again.",
                "%(count)d notifications will be tried again.",
                len(failed),
            )
            % {"count": len(failed)},
            messages.SUCCESS,
        )
