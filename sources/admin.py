"""Sources in the admin: editors keep them, and cite them from benefits, risks, evidence notes and milestones."""

from django.contrib import admin

from editorial.admin import ContentAdmin
from signoff.admin import ClinicalContentMixin

from .models import Source

CITED_BY = (
    "cited_by_benefits",
    "cited_by_risks",
    "frequency_of_risks",
    "cited_by_milestones",
    "cited_by_evidence_notes",
)


@admin.register(Source)
class SourceAdmin(ClinicalContentMixin, ContentAdmin):
    list_display = ["key", "authors", "year", "title", "kind", "checked"]
    list_filter = ["kind"]
    search_fields = ["key", "title", "authors", "publisher"]
    fieldsets = [
        (None, {"fields": ["title", "authors", "publisher", "year", "link", "kind", "checked", "key"]}),
    ]
    prepopulated_fields = {"key": ["authors", "year"]}

    def has_delete_permission(self, request, obj=None):
        # A cited source is part of what patients read and what clinicians approved: uncite it first.
        if obj is not None and any(getattr(obj, name).exists() for name in CITED_BY):
            return False
        return super().has_delete_permission(request, obj)
