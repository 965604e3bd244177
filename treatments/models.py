"""The site's editable content: treatment areas and everything a patient reads."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from editorial.images import ImageRenditionsMixin, validate_image_upload

from .aggregates import columns, instances, json_rows
from .references import parse_references

# --- Review cycle ---------------------------------------------------------------------
# A clinician reviews each patient page once a year; the admin flags it 30 days before.
REVIEW_DUE_SOON_DAYS = 30


class ReviewStatus(models.TextChoices):
    OVERDUE = "overdue", "Overdue or never reviewed"
    DUE_SOON = "due-soon", f"Due within {REVIEW_DUE_SOON_DAYS} days"
    OK = "ok", "Up to date"


def a_year_after(day):
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


class ReviewQuerySetMixin:
    def review_status(self, status, today=None):
        """Pages in one review status. No due date counts as overdue: nobody has signed the page off."""
        today = today or timezone.localdate()
        soon = today + datetime.timedelta(days=REVIEW_DUE_SOON_DAYS)
        return self.filter(
            {
                ReviewStatus.OVERDUE: models.Q(next_review_due__lt=today) | models.Q(next_review_due__isnull=True),
                ReviewStatus.DUE_SOON: models.Q(next_review_due__gte=today, next_review_due__lte=soon),
                ReviewStatus.OK: models.Q(next_review_due__gt=soon),
            }[status]
        )

    def review_due(self, today=None):
        """Overdue, never reviewed, or due within the warning period."""
        soon = (today or timezone.localdate()) + datetime.timedelta(days=REVIEW_DUE_SOON_DAYS)
        return self.filter(models.Q(next_review_due__isnull=True) | models.Q(next_review_due__lte=soon))


class ReviewMixin:
    """For models with last_reviewed, reviewer_name, reviewer_role and next_review_due."""

    def review_status(self, today=None):
        today = today or timezone.localdate()
        if self.next_review_due is None or self.next_review_due < today:
            return ReviewStatus.OVERDUE
        if self.next_review_due <= today + datetime.timedelta(days=REVIEW_DUE_SOON_DAYS):
            return ReviewStatus.DUE_SOON
        return ReviewStatus.OK

    def mark_reviewed(self, name, role, today=None):
        """Signed off today by `name` (`role`); next review in a year. The caller saves."""
        today = today or timezone.localdate()
        self.last_reviewed = today
        self.reviewer_name = name
        self.reviewer_role = role
        self.next_review_due = a_year_after(today)


class OrderedQuerySet(models.QuerySet):
    def general(self):
        """Not tied to one treatment area."""
        return self.filter(area__isnull=True)


class TreatmentAreaQuerySet(ReviewQuerySetMixin, models.QuerySet):
    def published(self):
        """What the public sees: the one definition, used by views, sitemap and tests."""
        return self.filter(published=True)

    def with_content(self):
        """Each area with everything its page shows, in one query however much there is."""
        return self.annotate(
            **{
                f"{name}_rows": json_rows(model.objects.filter(area=models.OuterRef("pk")), "area", columns(model))
                for name, model in (("benefits", Benefit), ("risks", Risk), ("faqs", Faq), ("milestones", Milestone))
            }
        )


class TreatmentArea(ReviewMixin, ImageRenditionsMixin, models.Model):
    name = models.CharField(max_length=80)
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Part of the address: /treatments/<slug>/. Changing it breaks old links."
    )
    summary = models.CharField(
        max_length=300, help_text="One or two plain sentences, shown on cards and to search engines."
    )
    body = MarkdownxField(help_text="What this treatment is for, and who it may or may not suit.")
    procedure = MarkdownxField("what happens on the day", blank=True)
    sessions_downtime = MarkdownxField("sessions and downtime", blank=True)
    aftercare = MarkdownxField(blank=True, help_text="Include when to call the clinic and when to get urgent help.")
    evidence_note = MarkdownxField("honest note on the evidence", blank=True)
    image = models.ImageField(upload_to="areas/", blank=True, validators=[validate_image_upload])
    image_alt = models.CharField(
        "image description (alt text)",
        max_length=200,
        blank=True,
        help_text="Describe the image for people who cannot see it. Required with an image.",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_renditions = models.JSONField(default=list, blank=True, editable=False)
    order = models.PositiveSmallIntegerField("display order", default=0)
    published = models.BooleanField(default=False, help_text="Only published areas are shown to the public.")
    last_reviewed = models.DateField(null=True, blank=True)
    reviewer_name = models.CharField(max_length=120, blank=True)
    reviewer_role = models.CharField(max_length=120, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TreatmentAreaQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "treatment area"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("treatments:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.image and not self.image_alt.strip():
            raise ValidationError({"image_alt": "Describe the image for people who cannot see it."})

    def _children(self, name, model):
        """From `with_content()`'s rows when the area was fetched with them, else a query."""
        if hasattr(self, f"{name}_rows"):
            return instances(model, getattr(self, f"{name}_rows"))
        return list(getattr(self, name).all())

    @cached_property
    def benefit_list(self):
        return self._children("benefits", Benefit)

    @cached_property
    def risk_list(self):
        return self._children("risks", Risk)

    @cached_property
    def faq_list(self):
        return self._children("faqs", Faq)

    @cached_property
    def milestone_list(self):
        return self._children("milestones", Milestone)


