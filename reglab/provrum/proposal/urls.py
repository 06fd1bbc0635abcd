"""URLs for the proposal stage: included in reglab.provrum.urls (namespace provrum)."""

from django.urls import path

from reglab.provrum.proposal import discussion, views

urlpatterns = [
    path("nytt/", views.provrum_create, name="create"),
    path("liknande/", views.similar, name="similar"),
    path("kansli/", views.decision_queue, name="queue"),
    path("<id:pk>/", views.provrum_detail, name="detail"),
    path("<id:pk>/andra/", views.provrum_edit, name="edit"),
    path("<id:pk>/publicera/", views.provrum_publish, name="publish"),
    path("<id:pk>/aterkalla/", views.provrum_withdraw, name="withdraw"),
    path("<id:pk>/ta-bort/", views.provrum_delete_draft, name="delete_draft"),
    path("<id:pk>/intresse/", views.interest_register, name="interest"),
    path(
        "<id:pk>/intresse/<slug:organisation>/aterkalla/",
        views.interest_withdraw,
        name="interest_withdraw",
    ),
    path("<id:pk>/ledare/", views.leader_choose, name="leader"),
    path("<id:pk>/diskussion/", discussion.provrum_discussion, name="discussion"),
    path("<id:pk>/historik/", views.provrum_history, name="history"),
    path("<id:pk>/kommentarer/", discussion.comment_add, name="comment_add"),
    path(
        "<id:pk>/kommentarer/<id:comment_pk>/andra/",
        discussion.comment_edit,
        name="comment_edit",
    ),
    path(
        "<id:pk>/kommentarer/<id:comment_pk>/ta-bort/",
        discussion.comment_remove,
        name="comment_remove",
    ),
    path("<id:pk>/klartecken/", views.provrum_go_ahead, name="go_ahead"),
    path("<id:pk>/avboj/", views.provrum_decline, name="decline"),
    path("<id:pk>/forfallen/", views.provrum_lapse, name="lapse"),
]
