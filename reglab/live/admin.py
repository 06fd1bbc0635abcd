from django.contrib import admin

from reglab.live.models import Answer, Option, Question, Room


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0
    fields = ["text", "date", "approved", "position"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "meeting", "kind", "status", "anonymous"]
    list_filter = ["kind", "status"]
    list_select_related = ["meeting"]
    search_fields = ["text", "meeting__title"]
    raw_id_fields = ["meeting", "item"]
    # Opened and closed by the host through the live services, never here.
    readonly_fields = ["status", "opened_at", "closed_at"]
    inlines = [OptionInline]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["code", "meeting", "created_at"]
    list_select_related = ["meeting"]
    fields = ["meeting", "code", "created_at"]
    readonly_fields = ["meeting", "code", "created_at"]

    def has_add_permission(self, request):
        # A room is made with its meeting; its fields are read-only here.
        return False


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["question", "text", "hidden", "updated_at"]
    list_filter = ["hidden"]
    list_select_related = ["question"]
    fields = ["question", "choice", "text", "volunteer_name", "volunteer_organisation", "hidden"]
    readonly_fields = ["question", "choice", "text", "volunteer_name", "volunteer_organisation"]

    def has_add_permission(self, request):
        # Answers come from participants; an empty one added here had no question (a 500).
        return False