class Benefit(models.Model):
    class Evidence(models.TextChoices):
        GOOD = "good", "Good evidence"
        MIXED = "mixed", "Mixed evidence"
        LIMITED = "limited", "Limited evidence"
        NONE = "none", "No reliable evidence yet"

    # What each level means, in the words a patient reads beside the benefit.
    EVIDENCE_EXPLANATIONS = {
        Evidence.GOOD: "Several good studies show this.",
        Evidence.MIXED: "Some studies show this and others do not.",
        Evidence.LIMITED: "Only a few small studies show this.",
        Evidence.NONE: "No good studies have shown this yet.",
    }

    area = models.ForeignKey(TreatmentArea, on_delete=models.CASCADE, related_name="benefits")
    title = models.CharField(max_length=150)
    body = MarkdownxField()
    evidence_level = models.CharField(
        max_length=10,
        choices=Evidence.choices,
        blank=True,
        help_text="How strong the research is. Patients see it beside the benefit.",
    )
    references = models.TextField(
        blank=True, help_text="Optional. One per line: Title | https://link or DOI (10.1234/...)."
    )
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.area.get_absolute_url() + "#benefits"

    def clean(self):
        errors = parse_references(self.references)[1]
        if errors:
            raise ValidationError({"references": errors})

    def editor_warnings(self):
        """Shown to the editor after saving (editorial.admin.ContentAdmin)."""
        if not self.evidence_level:
            yield f'Benefit "{self}" has no evidence level. Patients should see how strong the evidence is for it.'

    def evidence_explanation(self):
        return self.EVIDENCE_EXPLANATIONS.get(self.evidence_level, "")

    def reference_list(self):
        return parse_references(self.references)[0]


class Risk(models.Model):
    class Frequency(models.TextChoices):
        VERY_COMMON = "very-common", "Very common (more than 1 in 10 people)"
        COMMON = "common", "Common (up to 1 in 10 people)"
        UNCOMMON = "uncommon", "Uncommon (up to 1 in 100 people)"
        RARE = "rare", "Rare (up to 1 in 1,000 people)"
        UNKNOWN = "unknown", "Not known"

    area = models.ForeignKey(
        TreatmentArea,
        on_delete=models.CASCADE,
        related_name="risks",
        null=True,
        blank=True,
        help_text="Leave empty for a risk common to all areas (shown on the safety page).",
    )
    title = models.CharField(max_length=150)
    body = MarkdownxField()
    frequency = models.CharField("how common", max_length=12, choices=Frequency.choices, default=Frequency.UNKNOWN)
    order = models.PositiveSmallIntegerField(default=0)

    objects = OrderedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.area_id:
            return self.area.get_absolute_url() + "#risks"
        return reverse("treatments:safety") + "#general-risks"


class Milestone(models.Model):
    year = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=150)
    body = MarkdownxField(blank=True)
    area = models.ForeignKey(
        TreatmentArea,
        on_delete=models.SET_NULL,
        related_name="milestones",
        null=True,
        blank=True,
        help_text="Optional: also shown on this area's page.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = OrderedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "order", "pk"]
        verbose_name = "history milestone"

    def __str__(self):
        return f"{self.year}: {self.title}"

    def get_absolute_url(self):
        return reverse("treatments:history") + f"#milestone-{self.pk}"


class Faq(models.Model):
    question = models.CharField(max_length=200)
    answer = MarkdownxField()
    area = models.ForeignKey(
        TreatmentArea,
        on_delete=models.CASCADE,
        related_name="faqs",
        null=True,
        blank=True,
        help_text="Leave empty for a general question (shown on the treatments page).",
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = OrderedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        if self.area_id:
            return self.area.get_absolute_url() + "#faq"
        return reverse("treatments:list") + "#faq"


class LoadedContent(models.Model):
    """What `load_content` last wrote for one object, so it can tell an editor's change from its own."""

    key = models.CharField(max_length=255, unique=True)
    digest = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.key
