"""The editors' admin: every word of the site, in Markdown with a live preview."""

from itertools import groupby

from django import forms
from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget
from simple_history.admin import SimpleHistoryAdmin

from . import claims, review
from .models import Benefit, ClinicDetails, Faq, Milestone, PageText, ReviewStatus, Risk, TreatmentArea
from .page_copy import markdown_fields, readability_rows
from .readability import TARGET_READING_AGE

MARKDOWN_EDITOR = {MarkdownxField: {"widget": AdminMarkdownxWidget}}
CHECKS_NOTE = (
    'The preview under each text box flags wording that overclaims (see the <a href="{}">claims checker '
    "rules</a>) and shows its reading age."
)
REVIEW_FIELDS = ["mark_reviewed", "last_reviewed", "reviewer_name", "reviewer_role", "next_review_due"]


def checks_note():
    return format_html(CHECKS_NOTE, reverse("admin:treatments_claims_rules"))


def form_warnings(form):
    """What the editor should reconsider in one saved form: flagged claims, a benefit with no evidence level."""
    model, obj = form._meta.model, form.instance
    for field, finding in claims.check_values(model, form.cleaned_data):
        yield f'Check the wording in {model._meta.verbose_name} "{obj}", {field.verbose_name}: {finding}'
    if model is Benefit and not form.cleaned_data.get("evidence_level"):
        yield f'Benefit "{obj}" has no evidence level. Patients should see how strong the evidence is for it.'


def saved_forms(formset):
    deleted = set(formset.deleted_forms) if formset.can_delete else set()
    return [
        form for form in formset.forms if form.instance.pk and form not in deleted and hasattr(form, "cleaned_data")
    ]


class ContentAdmin(SimpleHistoryAdmin):
    """Markdown fields get django-markdownx's editor with live preview; every change is kept.

    Saving checks the wording (claims checker) and warns without refusing: the editor
    decides. The change form shows each Markdown field's reading age.
    """

    formfield_overrides = MARKDOWN_EDITOR

    class Media:
        js = ["js/admin-unsaved.js"]
        css = {"all": ["css/admin-content.css"]}

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and markdown_fields(self.model):
            fields.append("readability")
        return fields

    @admin.display(description="reading age")
    def readability(self, obj):
        rows = readability_rows(obj)
        return render_to_string(
            "admin/treatments/_readability.html", {"rows": rows, "target": TARGET_READING_AGE, "whole_page": True}
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for saved in [form] + [inline for formset in formsets for inline in saved_forms(formset)]:
            for warning in form_warnings(saved):
                messages.warning(request, warning)


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


class ContentInline(admin.StackedInline):
    extra = 0
    formfield_overrides = MARKDOWN_EDITOR


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

    def get_urls(self):
        rules = path(
            "claims-rules/", self.admin_site.admin_view(self.claims_rules_view), name="treatments_claims_rules"
        )
        return [rules, *super().get_urls()]

    def claims_rules_view(self, request):
        """Every rule of the claims checker, for editors, grouped by category."""
        categories = [(label, list(rules)) for label, rules in groupby(claims.rules(), key=lambda r: r.category_label)]
        context = {**self.admin_site.each_context(request), "title": "Claims checker rules", "categories": categories}
        return TemplateResponse(request, "admin/treatments/claims_rules.html", context)

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


@admin.register(PageText)
class PageTextAdmin(ReviewAdminMixin, ContentAdmin):
    list_display = ["page", "key", "title", "order", "updated_at"]
    list_filter = ["page"]
    search_fields = ["title", "body"]
    readonly_fields = ["page", "key"]

    def get_readonly_fields(self, request, obj=None):
        # The page and key say where a template shows the block: fixed once it exists.
        return super().get_readonly_fields(request, obj) if obj else []

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(None, {"fields": ["page", "key", "title", "body", "order"], "description": checks_note()})]
        if obj and obj.holds_page_review():
            description = f"The review dates of the whole {obj.get_page_display().lower()} page, shown at its foot."
            fieldsets.append(("Page review", {"fields": REVIEW_FIELDS, "description": description}))
        if obj:
            fieldsets.append(("Reading age", {"fields": ["readability"]}))
        return fieldsets


@admin.register(ClinicDetails)
class ClinicDetailsAdmin(ContentAdmin):
    list_display = ["name", "phone", "email"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ClinicDetails.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
