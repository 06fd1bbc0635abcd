"""The office's evaluation of the provrum format: the dashboard and its exports."""

from django.urls import path

from reglab.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    # /utvardering/grundfinansiering.csv?period=2024, /utvardering/alla-figurer.xlsx …
    path("<slug:figure>.<slug:fmt>", views.export, name="export"),
]
