from django.urls import include, path

from reglab.provrum import export_views, plan_views, views

app_name = "provrum"
urlpatterns = [
    path("", views.board, name="board"),
    path("nytt/", views.provrum_create, name="create"),
    path("liknande/", views.similar, name="similar"),
    path("kansli/", views.decision_queue, name="queue"),
    path("regler/", views.format_rules, name="format_rules"),
    path("kalender/", export_views.calendar, name="calendar"),
    path("kalender/<str:token>.ics", export_views.calendar_feed, name="calendar_feed"),
    path("<int:pk>/", views.provrum_detail, name="detail"),
    path("<int:pk>/andra/", views.provrum_edit, name="edit"),
    path("<int:pk>/publicera/", views.provrum_publish, name="publish"),
    path("<int:pk>/aterkalla/", views.provrum_withdraw, name="withdraw"),
    path("<int:pk>/intresse/", views.interest_register, name="interest"),
    path(
        "<int:pk>/intresse/<slug:organisation>/aterkalla/",
        views.interest_withdraw,
        name="interest_withdraw",
    ),
    path("<int:pk>/ledare/", views.leader_choose, name="leader"),
    path("<int:pk>/kommentarer/", views.comment_add, name="comment_add"),
    path(
        "<int:pk>/kommentarer/<int:comment_pk>/andra/",
        views.comment_edit,
        name="comment_edit",
    ),
    path(
        "<int:pk>/kommentarer/<int:comment_pk>/ta-bort/",
        views.comment_remove,
        name="comment_remove",
    ),
    path("<int:pk>/klartecken/", views.provrum_go_ahead, name="go_ahead"),
    path("<int:pk>/avboj/", views.provrum_decline, name="decline"),
    path("<int:pk>/forfallen/", views.provrum_lapse, name="lapse"),
    path("<int:pk>/plan/", plan_views.plan_edit, name="plan"),
    path("<int:pk>/plan/kontroll/", plan_views.plan_check_fragment, name="plan_check"),
    path("<int:pk>/plan/kommentarer/", plan_views.plan_comment, name="plan_comment"),
    path("<int:pk>/plan/godkann/", plan_views.plan_approve, name="plan_approve"),
    path("<int:pk>/plan/skicka-tillbaka/", plan_views.plan_return, name="plan_return"),
    path("<int:pk>/plan/versioner/", plan_views.plan_versions, name="plan_versions"),
    path("<int:pk>/plan.docx", export_views.plan_docx, name="plan_docx"),
    path("<int:pk>/plan.pdf", export_views.plan_pdf, name="plan_pdf"),
    path("<int:pk>/budget.xlsx", export_views.budget_xlsx, name="budget_xlsx"),
    path("<int:pk>/budget.csv", export_views.budget_csv, name="budget_csv"),
    path("<int:pk>/kalender.ics", export_views.calendar_ics, name="calendar_ics"),
    # Running (meetings, documents, status), the final report, dissemination and survey.
    path("", include("reglab.provrum.work_urls")),
    path("", include("reglab.provrum.report_urls")),
    path("", include("reglab.provrum.close_urls")),
]
