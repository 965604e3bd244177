"""The editors' endpoints: django-markdownx's preview and upload (staff only; by default they
answer anyone), and the claims checker's rules beside the admin."""

from django.contrib import admin
from django.urls import path
from markdownx.views import ImageUploadView

from .admin_views import CheckedMarkdownifyView, claims_rules, staff_only
from .forms import MarkdownImageForm

urlpatterns = [
    # A refused file (an SVG drawing, say) is explained in words an editor understands.
    path(
        "markdownx/upload/",
        staff_only(ImageUploadView.as_view(form_class=MarkdownImageForm)),
        name="markdownx_upload",
    ),
    # The preview also shows the claims checker's findings and the text's reading age.
    path("markdownx/markdownify/", staff_only(CheckedMarkdownifyView.as_view()), name="markdownx_markdownify"),
    path("admin/claims-rules/", admin.site.admin_view(claims_rules), name="claims_rules"),
]
