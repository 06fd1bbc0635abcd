from django.contrib import admin

from reglab.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "prefix",
        "person",
        "name",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_select_related = ["person"]
    search_fields = ["person__email", "prefix"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    fields = [
        "person",
        "name",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]

    def has_add_permission(self, request):
        # Tokens are created with `manage.py api_token`, which shows the secret once.
        return False
