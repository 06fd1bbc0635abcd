from django.contrib import admin

from reglab.notifications.models import Notification, NotificationSettings


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notifications are made from provrum events, never by hand."""

    list_display = [
        "created_at",
        "recipient",
        "kind",
        "provrum",
        "meeting",
        "read_at",
        "emailed_at",
    ]
    list_filter = ["kind", "created_at", "emailed_at"]
    list_select_related = ["recipient", "provrum", "meeting"]
    search_fields = ["recipient__email", "recipient__name", "provrum__title"]
    date_hierarchy = "created_at"
    fields = [
        "recipient",
        "provrum",
        "meeting",
        "event",
        "kind",
        "created_at",
        "read_at",
        "emailed_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "email_frequency", "new_proposals", "language", "updated_at"]
    list_filter = ["email_frequency", "new_proposals"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__name"]
    raw_id_fields = ["user"]
