from django.contrib import admin

from reglab.surveys.models import Question, RespondentGroup, Survey, SurveyAnswer


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


class GroupInline(admin.TabularInline):
    model = RespondentGroup
    extra = 0
    filter_horizontal = ["organisations"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_on", "closes_on", "audience", "anonymous"]
    inlines = [QuestionInline, GroupInline]
    filter_horizontal = ["recipients"]


@admin.register(SurveyAnswer)
class SurveyAnswerAdmin(admin.ModelAdmin):
    list_display = ["survey", "organisation", "status", "version", "updated_at"]
    list_filter = ["status"]
    # Submitted and decided through the survey services, never here.
    readonly_fields = ["data", "version", "status", "decided_at", "decided_by"]
