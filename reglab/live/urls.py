from django.urls import path

from reglab.live import host_views, views

app_name = "live"

urlpatterns = [
    path("delta/", views.join, name="join"),
    path("delta/<str:code>/", views.room, name="room"),
    path("delta/<str:code>/qr.svg", views.qr_code, name="qr"),
    path("delta/<str:code>/fragor/<id:qid>/svar/", views.answer, name="answer"),
    path("delta/<str:code>/fragor/<id:qid>/forslag/", views.suggest, name="suggest"),
    path("skarm/<str:token>/", host_views.screen, name="screen"),
    path("skarm/<str:token>/resultat/", host_views.screen_results, name="screen_results"),
    path("moten/<id:pk>/live/", host_views.host, name="host"),
    path("moten/<id:pk>/live/resultat/", host_views.results, name="results"),
    path("moten/<id:pk>/live/resultat.csv", host_views.results_csv, name="results_csv"),
    path("moten/<id:pk>/live/resultat.xlsx", host_views.results_xlsx, name="results_xlsx"),
    path("moten/<id:pk>/live/ny-kod/", host_views.renew_code, name="renew"),
    path("moten/<id:pk>/live/fragor/", host_views.question_add, name="question_add"),
    path("moten/<id:pk>/live/fran-banken/", host_views.bank_add, name="bank_add"),
    path(
        "moten/<id:pk>/live/fragor/<id:qid>/spara-i-banken/",
        host_views.bank_save,
        name="bank_save",
    ),
    path(
        "moten/<id:pk>/live/fragor/<id:qid>/nasta-traff/",
        host_views.next_meeting,
        name="next_meeting",
    ),
    path(
        "moten/<id:pk>/live/fragor/<id:qid>/<str:action>/",
        host_views.question_action,
        name="question_action",
    ),
    path("moten/<id:pk>/live/svar/<id:aid>/dolj/", host_views.answer_hide, name="answer_hide"),
    path(
        "moten/<id:pk>/live/forslag/<id:oid>/",
        host_views.suggestion_decide,
        name="suggestion_decide",
    ),
]
