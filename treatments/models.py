"""Treatment content: each area with its benefits, risks, FAQs, questions to ask and history milestones.

These rows are the working copy that editors change; patients read the approved versions
(signoff), assembled for each page as `treatments.page_kinds` declares.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from editorial.images import ImageWithRenditions
from sources.models import Source


class AreaPartQuerySet(models.QuerySet):
    """Risks, FAQs and milestones: each belongs to one area, or to none (shown on the general pages)."""

    def general(self):
        """Not tied to one treatment area."""
        return self.filter(area__isnull=True)


class TreatmentArea(ImageWithRenditions):
    IMAGE_FOLDER = "areas"

    name = models.CharField(max_length=80)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="The end of the address: hair-loss gives /treatments/hair-loss/. Changing it breaks old links.",
    )
    summary = models.CharField(
        max_length=300, help_text="One or two plain sentences, shown on cards and to search engines."
    )
    body = MarkdownxField(help_text="What this treatment is for, and who it may or may not suit.")
    procedure = MarkdownxField("what happens on the day", blank=True)
    sessions_downtime = MarkdownxField("sessions and downtime", blank=True)
    aftercare = MarkdownxField(blank=True, help_text="Include when to call the clinic and when to get urgent help.")
    costs = MarkdownxField(
        "what it costs",
        blank=True,
        help_text="The consultation, each session, a typical course, top-ups, and what cancelling costs.",
    )
    example_prices = models.BooleanField(
        "prices are examples (not real)",
        default=False,
        help_text="Patients are told these prices are not real. Untick once they are the clinic's own.",
    )
    evidence_note = MarkdownxField("honest note on the evidence", blank=True)
    evidence_sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="cited_by_evidence_notes",
        verbose_name="sources for the evidence note",
        help_text="The reviews and studies the note on the evidence rests on.",
    )
    order = models.PositiveSmallIntegerField("display order", default=0)
    published = models.BooleanField(
        default=False,
        help_text="Untick to take the page off the site at once. Putting it on the site needs clinical approval.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[evidence_sources])

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "treatment area"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("treatments:detail", kwargs={"slug": self.slug})


class Benefit(models.Model):
    class Evidence(models.TextChoices):
        # From least to most: none of them says more than the research shows.
        NONE = "none", "No good studies yet"
        LIMITED = "limited", "A little research, not strong"
        MIXED = "mixed", "Mixed results"
        GOOD = "good", "Good research"

    # What each level means, in the words a patient reads beside the benefit.
    EVIDENCE_EXPLANATIONS = {
        Evidence.NONE: "No good studies have tested this yet.",
        Evidence.LIMITED: "A few small studies suggest it, but they are not strong enough to be sure.",
        Evidence.MIXED: "Some studies found this and others did not.",
        Evidence.GOOD: "Several good studies found this.",
    }

    area = models.ForeignKey(TreatmentArea, on_delete=models.CASCADE, related_name="benefits")
    title = models.CharField(max_length=150)
    body = MarkdownxField()
    evidence_level = models.CharField(
        max_length=10,
        choices=Evidence.choices,
        default=Evidence.NONE,
        help_text="How strong the research is. Patients see it beside the benefit. "
        "Any level above the first needs at least one source.",
    )
    sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="cited_by_benefits",
        help_text="The research this benefit rests on. Patients see a numbered link to each.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.area.get_absolute_url() + "#benefits"

    def evidence_explanation(self):
        return self.EVIDENCE_EXPLANATIONS.get(self.evidence_level, "")


def evidence_problem(level, source_count):
    """Why a benefit with this level and this many sources may not be saved, or None."""
    if level and level != Benefit.Evidence.NONE and not source_count:
        label = Benefit.Evidence(level).label
        return (
            f'"{label}" needs at least one source that shows it. '
            f'Choose the source, or choose "{Benefit.Evidence.NONE.label}".'
        )
    return None


# How common a risk is. In words alone when nobody has counted; with a figure only when a
# cited source gives it (the source patients can check is `frequency_source`).
FREQUENCY_WORDS = [
    ("very-common", "Very common"),
    ("common", "Common"),
    ("uncommon", "Uncommon"),
    ("rare", "Rare"),
    ("very-rare", "Very rare"),
    ("unknown", "Not known: there are no reliable figures"),
]
FREQUENCY_FIGURES = [
    ("figure-very-common", "Very common: more than 1 in 10 people"),
    ("figure-common", "Common: up to 1 in 10 people"),
    ("figure-uncommon", "Uncommon: up to 1 in 100 people"),
    ("figure-rare", "Rare: up to 1 in 1,000 people"),
    ("figure-very-rare", "Very rare: up to 1 in 10,000 people"),
]


def frequency_problem(frequency, source_id):
    """Why a risk with this frequency and this figure source may not be saved, or None."""
    if frequency in dict(FREQUENCY_FIGURES) and not source_id:
        return (
            "A figure needs the source it comes from: choose the source for the figure, "
            "or choose words without a figure."
        )
    return None


class Risk(models.Model):
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
    frequency = models.CharField(
        "how common",
        max_length=20,
        choices=[("Words only", FREQUENCY_WORDS), ("A figure from a cited source", FREQUENCY_FIGURES)],
        default="unknown",
    )
    frequency_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="frequency_of_risks",
        verbose_name="source for the figure",
        help_text="Required with a figure: the study or guidance the figure comes from.",
    )
    sources = models.ManyToManyField(
        Source, blank=True, related_name="cited_by_risks", help_text="Sources for what the text says."
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = AreaPartQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.area_id:
            return self.area.get_absolute_url() + "#risks"
        return reverse("treatments:safety") + "#general-risks"

    def clean(self):
        problem = frequency_problem(self.frequency, self.frequency_source_id)
        if problem:
            raise ValidationError({"frequency": problem})

    def frequency_label(self):
        """How common, as patients read it: a figure only beside the source it comes from, else words."""
        if self.frequency in dict(FREQUENCY_FIGURES) and not self.frequency_source_id:
            return dict(FREQUENCY_WORDS)[self.frequency.removeprefix("figure-")]
        return self.get_frequency_display()


class Milestone(models.Model):
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text='Leave empty for where things stand now: patients read "Today".'
    )
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
    sources = models.ManyToManyField(
        Source, blank=True, related_name="cited_by_milestones", help_text="Where the date and the event are recorded."
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = AreaPartQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        # The present day ("Today", no year) comes last.
        ordering = [models.F("year").asc(nulls_last=True), "order", "pk"]
        verbose_name = "history milestone"

    def __str__(self):
        return f"{self.when()}: {self.title}"

    def get_absolute_url(self):
        return reverse("treatments:history") + f"#milestone-{self.pk}"

    def when(self):
        return self.year or "Today"


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
    sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="cited_by_faqs",
        help_text="What the answer rests on. An answer that is the clinic's own practice says so instead.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = AreaPartQuerySet.as_manager()

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


class Question(models.Model):
    """A question to ask at the consultation, on its area's page (id="questions"): what helps a patient
    judge a practitioner and a treatment before agreeing to it."""

    area = models.ForeignKey(TreatmentArea, on_delete=models.CASCADE, related_name="questions")
    question = models.CharField(max_length=200, help_text="In the words a patient would say it: Who will inject me?")
    why = models.CharField(
        "why ask it",
        max_length=250,
        blank=True,
        help_text="One short sentence, or none: what the answer tells the patient. The questions print on one sheet.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "question to ask"
        verbose_name_plural = "questions to ask"

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return self.area.get_absolute_url() + "#questions"


class LoadedContent(models.Model):
    """What `load_content` last wrote for one object, so it can tell an editor's change from its own."""

    key = models.CharField(max_length=255, unique=True)
    fingerprint = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.key
