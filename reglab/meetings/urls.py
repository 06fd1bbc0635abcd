from django.urls import path

from reglab.meetings import host_views, views

app_name = "meetings"

urlpatterns = [
    path("natverk/", views.network_list, name="networks"),
    path("natverk/<slug:slug>/", views.network_detail, name="network"),
    path("natverk/<slug:slug>/kalender.ics", views.network_ics, name="network_ics"),
    path("natverk/<slug:slug>/ga-med/", views.network_join, name="network_join"),
    path("natverk/<slug:slug>/lamna/", views.network_leave, name="network_leave"),
    path(
        "natverk/<slug:slug>/personer/<id:person_pk>/",
        views.network_member_roles,
        name="network_member_roles",
    ),
    path("moten/", views.meeting_list, name="list"),
    path("moten/nytt/", host_views.meeting_create, name="create"),
    path("moten/anmalan/<str:token>/", views.registration_detail, name="registration"),
    path("moten/<id:pk>/", views.meeting_detail, name="detail"),
    path("moten/<id:pk>/anmal/", views.meeting_register, name="register"),
    path("moten/<id:pk>/avanmal/", views.meeting_cancel, name="cancel"),
    path("moten/<id:pk>/kalender.ics", views.meeting_ics, name="ics"),
    path("moten/<id:pk>/bilder/<id:attachment_pk>/", views.slide_download, name="slide"),
    path("moten/<id:pk>/vard/", host_views.meeting_host, name="host"),
    path("moten/<id:pk>/vard/andra/", host_views.meeting_edit, name="edit"),
    path("moten/<id:pk>/vard/publicera/", host_views.meeting_publish, name="publish"),
    path("moten/<id:pk>/vard/punkter/", host_views.item_add, name="item_add"),
    path(
        "moten/<id:pk>/vard/punkter/<id:item_pk>/ta-bort/",
        host_views.item_remove,
        name="item_remove",
    ),
    path(
        "moten/<id:pk>/vard/punkter/<id:item_pk>/bilder/",
        host_views.slide_add,
        name="slide_add",
    ),
    path("moten/<id:pk>/vard/fragor/", host_views.question_add, name="question_add"),
    path(
        "moten/<id:pk>/vard/fragor/<id:question_pk>/ta-bort/",
        host_views.question_remove,
        name="question_remove",
    ),
    path(
        "moten/<id:pk>/vard/dokumentation/",
        host_views.documentation_save,
        name="documentation",
    ),
    path("moten/<id:pk>/vard/deltagare/", host_views.participants, name="participants"),
    path(
        "moten/<id:pk>/vard/deltagare/<id:registration_pk>/avanmal/",
        host_views.participant_cancel,
        name="participant_cancel",
    ),
    path(
        "moten/<id:pk>/vard/deltagare.csv",
        host_views.participants_export,
        {"file_format": "csv"},
        name="participants_csv",
    ),
    path(
        "moten/<id:pk>/vard/deltagare.xlsx",
        host_views.participants_export,
        {"file_format": "xlsx"},
        name="participants_xlsx",
    ),
    path("moten/<id:pk>/vard/namnlista/", host_views.name_list, name="name_list"),
]
