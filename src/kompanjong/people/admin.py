from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from kompanjong.core.admin import AccessLoggedAdmin
from kompanjong.people.models import Account, Membership, Municipality, Organisation, Person


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("number", "name")
    search_fields = ("number", "name")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "municipality")
    list_filter = ("kind",)
    search_fields = ("name",)
    filter_horizontal = ("serves",)


@admin.register(Person)
class PersonAdmin(AccessLoggedAdmin):
    list_display = ("family_name", "given_name", "municipality", "preferred_language")
    search_fields = ("family_name", "given_name")
    list_select_related = ("municipality",)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Account)
class AccountAdmin(UserAdmin):
    list_display = ("username", "display_name", "person", "is_active", "is_superuser")
    search_fields = ("username", "display_name")
    ordering = ("username",)
    list_filter = ("is_active", "is_superuser")
    inlines = (MembershipInline,)
    fieldsets = (
        (None, {"fields": ("username", "password", "display_name", "person", "oidc_subject")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"fields": ("username", "password1", "password2")}),)
    raw_id_fields = ("person",)
