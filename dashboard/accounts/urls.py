"""Sign-in and session URLs."""

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.sign_in, name="login"),
    path("logout/", views.sign_out, name="logout"),
    path("location/", views.choose_location, name="choose_location"),
    path("refresh/", views.refresh_rights, name="refresh_rights"),
]
