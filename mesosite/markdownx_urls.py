"""django-markdownx's preview and upload endpoints, for staff only (by default they answer anyone)."""

from django.urls import path
from markdownx.views import ImageUploadView, MarkdownifyView

from .views import staff_only

urlpatterns = [
    path("upload/", staff_only(ImageUploadView.as_view()), name="markdownx_upload"),
    path("markdownify/", staff_only(MarkdownifyView.as_view()), name="markdownx_markdownify"),
]
