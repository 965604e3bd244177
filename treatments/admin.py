"""The editors' admin: every word of the site, in Markdown with a live preview."""

from django.contrib import admin
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget
from simple_history.admin import SimpleHistoryAdmin

from .models import Benefit, ClinicDetails, Faq, Milestone, PageText, Risk, TreatmentArea

MARKDOWN_EDITOR = {MarkdownxField: {"widget": AdminMarkdownxWidget}}


class ContentAdmin(SimpleHistoryAdmin):
    """Markdown fields get django-markdownx's editor with live preview; every change is kept."""

    formfield_overrides = MARKDOWN_EDITOR


class BenefitInline(admin.StackedInline):
    model = Benefit
    extra = 0
    formfield_overrides = MARKDOWN_EDITOR
    fields = ["title", "body", "evidence_level", "order"]


class RiskInline(admin.StackedInline):
    model = Risk
    extra = 0
    formfield_overrides = MARKDOWN_EDITOR
    fields = ["title", "body", "frequency", "order"]


class FaqInline(admin.StackedInline):
    model = Faq
    extra = 0
    formfield_overrides = MARKDOWN_EDITOR
    fields = ["question", "answer", "order"]


@admin.register(TreatmentArea)
class TreatmentAreaAdmin(ContentAdmin):
    list_display = ["name", "published", "order", "last_reviewed", "next_review_due"]
    list_editable = ["order"]
    list_filter = ["published", "last_reviewed", "next_review_due"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [BenefitInline, RiskInline, FaqInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "published", "order", "summary", "body"]}),
        ("What happens", {"fields": ["procedure", "sessions_downtime", "aftercare"]}),
        ("Evidence", {"fields": ["evidence_note"]}),
        ("Image", {"fields": ["image", "image_alt"]}),
        ("Review", {"fields": ["last_reviewed", "reviewer_name", "reviewer_role", "next_review_due"]}),
    ]


@admin.register(Benefit)
class BenefitAdmin(ContentAdmin):
    list_display = ["title", "area", "evidence_level", "order"]
    list_filter = ["area", "evidence_level"]
    search_fields = ["title", "body"]


@admin.register(Risk)
class RiskAdmin(ContentAdmin):
    list_display = ["title", "area_or_general", "frequency", "order"]
    list_filter = ["area", "frequency"]
    search_fields = ["title", "body"]

    @admin.display(description="area", ordering="area__name")
    def area_or_general(self, risk):
        return risk.area or "All areas (safety page)"


@admin.register(Milestone)
class MilestoneAdmin(ContentAdmin):
    list_display = ["year", "title", "area", "order"]
    list_filter = ["area"]
    search_fields = ["title", "body"]


@admin.register(Faq)
class FaqAdmin(ContentAdmin):
    list_display = ["question", "area", "order"]
    list_filter = ["area"]
    search_fields = ["question", "answer"]


@admin.register(PageText)
class PageTextAdmin(ContentAdmin):
    list_display = ["page", "key", "title", "order", "updated_at"]
    list_filter = ["page"]
    search_fields = ["title", "body"]
    readonly_fields = ["page", "key"]

    def get_readonly_fields(self, request, obj=None):
        # The page and key say where a template shows the block: fixed once it exists.
        return self.readonly_fields if obj else []


@admin.register(ClinicDetails)
class ClinicDetailsAdmin(ContentAdmin):
    list_display = ["name", "phone", "email"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ClinicDetails.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
