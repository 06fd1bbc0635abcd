"""URLs for close: included in reglab.provrum.urls (namespace provrum)."""

from django.urls import path

from reglab.provrum.closing import views as close_views

urlpatterns = [
    path("<id:pk>/spridning/", close_views.dissemination, name="dissemination"),
    path("<id:pk>/spridning/avsluta/", close_views.close, name="close"),
    path("<id:pk>/enkat/", close_views.survey, name="survey"),
]
