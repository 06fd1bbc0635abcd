from django.urls import path

from reglab.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_directory, name="list"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
]
