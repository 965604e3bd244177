"""The editors' admin for treatment content: areas with their benefits, risks, FAQs and questions to ask, and
history milestones."""

from django import forms
from django.contrib import admin
from django.db.models import OuterRef, Subquery

from editorial.admin import ContentAdmin, ContentInline, checks_note
from signoff.admin import ClinicalContentMixin
from signoff.models import ClinicalPage

from .models import Benefit, Faq, Milestone, Question, Risk, TreatmentArea, evidence_problem


class BenefitForm(forms.ModelForm):
    """A level of evidence above "No good studies yet" needs a source: said next to the level."""

    def clean(self):
        cleaned = super().clean()
        problem = evidence_problem(cleaned.get("evidence_level"), len(cleaned.get("sources") or []))
        if problem:
            self.add_error("evidence_level", problem)
        return cleaned


class BenefitInline(ContentInline):
    model = Benefit
    form = BenefitForm
    fields = ["title", "body", "evidence_level", "sources", "order"]
    autocomplete_fields = ["sources"]


class RiskInline(ContentInline):
    model = Risk
    fields = ["title", "body", "frequency", "frequency_source", "sources", "order"]
    autocomplete_fields = ["frequency_source", "sources"]


class FaqInline(ContentInline):
    model = Faq
    fields = ["question", "answer", "sources", "order"]
    autocomplete_fields = ["sources"]


class QuestionInline(ContentInline):
    model = Question
    fields = ["question", "why", "order"]
    verbose_name_plural = "questions to ask at the consultation (printed on one sheet: keep them short)"


def _page_of_area(field):
    """A column of the area's sign-off record, for the areas list (one subquery, not a query per row)."""
    return Subquery(ClinicalPage.objects.filter(kind="area", object_id=OuterRef("pk")).values(field)[:1])


@admin.register(TreatmentArea)
class TreatmentAreaAdmin(ClinicalContentMixin, ContentAdmin):
    list_display = ["name", "on_the_site", "order", "last_approved", "next_review_due", "waiting_since"]
    list_editable = ["order"]
    list_filter = ["published"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["evidence_sources"]
    inlines = [BenefitInline, RiskInline, FaqInline, QuestionInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "published", "order", "summary", "body"]}),
        ("What happens", {"fields": ["procedure", "sessions_downtime", "aftercare", "costs", "example_prices"]}),
        ("Evidence", {"fields": ["evidence_note", "evidence_sources"]}),
        ("Image", {"fields": ["image", "image_alt"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                approved_at=_page_of_area("live__approved_at"),
                review_due=_page_of_area("live__next_review_due"),
                submitted_at=_page_of_area("submitted_at"),
                page_published=_page_of_area("published"),
                live_approval=_page_of_area("live"),
            )
        )

    def get_fieldsets(self, request, obj=None):
        # super() adds the hidden version token's fieldset (CollisionGuardMixin): kept, after ours.
        first, *rest = super().get_fieldsets(request, obj)
        first = (first[0], {**first[1], "description": checks_note()})
        return [first, *rest] + ([("Reading age", {"fields": ["readability"]})] if obj else [])

    @admin.display(description="on the site", boolean=True)
    def on_the_site(self, area):
        """Whether patients can open it: approved and not taken down (a ticked Published alone is not enough)."""
        return bool(area.page_published and area.live_approval)

    @admin.display(description="last approved", ordering="approved_at")
    def last_approved(self, area):
        return area.approved_at

    @admin.display(description="next review due", ordering="review_due")
    def next_review_due(self, area):
        return area.review_due

    @admin.display(description="waiting for sign-off since", ordering="submitted_at")
    def waiting_since(self, area):
        return area.submitted_at


@admin.register(Benefit)
class BenefitAdmin(ClinicalContentMixin, ContentAdmin):
    form = BenefitForm
    autocomplete_fields = ["sources"]
    list_display = ["title", "area", "evidence_level", "order"]
    list_filter = ["area", "evidence_level"]
    search_fields = ["title", "body"]


@admin.register(Risk)
class RiskAdmin(ClinicalContentMixin, ContentAdmin):
    autocomplete_fields = ["frequency_source", "sources"]
    list_display = ["title", "area_or_general", "frequency", "order"]
    list_filter = ["area", "frequency"]
    search_fields = ["title", "body"]

    @admin.display(description="area", ordering="area__name")
    def area_or_general(self, risk):
        return risk.area or "All areas (safety page)"


@admin.register(Milestone)
class MilestoneAdmin(ClinicalContentMixin, ContentAdmin):
    autocomplete_fields = ["sources"]
    list_display = ["year", "title", "area", "order"]
    list_filter = ["area"]
    search_fields = ["title", "body"]


@admin.register(Faq)
class FaqAdmin(ClinicalContentMixin, ContentAdmin):
    list_display = ["question", "area", "order"]
    list_filter = ["area"]
    search_fields = ["question", "answer"]
    autocomplete_fields = ["sources"]


@admin.register(Question)
class QuestionAdmin(ClinicalContentMixin, ContentAdmin):
    list_display = ["question", "area", "order"]
    list_filter = ["area"]
    search_fields = ["question", "why"]
