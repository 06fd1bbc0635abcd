from django.urls import path

from reglab.todo import views

app_name = "todo"
urlpatterns = [
    # Named "home" so the menu's "Start" is marked current here as on the public page.
    path("", views.start, name="home"),
    path("kansli/", views.inbox, name="inbox"),
]
