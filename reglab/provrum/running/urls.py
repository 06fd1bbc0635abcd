"""URLs for running a provrum: included in reglab.provrum.urls (namespace provrum)."""

from django.urls import path

from reglab.provrum.running import views as work_views

urlpatterns = [
    path("<id:pk>/genomforande/", work_views.running, name="running"),
    path("<id:pk>/genomforande/moten/", work_views.meeting_add, name="meeting_add"),
    path(
        "<id:pk>/genomforande/moten/fran-planen/",
        work_views.meeting_from_plan,
        name="meeting_from_plan",
    ),
    path(
        "<id:pk>/genomforande/moten/<id:meeting_pk>/",
        work_views.meeting_edit,
        name="meeting_edit",
    ),
    path(
        "<id:pk>/genomforande/moten/<id:meeting_pk>/ta-bort/",
        work_views.meeting_delete,
        name="meeting_delete",
    ),
    path("<id:pk>/genomforande/dokument/", work_views.document_upload, name="document_upload"),
    path("<id:pk>/dokument/<id:document_pk>/", work_views.document_download, name="document"),
    path(
        "<id:pk>/dokument/<id:document_pk>/ta-bort/",
        work_views.document_delete,
        name="document_delete",
    ),
    path("<id:pk>/genomforande/status/", work_views.status_post, name="status_post"),
]
