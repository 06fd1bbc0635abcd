from django.urls import path

from reglab.provrum import views

app_name = "provrum"
urlpatterns = [
    path("", views.board, name="board"),
    path("nytt/", views.provrum_create, name="create"),
    path("liknande/", views.similar, name="similar"),
    path("kansli/", views.decision_queue, name="queue"),
    path("regler/", views.format_rules, name="format_rules"),
    path("<int:pk>/", views.provrum_detail, name="detail"),
    path("<int:pk>/andra/", views.provrum_edit, name="edit"),
    path("<int:pk>/publicera/", views.provrum_publish, name="publish"),
    path("<int:pk>/aterkalla/", views.provrum_withdraw, name="withdraw"),
    path("<int:pk>/intresse/", views.interest_register, name="interest"),
    path(
        "<int:pk>/intresse/<slug:organisation>/aterkalla/",
        views.interest_withdraw,
        name="interest_withdraw",
    ),
    path("<int:pk>/ledare/", views.leader_choose, name="leader"),
    path("<int:pk>/kommentarer/", views.comment_add, name="comment_add"),
    path(
        "<int:pk>/kommentarer/<int:comment_pk>/andra/",
        views.comment_edit,
        name="comment_edit",
    ),
    path(
        "<int:pk>/kommentarer/<int:comment_pk>/ta-bort/",
        views.comment_remove,
        name="comment_remove",
    ),
    path("<int:pk>/klartecken/", views.provrum_go_ahead, name="go_ahead"),
    path("<int:pk>/avboj/", views.provrum_decline, name="decline"),
    path("<int:pk>/forfallen/", views.provrum_lapse, name="lapse"),
]
