from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reglab.organisations.models import Organisation, OrganisationName


class OrganisationNameInline(admin.TabularInline):
    model = OrganisationName
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "membership", "is_region", "county_code"]
    list_filter = ["membership", "kind", "is_region"]
    search_fields = ["name", "short_name", "slug", "email_domains"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationNameInline]
