"""django-markdownx's preview and upload endpoints, for staff only (by default they answer anyone)."""

from django.urls import path
from markdownx.views import ImageUploadView

from treatments.admin_views import CheckedMarkdownifyView

from .views import staff_only

urlpatterns = [
    path("upload/", staff_only(ImageUploadView.as_view()), name="markdownx_upload"),
    # The preview also shows the claims checker's findings and the text's reading age.
    path("markdownify/", staff_only(CheckedMarkdownifyView.as_view()), name="markdownx_markdownify"),
]
