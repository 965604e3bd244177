from django.urls import path

from . import views

app_name = "signoff"

urlpatterns = [
    path("preview/approved/<int:approval_id>/", views.approved_version, name="approved_version"),
    path("preview/<slug:kind>/<int:object_id>/", views.preview, name="preview"),
]
