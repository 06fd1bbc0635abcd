from django.urls import path

from reglab.accounts import directory as views

# Under /organisationer/, named as the organisations app's pages always were.
app_name = "organisations"
urlpatterns = [
    path("", views.organisation_directory, name="list"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
]
