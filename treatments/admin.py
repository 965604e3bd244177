"""The editors' admin for treatment content: areas with their benefits, risks and FAQs, and history milestones."""

from django import forms
from django.contrib import admin, messages

from editorial.admin import ContentAdmin, ContentInline, checks_note

from . import review
from .models import Benefit, Faq, Milestone, ReviewStatus, Risk, TreatmentArea

REVIEW_FIELDS = ["mark_reviewed", "last_reviewed", "reviewer_name", "reviewer_role", "next_review_due"]


class ReviewForm(forms.ModelForm):
    mark_reviewed = forms.BooleanField(
        label="Mark as reviewed today",
        required=False,
        help_text="Sets the review date to today, you as the reviewer, and the next review to a year from today.",
    )


class ReviewAdminMixin:
    """A "Mark as reviewed today" box on the change form that signs the page off as the logged-in user."""

    form = ReviewForm

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("mark_reviewed"):
            note = review.mark_reviewed(
                obj, request.user, role=obj.reviewer_role, role_edited="reviewer_role" in form.changed_data
            )
            if note:
                messages.warning(request, note)
        super().save_model(request, obj, form, change)


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review due"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return ReviewStatus.choices

    def queryset(self, request, queryset):
        return queryset.review_status(self.value()) if self.value() in ReviewStatus.values else queryset


class BenefitInline(ContentInline):
    model = Benefit
    fields = ["title", "body", "evidence_level", "references", "order"]


class RiskInline(ContentInline):
    model = Risk
    fields = ["title", "body", "frequency", "order"]


class FaqInline(ContentInline):
    model = Faq
    fields = ["question", "answer", "order"]


@admin.register(TreatmentArea)
class TreatmentAreaAdmin(ReviewAdminMixin, ContentAdmin):
    list_display = ["name", "published", "order", "last_reviewed", "next_review_due", "review_status"]
    list_editable = ["order"]
    list_filter = ["published", ReviewDueFilter, "last_reviewed"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [BenefitInline, RiskInline, FaqInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "published", "order", "summary", "body"]}),
        ("What happens", {"fields": ["procedure", "sessions_downtime", "aftercare"]}),
        ("Evidence", {"fields": ["evidence_note"]}),
        ("Image", {"fields": ["image", "image_alt"]}),
        ("Review", {"fields": REVIEW_FIELDS}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "description": checks_note()} if name is None else options)
            for name, options in self.fieldsets
        ]
        return fieldsets + ([("Reading age", {"fields": ["readability"]})] if obj else [])

    @admin.display(description="review")
    def review_status(self, area):
        return area.review_status().label


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
