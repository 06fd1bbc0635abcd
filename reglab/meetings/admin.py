from django.contrib import admin

from reglab.meetings.models import (
    HostQuestion,
    Meeting,
    Network,
    NetworkMembership,
    ProgrammeItem,
    Registration,
    Speaker,
)


class NetworkMembershipInline(admin.TabularInline):
    model = NetworkMembership
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "is_coordinator", "is_contact", "left_at"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["organisations"]
    inlines = [NetworkMembershipInline]


class ProgrammeItemInline(admin.TabularInline):
    model = ProgrammeItem
    extra = 0
    fields = ["day", "start_time", "title", "kind"]
    show_change_link = True


class HostQuestionInline(admin.TabularInline):
    model = HostQuestion
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    """For repairs; hosts use the meeting's own pages, which check the rules."""

    list_display = ["title", "date", "network", "kind", "visibility", "capacity"]
    list_filter = ["kind", "visibility", "network"]
    search_fields = ["title"]
    date_hierarchy = "date"
    inlines = [ProgrammeItemInline, HostQuestionInline]


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "start_time", "kind"]
    list_select_related = ["meeting"]
    inlines = [SpeakerInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "meeting", "status", "created_at", "confirmed_at"]
    list_filter = ["status"]
    list_select_related = ["meeting"]
    search_fields = ["name", "email", "meeting__title"]
    # Seats and the queue move through services.registration (which locks the meeting).
    readonly_fields = ["token", "status"]
