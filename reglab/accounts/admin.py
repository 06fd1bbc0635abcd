from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from reglab.accounts.addresses import person_address_vouched
from reglab.accounts.models import Affiliation, User


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    fk_name = "person"
    extra = 0
    fields = ["organisation", "status", "role_description", "decided_at", "decided_by"]
    # The status moves only through the services (the office's queue): they record
    # who decided and when, and tell the person.
    readonly_fields = ["status", "decided_at", "decided_by"]
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_office", "is_staff", "is_active", "last_login"]
    list_filter = ["is_office", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "name"]
    inlines = [AffiliationInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal information"), {"fields": ["name", "title"]}),
        (
            _("Roles"),
            {"fields": ["is_active", "is_office", "is_staff", "is_superuser", "groups"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            # The office made the account for a person it knows, not the open
            # sign-up: nobody else chose its password, so the address counts as proven.
            person_address_vouched(person=obj)

    def has_change_permission(self, request, obj=None):
        # Only superusers change superusers: otherwise the office could set a
        # superuser's password or e-mail address and sign in as them.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        # Only superusers hand out superuser and staff rights.
        if request.user.is_superuser:
            return ["last_login", "date_joined"]
        return ["last_login", "date_joined", "is_superuser", "is_staff", "groups"]


@admin.register(Affiliation)
class AffiliationAdmin(SimpleHistoryAdmin):
    list_display = ["person", "organisation", "status", "requested_at", "decided_at"]
    list_filter = ["status", "organisation__membership"]
    search_fields = ["person__email", "person__name", "organisation__name"]
    autocomplete_fields = ["person", "organisation"]
    list_select_related = ["person", "organisation"]
    # Decided in the office's queue (services.affiliation_confirm, _reject), never here.
    readonly_fields = ["status", "requested_at", "decided_at", "decided_by"]
