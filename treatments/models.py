"""Treatment content: each area with its benefits, risks, questions and history milestones.

These rows are the working copy that editors change; patients read the approved versions
(signoff), assembled for each page as `treatments.page_kinds` declares.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from editorial.images import ImageRenditionsMixin, validate_image_upload

from .references import parse_references


class OrderedQuerySet(models.QuerySet):
    def general(self):
        """Not tied to one treatment area."""
        return self.filter(area__isnull=True)


class TreatmentArea(ImageRenditionsMixin, models.Model):
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
    published = models.BooleanField(
        default=False,
        help_text="Untick to take the page off the site at once. Putting it on the site needs clinical approval.",
    )
    updated_at = models.DateTimeField(auto_now=True)

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
