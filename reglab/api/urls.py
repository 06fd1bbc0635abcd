"""The person's API tokens, under /konto/api-nycklar/."""

from django.urls import path

from reglab.api import views

app_name = "apitokens"
urlpatterns = [
    path("", views.token_list, name="list"),
    path("<id:pk>/aterkalla/", views.token_revoke, name="revoke"),
]
