"""A source: a publication or guidance that a claim on a patient page cites, so that anyone can check it."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

_DOI = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$", re.IGNORECASE)


def link_url(link):
    """A DOI as its https://doi.org/ address, an http(s) link as it is; None for anything else."""
    link = (link or "").strip()
    doi = _DOI.match(link)
    if doi:
        return f"https://doi.org/{doi.group(1)}"
    return link if _URL.match(link) else None


class Source(models.Model):
    class Kind(models.TextChoices):
        SYSTEMATIC_REVIEW = "systematic-review", "Systematic review"
        RANDOMISED_TRIAL = "randomised-trial", "Randomised trial"
        OBSERVATIONAL_STUDY = "observational-study", "Observational study"
        GUIDELINE = "guideline", "Guideline"
        EXPERT_REVIEW = "expert-review", "Expert review"
        # A society's position or consensus paper: what experts think, not what a study found.
        EXPERT_OPINION = "expert-opinion", "Expert opinion"
        # Gathered case reports: what can happen, not how often.
        CASE_REPORTS = "case-reports", "Review of case reports"
        PATIENT_INFORMATION = "patient-information", "Patient information"

    key = models.SlugField(
        max_length=60,
        unique=True,
        help_text="A short name, like mammucari-2020: content files cite the source by it.",
    )
    title = models.CharField(max_length=300)
    authors = models.CharField("authors or organisation", max_length=300)
    publisher = models.CharField("publisher or journal", max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    link = models.CharField(
        "URL or DOI",
        max_length=300,
        blank=True,
        help_text="Where anyone can read it: https://... or a DOI like 10.1155/2020/3542848.",
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    checked = models.DateField(
        "date checked", help_text="When someone last opened it and checked that it says what we cite it for."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["authors", "year", "pk"]

    def __str__(self):
        return f"{self.authors} ({self.year or 'no date'}). {self.title}"

    def clean(self):
        if self.link and link_url(self.link) is None:
            raise ValidationError({"link": 'Give a web address starting with https:// or a DOI like "10.1234/abc".'})

    def url(self):
        return link_url(self.link) or ""

    def title_sentence(self):
        """The title ending as a sentence does, without doubling a question or exclamation mark."""
        return self.title if self.title.endswith((".", "?", "!")) else f"{self.title}."
