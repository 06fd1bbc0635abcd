from django.urls import path

from reglab.accounts import views

app_name = "accounts"
urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path(
        "anknytningar/<id:pk>/avsluta/",
        views.affiliation_withdraw_view,
        name="affiliation_withdraw",
    ),
    path("kansli/anknytningar/", views.affiliation_queue_view, name="affiliation_queue"),
    path(
        "kansli/anknytningar/<id:pk>/beslut/",
        views.affiliation_decide_view,
        name="affiliation_decide",
    ),
]
