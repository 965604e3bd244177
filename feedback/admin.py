"""Editors and clinical reviewers read the feedback on each page: every answer, and counts over time."""

from django.contrib import admin

from .models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Read-only: what patients said stays as they said it (less any contact details, removed on arrival)."""

    list_display = ["created_at", "page", "answer", "reason", "comment"]
    list_filter = ["helpful", "reason", "created_at", "page_record"]
    search_fields = ["page", "comment"]
    date_hierarchy = "created_at"
    readonly_fields = ["page", "page_record", "helpful", "reason", "comment", "created_at"]
    change_list_template = "admin/feedback/feedback/change_list.html"

    @admin.display(description="helpful?", boolean=True, ordering="helpful")
    def answer(self, feedback):
        return feedback.helpful

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """Above the answers: each page's Yes and No counts, this month against the month before."""
        pages = list(Feedback.objects.by_page()[:50])
        return super().changelist_view(request, {**(extra_context or {}), "pages": pages})
