"""The frame every public page shares: the clinic's details and each page's editable text blocks."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from golive import examples
from outbox.services import site_sender
from workinghours.schedule import WEEKDAYS, Schedule, parse_day

from .aggregates import JSONArrayAgg, columns, instances, json_rows


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
        INFORMATION = "information", "About this information"
        ACCESSIBILITY = "accessibility", "Accessibility statement"

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
    PageText.Page.INFORMATION: "/about/this-information/",
    PageText.Page.ACCESSIBILITY: "/accessibility/",
}


class ClinicDetailsQuerySet(models.QuerySet):
    def with_page_blocks(self, page):
        """The clinic details and one page's text blocks in a single query."""
        blocks = json_rows(PageText.objects.filter(page=page), "page", columns(PageText))
        return self.with_example_flag().annotate(blocks_rows=blocks)

    def with_example_flag(self):
        """`example_site`: whether any example content is live (golive), in the same query."""
        return self.annotate(example_site=examples.any_live())


def validate_day_hours(value):
    try:
        parse_day(value)
    except ValueError as error:
        raise ValidationError(str(error)) from None


def day_hours(day, default):
    """One weekday's opening hours: text like "9:00-18:00" ("9:00-13:00, 14:00-17:30"); empty when closed."""
    return models.CharField(
        day.capitalize(), max_length=60, blank=True, default=default, validators=[validate_day_hours]
    )


# The opening hours a clinic starts with (and the example clinic in content/clinic.md has).
DEFAULT_HOURS = {day: "9:00-18:00" for day in WEEKDAYS[:5]} | {"saturday": "9:00-13:00", "sunday": ""}
HOURS_HELP = (
    "Like 9:00-18:00, or 9:00-13:00, 14:00-17:30 with a break; leave a day empty when the clinic is closed. "
    "Patients see these hours, and the time to answer an enquiry (ENQUIRY_RESPONSE_HOURS) counts only them, "
    "skipping the bank holidays listed under Bank holidays."
)


class ClinicDetails(models.Model):
    """The clinic's contact details and opening hours: one record, shown in the footer and on the enquiry page."""

    name = models.CharField(max_length=120)
    address = models.TextField(help_text="One line per address line.")
    phone = models.CharField(max_length=40)
    email = models.EmailField()
    monday = day_hours("monday", DEFAULT_HOURS["monday"])
    tuesday = day_hours("tuesday", DEFAULT_HOURS["tuesday"])
    wednesday = day_hours("wednesday", DEFAULT_HOURS["wednesday"])
    thursday = day_hours("thursday", DEFAULT_HOURS["thursday"])
    friday = day_hours("friday", DEFAULT_HOURS["friday"])
    saturday = day_hours("saturday", DEFAULT_HOURS["saturday"])
    sunday = day_hours("sunday", DEFAULT_HOURS["sunday"])
    is_example = models.BooleanField(
        "example details (not real)",
        default=False,
        help_text="Patients are told these are not real, and the site says it is an example. Untick once the "
        "name, address, phone and email above are the clinic's own.",
    )
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
        return cls.objects.with_example_flag().filter(pk=1).first()

    def page_blocks(self):
        """The blocks fetched by `with_page_blocks()`, by key."""
        return blocks_by_key(instances(PageText, getattr(self, "blocks_rows", None)))

    def address_lines(self):
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    def clean(self):
        if not any(getattr(self, day).strip() for day in WEEKDAYS):
            raise ValidationError("Give the opening hours of at least one day: the clinic is open some time.")

    def week(self):
        """Seven tuples of (opens, closes) minutes, Monday first (workinghours.schedule)."""
        week = []
        for day in WEEKDAYS:
            try:
                week.append(parse_day(getattr(self, day)))
            except ValueError:  # saved before the check, or by hand: read as closed, and said in the admin
                week.append(())
        return tuple(week)

    def schema_opening_hours(self):
        """schema.org openingHours for search engines: ["Mo-Fr 09:00-18:00", "Sa 09:00-13:00"]."""
        return Schedule(self.week(), frozenset(), local_zone()).schema_org()

    def opening_hours_lines(self):
        """The hours as patients read them: ["Monday to Friday: 9am to 6pm", …, "Bank holidays: closed"]."""
        return [*Schedule(self.week(), frozenset(), local_zone()).lines(), "Bank holidays: closed"]


class BankHoliday(models.Model):
    """A day the clinic is closed all day: response times do not count it."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=80, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = "bank holiday"
        verbose_name_plural = "bank holidays"

    def __str__(self):
        return f"{self.name or 'Bank holiday'} ({self.date:%d %b %Y})"


def local_zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def clinic_schedule():
    """The clinic's opening hours and bank holidays as a Schedule (one query; `frame.schedule()` keeps
    it until content changes). With no clinic details yet: the default hours. A timetable that is
    never open (which the admin refuses) counts every hour."""
    every_date = (
        BankHoliday.objects.order_by().annotate(all=models.Value(1)).values("all").annotate(dates=JSONArrayAgg("date"))
    )
    clinic = (
        ClinicDetails.objects.filter(pk=1)
        .annotate(holiday_dates=models.Subquery(every_date.values("dates")[:1], output_field=models.JSONField()))
        .first()
    )
    if clinic is None:
        week, dates = tuple(parse_day(DEFAULT_HOURS[day]) for day in WEEKDAYS), BankHoliday.objects.values_list("date")
        holidays = frozenset(date for (date,) in dates)
    else:
        week = clinic.week()
        holidays = frozenset(datetime.date.fromisoformat(str(day)[:10]) for day in clinic.holiday_dates or [])
    schedule = Schedule(week, holidays, local_zone())
    return schedule if schedule.is_ever_open() else Schedule.always_open(local_zone())


def clinic_email():
    """The clinic's own address, where the site's mail comes from when DEFAULT_FROM_EMAIL is unset."""
    clinic = ClinicDetails.load()
    return clinic.email if clinic else None


def clinic_and_sender():
    """The clinic's details (or None) and the address the site's mail comes from."""
    clinic = ClinicDetails.load()
    return clinic, site_sender(fallback=clinic.email if clinic else None)
