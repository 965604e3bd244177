"""The claims checker: flags wording in patient content that overclaims or that advertising rules forbid."""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.db import models

from .readability import plain_text

RULES_FILE = Path(__file__).with_name("claims_rules.yaml")

# How far back, within one clause, a negation may stand and still govern a phrase: "We do
# not offer it for fat loss or weight loss" needs seven words. Clauses end at punctuation
# and at joining words, so "not" in "It does not hurt and results are permanent" cannot
# reach "permanent".
NEGATION_WINDOW = 8
# Words that deny or doubt what follows: "not", but also "far from", "unclear whether", "experts question
# how safe", and "little" or "few" without "a" ("little evidence that it is safe" doubts it; "a little
# research shows" does not).
_NEGATION = re.compile(
    r"\b(?:no|not|never|cannot|nothing|nobody|none|neither|nor|without|unlikely|beware|wary|far from|hardly"
    r"|unclear|unknown|uncertain|unproven|unsure|whether|doubt|doubts|doubtful|lack|lacks|lacking"
    r"|question|questions|questioned|questioning|concern|concerns|concerned|debate|debated)\b"
    r"|(?<!\ba )\b(?:little|few)\b|\w+n't\b",
    re.IGNORECASE,
)
# Negative words that reassure rather than deny: "Don't worry, it is painless" still claims it is painless.
_NOT_A_NEGATION = re.compile(
    r"\b(?:don't|do not|never|no need to)\s+(?:worry|fear|hesitate|wait|delay)\b|\bno (?:doubt|wonder)\b",
    re.IGNORECASE,
)
# Where a clause ends: punctuation, and the joining words that start a new claim.
_CLAUSE_END = re.compile(
    r"[.!?;:,()\n]|\b(?:and|but|so|because|although|though|while|yet|however|whereas)\b", re.IGNORECASE
)
# A sentence ends at a stop followed by a space, a citation marker or the end ("4.9" is not a stop).
_SENTENCE_END = re.compile(r"[.!?](?=\s|\[|$)|\n")
# A yes/no question asks rather than claims: "Is it safe?", "Are the results permanent?", "How safe is it?"
_QUESTION_START = re.compile(
    r"\s*(?:is|are|am|was|were|do|does|did|will|would|can|could|should|shall|may|might|has|have|had|must|how)\b",
    re.IGNORECASE,
)
# How a claim cites its source in the text: the source's number in square brackets, "[1]" or "[2, 3]".
CITATION = re.compile(r"\[\d{1,3}(?:\s*[,\u2013-]\s*\d{1,3})*\]")
_CURLY_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})

# Text fields that hold an address, a key or a name rather than wording about the treatment.
_UNCHECKED_FIELDS = {
    "slug",
    "key",
    "image_alt",
    "reviewer_name",
    "reviewer_role",
    "address",
    "phone",
    "email",
    "link",
}
# A cited work's title, authors and publisher are quoted as published, not the clinic's own wording: a
# paper on finasteride keeps its title ("app_label.model": field names). What patients type into the
# search ("botox") is their words, which the site matches and never shows as its own.
_UNCHECKED_MODEL_FIELDS = {
    "sources.source": {"title", "authors", "publisher"},
    "search.notoffered": {"words"},
    "search.synonym": {"words", "means"},
}


class RulesError(Exception):
    """The rules file is malformed; the message names the rule and the problem."""


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    category_label: str
    pattern: re.Pattern
    reason: str
    quiet_when_negated: bool
    flags: str
    passes: str
    quiet_after: re.Pattern | None = None
    quiet_when_cited: bool = False
    terms: tuple = ()


@dataclass(frozen=True)
class Finding:
    rule: Rule
    phrase: str

    @property
    def reason(self):
        return self.rule.reason

    def __str__(self):
        return f'"{self.phrase}" ({self.rule.category_label.lower()}): {self.rule.reason}'


