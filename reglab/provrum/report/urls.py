"""URLs for the final report: included in reglab.provrum.urls (namespace provrum)."""

from django.urls import path

from reglab.provrum.report import views as report_views

urlpatterns = [
    path("<id:pk>/slutrapport/", report_views.report_edit, name="report"),
    path(
        "<id:pk>/slutrapport/kontroll/",
        report_views.report_check_fragment,
        name="report_check",
    ),
    path(
        "<id:pk>/slutrapport/kommentarer/",
        report_views.report_comment,
        name="report_comment",
    ),
    path("<id:pk>/slutrapport/godkann/", report_views.report_approve, name="report_approve"),
    path(
        "<id:pk>/slutrapport/skicka-tillbaka/",
        report_views.report_return,
        name="report_return",
    ),
    path(
        "<id:pk>/slutrapport/versioner/",
        report_views.report_versions,
        name="report_versions",
    ),
]
