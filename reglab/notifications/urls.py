from django.urls import path

from reglab.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list_view, name="list"),
    path("<id:pk>/", views.notification_open_view, name="open"),
    path("las-alla/", views.notification_mark_all_read_view, name="mark_all_read"),
    path("installningar/", views.notification_settings_view, name="settings"),
]
