from django.urls import path

from reglab.privacy import views

app_name = "privacy"
urlpatterns = [
    path("konto/mina-uppgifter/", views.my_data, name="my_data"),
    path("konto/mina-uppgifter/radera/", views.request_erasure, name="request_erasure"),
    path("konto/kansli/radering/", views.erasure_queue, name="erasure_queue"),
    path("konto/kansli/radering/<id:pk>/", views.erasure_carry_out, name="erasure_carry_out"),
]
