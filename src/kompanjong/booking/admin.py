from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kompanjong.core.admin import AccessLoggedAdmin

from .models import AvailabilityException, AvailabilityRule, Booking, Resource


class RuleInline(admin.TabularInline):
    model = AvailabilityRule
    extra = 0


class ExceptionInline(admin.TabularInline):
    model = AvailabilityException
    extra = 0


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "service_at_location", "slot_minutes", "active")
    list_filter = ("active",)
    list_select_related = ("organisation", "service_at_location__service")
    search_fields = ("name",)
    raw_id_fields = ("service_at_location", "helper")
    inlines = [RuleInline, ExceptionInline]


@admin.register(Booking)
class BookingAdmin(AccessLoggedAdmin):
    """Read-only: bookings are made and changed only through the services, which keep them
    from overlapping (on SQLite nothing else would). Opening one is logged."""

    access_object_type = "booking"
    list_display = ("starts_at", "resource", "status", "channel", "on_behalf")
    list_filter = ("status", "channel")
    list_select_related = ("resource",)
    date_hierarchy = "starts_at"

    def subject_of(self, obj: Any) -> Any:
        return obj.person

    def _log(self, request: HttpRequest, obj: Any, action: str) -> None:
        if obj.person_id is not None:  # a guest has no access log
            super()._log(request, obj, action)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
