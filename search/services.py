"""Searching, one function per action: `search()` answers a patient's query; `record_missed()` counts a
search that found nothing, for editors."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ops.redaction import remove_contact_details
from pagecache.cache import remembered

from . import backends
from .models import Entry, MissedSearch, NotOffered, Synonym
from .spelling import Vocabulary
from .text import STOPWORDS, words

MAX_CHARACTERS = 200  # of a query read at all: a longer one is cut here
MAX_WORDS = 10
MAX_WORD_LENGTH = 40  # longer than any word patients mean
RESULTS = 12
PER_PAGE = 2  # sections of one page among the results, so that other pages are seen too


@dataclass
class Answer:
    """What /search/ shows for one query."""

    query: str = ""  # what was searched for, as read: shown back to the patient
    hits: list = field(default_factory=list)
    not_offered: list = field(default_factory=list)
    searched_for: str = ""  # with typos corrected and synonyms applied, when that differs from `query`
    message: str = ""  # about the query itself: empty, too long, nothing readable

    @property
    def found_nothing(self):
        return bool(self.query) and not self.hits and not self.not_offered


def read_query(raw):
    """(the words searched for, a message about the query or ""): each word once, at most MAX_WORDS."""
    raw = raw or ""
    if not raw.strip():
        return [], ""
    found = [word for word in dict.fromkeys(words(raw[:MAX_CHARACTERS])) if len(word) <= MAX_WORD_LENGTH]
    if not found:
        if len(raw) > MAX_CHARACTERS:
            return [], "That search was too long for us to read. Try a word or two, like bruising or hair loss."
        return [], "We could not find any words in that search. Try a word or two, like bruising or hair loss."
    if len(raw) > MAX_CHARACTERS or len(found) > MAX_WORDS:
        found = found[:MAX_WORDS]
        return found, f"That search was long, so we searched for its first {len(found)} word{pluralize(len(found))}."
    return found, ""


def editors_words():
    """The synonyms and the treatments we do not offer, kept in this process until content changes."""
    return remembered("search:editors-words", lambda: (list(Synonym.objects.all()), list(NotOffered.objects.all())))


_vocabulary = {"key": None, "value": None}


def vocabulary(synonyms, not_offered):
    """The words patients may mean (search.spelling), built again only when the index or editors' words change.

    The index changes only with content, so whether it did is asked once per content change (`remembered`).
    """
    index = remembered("search:index", lambda: Entry.objects.aggregate(last=Max("pk"), count=Count("pk")))
    extra = [alt for item in (*synonyms, *not_offered) for alt in item.alternatives()]
    key = (index["last"], index["count"], tuple(extra))
    if _vocabulary["key"] != key:
        counts = {}
        for title, body in Entry.objects.values_list("title", "body"):
            for word in words(f"{title} {body}"):
                counts[word] = counts.get(word, 0) + 1
        for word in words(" ".join(extra)):
            counts[word] = counts.get(word, 0) + 1
        _vocabulary.update(key=key, value=Vocabulary(counts))
    return _vocabulary["value"]


def _has(phrase, words_):
    return f" {words_} " in f" {phrase} "


def with_synonyms(phrase, synonyms):
    """`phrase` with what patients may say replaced by what the pages say ("hair thinning" by "hair loss")."""
    found = sorted(
        ((alt, synonym.means) for synonym in synonyms for alt in synonym.alternatives()), key=lambda a: -len(a[0])
    )
    padded = f" {phrase} "
    for alt, means in found:
        padded = padded.replace(f" {alt} ", f" {' '.join(words(means))} ")
    return padded.strip()


def search(raw_query):
    """What the site has for `raw_query`: typos tolerated, editors' synonyms applied, best first."""
    typed, message = read_query(raw_query)
    answer = Answer(query=" ".join(typed), message=message)
    if not typed:
        return answer
    synonyms, not_offered = editors_words()
    near = vocabulary(synonyms, not_offered)
    corrected = [near.nearest(word) for word in typed]
    phrase = " ".join(corrected)
    answer.not_offered = [item for item in not_offered if any(_has(phrase, alt) for alt in item.alternatives())]
    phrase = with_synonyms(phrase, synonyms)
    if phrase != answer.query:
        answer.searched_for = phrase
    # A typo is also searched as typed: it may be the start of a word the site uses.
    searched = words(phrase) + [word for word, nearest in zip(typed, corrected, strict=True) if word != nearest]
    searched = list(dict.fromkeys(word for word in searched if word not in STOPWORDS))
    answer.hits = [_with_marks(hit) for hit in backends.find(searched, phrase, RESULTS, PER_PAGE)]
    if answer.found_nothing:
        record_missed(raw_query)
    return answer


def _with_marks(hit):
    hit.title, hit.extract = _marked(hit.title), _marked(hit.extract)
    return hit


def _marked(text):
    html = str(escape(text or ""))
    return mark_safe(html.replace(backends.MARK_START, "<mark>").replace(backends.MARK_END, "</mark>"))  # noqa: S308


def record_missed(raw_query):
    """Count a search that found nothing: its words only, email addresses and phone numbers removed first."""
    kept = words(remove_contact_details(raw_query[:MAX_CHARACTERS]))[:MAX_WORDS]
    cleaned = " ".join(kept)[: MissedSearch._meta.get_field("words").max_length]
    if not cleaned:
        return
    today = timezone.localdate()
    updated = MissedSearch.objects.filter(words=cleaned).update(count=F("count") + 1, last_searched=today)
    if not updated:
        try:
            with transaction.atomic():
                MissedSearch.objects.create(words=cleaned, first_searched=today, last_searched=today)
        except IntegrityError:  # another request counted it first
            MissedSearch.objects.filter(words=cleaned).update(count=F("count") + 1, last_searched=today)
