"""Editors' side of search: the synonyms, the answers for treatments we do not offer, and the searches
that found nothing, most frequent first."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from editorial.admin import ContentAdmin

from .models import MissedSearch, NotOffered, Synonym


@admin.register(Synonym)
class SynonymAdmin(SimpleHistoryAdmin):
    list_display = ["means", "words"]
    search_fields = ["words", "means"]


@admin.register(NotOffered)
class NotOfferedAdmin(ContentAdmin):
    list_display = ["title", "words"]
    search_fields = ["words", "title", "answer"]


@admin.register(MissedSearch)
class MissedSearchAdmin(admin.ModelAdmin):
    """What patients looked for and did not find: a reason to write a page, or a synonym."""

    list_display = ["words", "count", "first_searched", "last_searched"]
    search_fields = ["words"]
    date_hierarchy = "last_searched"
    readonly_fields = ["words", "count", "first_searched", "last_searched"]

    def get_queryset(self, request):
        return super().get_queryset(request).most_frequent()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
