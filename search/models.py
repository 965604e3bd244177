"""Site search: what patients can read now, one row per section of a page, and what editors keep for it.

`Entry` rows are an index, rebuilt from what each page shows patients now (search.indexing: a clinical
page's live approval, a directly published page's rows), never edited.
Editors keep the `Synonym`s and the `NotOffered` answers; `MissedSearch` counts the searches that found
nothing, without anything that could say who searched.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords


class Entry(models.Model):
    """One section of a page patients can read now: where it is, and its words as plain text."""

    page_key = models.CharField(max_length=60, db_index=True)  # "area:3", "safety", "team"
    approval_id = models.PositiveBigIntegerField(null=True)  # the live approval indexed, for clinical pages
    url = models.CharField(max_length=300)  # "/treatments/hair-loss/#risks"
    page_title = models.CharField(max_length=200)
    section = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    boost = models.FloatField(default=1.0)
    # PostgreSQL only: title and body as its full-text search reads them, weighted, kept with the row
    # (search.indexing). On SQLite the FTS5 table search_entry_fts does this job, and this stays empty.
    document = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "entries"

    def __str__(self):
        return f"{self.page_title}: {self.title or self.section}"


def alternatives(words):
    """The comma-separated alternatives of an editor's list, each in lower case with single spaces."""
    return [" ".join(item.lower().split()) for item in words.split(",") if item.strip()]


class Synonym(models.Model):
    """Words patients use for what the site calls something else: "hair thinning" is hair loss."""

    words = models.CharField(
        max_length=300,
        help_text="What patients may type, separated by commas: hair thinning, thinning hair, balding.",
    )
    means = models.CharField(max_length=100, help_text="The words the site's pages use for it: hair loss.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["means"]

    def __str__(self):
        return f"{self.words} → {self.means}"

    def alternatives(self):
        return alternatives(self.words)


class NotOffered(models.Model):
    """A treatment the clinic does not offer, and what a patient who searches for it reads."""

    words = models.CharField(
        max_length=300, help_text="What patients may type for it, separated by commas: fat dissolving, lipolysis."
    )
    title = models.CharField(max_length=120, help_text="What patients read as the heading: Fat-dissolving injections.")
    answer = MarkdownxField(help_text='Start with "We do not offer this." Then say why, and where to find advice.')

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = "treatment we do not offer"
        verbose_name_plural = "treatments we do not offer"

    def __str__(self):
        return self.title

    def alternatives(self):
        return alternatives(self.words)


class MissedSearchQuerySet(models.QuerySet):
    def most_frequent(self):
        return self.order_by("-count", "-last_searched", "words")


class MissedSearch(models.Model):
    """Words patients searched for and found nothing: email addresses and phone numbers removed, and
    nothing about who searched (no address, no cookie, no time of day)."""

    words = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=1)
    first_searched = models.DateField()
    last_searched = models.DateField()

    objects = MissedSearchQuerySet.as_manager()

    class Meta:
        ordering = ["-count", "-last_searched", "words"]
        verbose_name = "search that found nothing"
        verbose_name_plural = "searches that found nothing"

    def __str__(self):
        return self.words


class LoadedWords(models.Model):
    """A synonym or an answer that load_content made from content/search.md, so that one an editor
    deleted is not made again."""

    key = models.CharField(max_length=120, unique=True)  # "synonym:hair thinning"

    def __str__(self):
        return self.key
