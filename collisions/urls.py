"""The presence endpoint, under /admin/ with the pages that use it."""

from django.urls import path

from . import views

app_name = "collisions"

urlpatterns = [
    path("admin/presence/", views.beat, name="presence"),
]
