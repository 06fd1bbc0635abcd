from django.urls import include, path

from reglab.provrum import export_views, views
from reglab.provrum.format_rules import views as format_rules_views
from reglab.provrum.plan import views as plan_views

app_name = "provrum"
urlpatterns = [
    path("", views.board, name="board"),
    path("regler/", format_rules_views.format_rules, name="format_rules"),
    path("kalender/", export_views.calendar, name="calendar"),
    path("kalender/ny-adress/", export_views.calendar_feed_reset, name="calendar_feed_reset"),
    path("kalender/<str:token>.ics", export_views.calendar_feed, name="calendar_feed"),
    # The proposal: the form, the provrum page, the group, the discussion, the decision.
    path("", include("reglab.provrum.proposal.urls")),
    path("<id:pk>/plan/", plan_views.plan_edit, name="plan"),
    path("<id:pk>/plan/kontroll/", plan_views.plan_check_fragment, name="plan_check"),
    path("<id:pk>/plan/kommentarer/", plan_views.plan_comment, name="plan_comment"),
    path("<id:pk>/plan/godkann/", plan_views.plan_approve, name="plan_approve"),
    path("<id:pk>/plan/skicka-tillbaka/", plan_views.plan_return, name="plan_return"),
    path("<id:pk>/plan/versioner/", plan_views.plan_versions, name="plan_versions"),
    path("<id:pk>/plan.docx", export_views.plan_docx, name="plan_docx"),
    path("<id:pk>/plan.pdf", export_views.plan_pdf, name="plan_pdf"),
    path("<id:pk>/budget.xlsx", export_views.budget_xlsx, name="budget_xlsx"),
    path("<id:pk>/budget.csv", export_views.budget_csv, name="budget_csv"),
    path("<id:pk>/kalender.ics", export_views.calendar_ics, name="calendar_ics"),
    # Running (meetings, documents, status), the final report, dissemination and survey.
    path("", include("reglab.provrum.running.urls")),
    path("", include("reglab.provrum.report.urls")),
    path("", include("reglab.provrum.closing.urls")),
]
