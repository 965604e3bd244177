"""The frame every public page shares: the clinic's details and each page's editable text blocks."""

import logging

from django.conf import settings
from django.db import models
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from .aggregates import columns, instances, json_rows

logger = logging.getLogger(__name__)

# Django's own default sender: used only when neither DEFAULT_FROM_EMAIL nor the clinic's email is
# set, so that the mail is still stored, and its failure shown, rather than dropped.
FALLBACK_SENDER = "webmaster@localhost"


def blocks_by_key(blocks):
    """Blocks by key, with "_" for "-" so that templates can name them (blocks.how_long)."""
    return {block.key.replace("-", "_"): block for block in blocks}


class PageTextQuerySet(models.QuerySet):
    def blocks_for(self, page):
        """The page's blocks by key, for templates that ask for them by name."""
        return blocks_by_key(self.filter(page=page))


class PageText(models.Model):
    class Page(models.TextChoices):
        HOME = "home", "Home page"
        TREATMENTS = "treatments", "Treatments list"
        HISTORY = "history", "History"
        SAFETY = "safety", "Safety"
        TEAM = "team", "Our team"
        PRIVACY = "privacy", "Privacy notice"
        ENQUIRE = "enquire", "Enquiry form"
        THANKS = "thanks", "Enquiry sent"
        UNDER18 = "under18", "Under-18 answer"

    page = models.CharField(max_length=20, choices=Page.choices)
    key = models.SlugField(max_length=40, help_text="Where the page shows this block. Do not change it.")
    title = models.CharField(max_length=200, blank=True)
    body = MarkdownxField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageTextQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["page", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["page", "key"], name="unique_page_text_key")]
        verbose_name = "page text"
        verbose_name_plural = "page texts"

    def __str__(self):
        return f"{self.get_page_display()}: {self.title or self.key}"

    def get_absolute_url(self):
        return PAGE_PATHS[self.page]


# Where each page's blocks are shown: paths from the public URL contract (PRODUCT.md), which
# stay fixed, so this app needs no other app's route names.
PAGE_PATHS = {
    PageText.Page.HOME: "/",
    PageText.Page.TREATMENTS: "/treatments/",
    PageText.Page.HISTORY: "/about/history/",
    PageText.Page.SAFETY: "/about/safety/",
    PageText.Page.TEAM: "/about/team/",
    PageText.Page.PRIVACY: "/privacy/",
    PageText.Page.ENQUIRE: "/enquire/",
    PageText.Page.THANKS: "/enquire/thanks/",
    PageText.Page.UNDER18: "/enquire/",
}


class ClinicDetailsQuerySet(models.QuerySet):
    def with_page_blocks(self, page):
        """The clinic details and one page's text blocks in a single query."""
        return self.annotate(blocks_rows=json_rows(PageText.objects.filter(page=page), "page", columns(PageText)))


class ClinicDetails(models.Model):
    """The clinic's contact details: one record, shown in the footer and on the enquiry page."""

    name = models.CharField(max_length=120)
    address = models.TextField(help_text="One line per address line.")
    phone = models.CharField(max_length=40)
    email = models.EmailField()
    opening_hours = models.TextField(help_text="One line per day or range of days.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClinicDetailsQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = "clinic details"
        verbose_name_plural = "clinic details"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1  # one record, whatever the admin or the loader asks
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        return cls.objects.filter(pk=1).first()

    def page_blocks(self):
        """The blocks fetched by `with_page_blocks()`, by key."""
        return blocks_by_key(instances(PageText, getattr(self, "blocks_rows", None)))

    def address_lines(self):
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    def opening_hours_lines(self):
        return [line.strip() for line in self.opening_hours.splitlines() if line.strip()]


def clinic_and_sender():
    """The clinic's details (or None) and the address the site's mail comes from."""
    clinic = ClinicDetails.load()
    clinic_email = clinic.email if clinic else None
    sender = settings.DEFAULT_FROM_EMAIL or clinic_email
    if not sender:
        logger.error("event=mail_sender_missing fix=set_DEFAULT_FROM_EMAIL_or_the_clinic_email")
    return clinic, sender or FALLBACK_SENDER
