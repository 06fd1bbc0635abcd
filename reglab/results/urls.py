"""Public results: the results index, a result page, the Atom feed, the newsletter draft."""

from django.urls import path

from reglab.results import views
from reglab.results.feeds import ResultFeed

app_name = "results"
urlpatterns = [
    path("", views.index, name="index"),
    path("flode.atom", ResultFeed(), name="feed"),
    path("nyhetsbrev/", views.newsletter, name="newsletter"),
    path("nyhetsbrev/utkast.html", views.newsletter_file, {"fmt": "html"}, name="newsletter_html"),
    path("nyhetsbrev/utkast.txt", views.newsletter_file, {"fmt": "txt"}, name="newsletter_txt"),
    path(
        "nyhetsbrev/forhandsvisning/",
        views.newsletter_file,
        {"fmt": "preview"},
        name="newsletter_preview",
    ),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/bilagor/<id:document_pk>/", views.attachment, name="attachment"),
]
