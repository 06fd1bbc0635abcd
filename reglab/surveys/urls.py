"""The surveys' pages under /enkater/."""

from django.urls import path

from reglab.surveys import meeting_views, views

app_name = "surveys"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("ny/", views.survey_create, name="create"),
    path("<id:pk>/", views.survey_detail, name="detail"),
    path("<id:pk>/paminn/", views.survey_remind, name="remind"),
    path("<id:pk>/svar/<slug:organisation>/", views.answer_edit, name="answer"),
    path("<id:pk>/resultat/", views.survey_results, name="results"),
    path("<id:pk>/resultat.csv", views.survey_export, {"fmt": "csv"}, name="export_csv"),
    path("<id:pk>/resultat.xlsx", views.survey_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("moten/<id:pk>/bifoga/", meeting_views.attach, name="meeting_attach"),
    path(
        "moten/<id:pk>/bifogade/<id:link>/skarm/",
        meeting_views.show_on_screen,
        name="meeting_screen",
    ),
    path("moten/<id:pk>/bifogade/<id:link>/ta-bort/", meeting_views.detach, name="meeting_detach"),
]