def terms_pattern(terms):
    """One pattern for a list of names: whole words, any case, a space or hyphen as either, longest first."""
    words = sorted({term.strip() for term in terms if term.strip()}, key=len, reverse=True)
    parts = [r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", term)) for term in words]
    return r"\b(?:" + "|".join(parts) + r")\b"


def _compile(where, what, pattern):
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as error:
        raise RulesError(f"{where}: the {what} is not a valid regular expression ({error})") from None


@cache
def rules(path=RULES_FILE):
    """The rules from the one data file, checked once per process."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    categories = data.get("categories") or {}
    loaded, seen = [], set()
    for number, item in enumerate(data.get("rules") or [], start=1):
        where = f"{Path(path).name}, rule {number} ({item.get('id', 'no id')})"
        missing = [key for key in ("id", "category", "reason", "flags", "passes") if not item.get(key)]
        if not item.get("pattern") and not item.get("terms"):
            missing.append("pattern or terms")
        if missing:
            raise RulesError(f"{where}: needs {', '.join(missing)}")
        if item.get("pattern") and item.get("terms"):
            raise RulesError(f"{where}: give a pattern or a list of terms, not both")
        if item["id"] in seen:
            raise RulesError(f"{where}: the id is used twice")
        if item["category"] not in categories:
            raise RulesError(f"{where}: category must be one of {', '.join(categories)}")
        terms = tuple(item.get("terms") or ())
        pattern = _compile(where, "pattern", item.get("pattern") or terms_pattern(terms))
        quiet_after = _compile(where, "quiet_after", item["quiet_after"]) if item.get("quiet_after") else None
        seen.add(item["id"])
        loaded.append(
            Rule(
                id=item["id"],
                category=item["category"],
                category_label=categories[item["category"]],
                pattern=pattern,
                reason=" ".join(item["reason"].split()),
                quiet_when_negated=bool(item.get("quiet_when_negated", False)),
                flags=item["flags"],
                passes=item["passes"],
                quiet_after=quiet_after,
                quiet_when_cited=bool(item.get("quiet_when_cited", False)),
                terms=terms,
            )
        )
    return tuple(loaded)


def _clause_before(text, start):
    """The last few words of the clause that ends where a phrase starts."""
    clause = _CLAUSE_END.split(text[:start])[-1]
    return " ".join(clause.split()[-NEGATION_WINDOW:])


def is_negated(text, start):
    """Whether a negation comes shortly before `start`, within the same clause."""
    return bool(_NEGATION.search(_NOT_A_NEGATION.sub(" ", _clause_before(text, start))))


def in_question(text, start, end):
    """Whether the phrase at start:end sits in a yes/no question ("Is it safe?"), which asks rather than claims."""
    ends_before = [match.end() for match in _SENTENCE_END.finditer(text, 0, start)]
    sentence_start = ends_before[-1] if ends_before else 0
    stop = _SENTENCE_END.search(text, end)
    return bool(stop and stop.group() == "?" and _QUESTION_START.match(text, sentence_start))


def is_cited(text, end):
    """Whether a citation marker such as [1] follows `end` in the same sentence, or straight after its full stop."""
    stop = _SENTENCE_END.search(text, end)
    sentence_end = stop.end() if stop else len(text)
    return bool(CITATION.search(text, end, sentence_end) or CITATION.match(text[sentence_end:].lstrip()))


def is_quiet(rule, text, match):
    """Whether the wording around `match` makes it honest, as the rule allows."""
    if rule.quiet_when_negated and (is_negated(text, match.start()) or in_question(text, match.start(), match.end())):
        return True
    if rule.quiet_after is not None and rule.quiet_after.search(_clause_before(text, match.start())):
        return True
    return rule.quiet_when_cited and is_cited(text, match.end())


def check_plain_text(text):
    """Findings in plain text, once per rule and phrase, in the order they appear.

    Where one rule's phrase lies inside a longer phrase another rule flags ("eliminates" in
    "eliminates cellulite"), only the longer, more specific finding is kept.
    """
    text = text.translate(_CURLY_APOSTROPHES)
    found = [
        (match.start(), match.end(), Finding(rule, match.group(0)))
        for rule in rules()
        for match in rule.pattern.finditer(text)
        if not is_quiet(rule, text, match)
    ]
    kept = [
        (start, end, finding)
        for start, end, finding in found
        if not any(
            other.rule.id != finding.rule.id and o_start <= start and end <= o_end and o_end - o_start > end - start
            for o_start, o_end, other in found
        )
    ]
    findings, seen = [], set()
    for _, _, finding in sorted(kept, key=lambda item: item[0]):
        key = (finding.rule.id, finding.phrase.lower())
        if key not in seen:
            seen.add(key)
            findings.append(finding)
    return findings


def check_text(markdown_text):
    """Findings in editor-written Markdown, checked as the patient reads it (rendered to plain text)."""
    return check_plain_text(plain_text(markdown_text or ""))


def checked_fields(model):
    """The fields of `model` whose words patients read as the clinic's own."""
    quoted = _UNCHECKED_MODEL_FIELDS.get(model._meta.label_lower, set())
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField | models.EmailField)
        and field.editable
        and not field.choices
        and field.name not in _UNCHECKED_FIELDS | quoted
    ]


def check_values(model, values):
    """(field, finding) pairs for the checked fields of `model` in `values` (a form's cleaned_data)."""
    return [
        (field, finding)
        for field in checked_fields(model)
        if isinstance(values.get(field.name), str)
        for finding in check_text(values[field.name])
    ]


def check_instance(obj):
    return check_values(type(obj), {field.name: getattr(obj, field.name) for field in checked_fields(type(obj))})


def check_page(content):
    """Findings in everything patients read on one page, as its declaration (declarations.content) gathers it."""
    return [finding for text in content.texts() for finding in check_text(text)]
