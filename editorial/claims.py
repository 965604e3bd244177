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
_NEGATION = re.compile(
    r"\b(?:no|not|never|cannot|nothing|nobody|none|neither|nor|without|unlikely|beware|wary)\b|\w+n't\b",
    re.IGNORECASE,
)
# Where a clause ends: punctuation, and the joining words that start a new claim.
_CLAUSE_END = re.compile(
    r"[.!?;:,()\n]|\b(?:and|but|so|because|although|though|while|yet|however|whereas)\b", re.IGNORECASE
)
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


@dataclass(frozen=True)
class Finding:
    rule: Rule
    phrase: str

    @property
    def reason(self):
        return self.rule.reason

    def __str__(self):
        return f'"{self.phrase}" ({self.rule.category_label.lower()}): {self.rule.reason}'


@cache
def rules(path=RULES_FILE):
    """The rules from the one data file, checked once per process."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    categories = data.get("categories") or {}
    loaded, seen = [], set()
    for number, item in enumerate(data.get("rules") or [], start=1):
        where = f"{Path(path).name}, rule {number} ({item.get('id', 'no id')})"
        missing = [key for key in ("id", "category", "pattern", "reason", "flags", "passes") if not item.get(key)]
        if missing:
            raise RulesError(f"{where}: needs {', '.join(missing)}")
        if item["id"] in seen:
            raise RulesError(f"{where}: the id is used twice")
        if item["category"] not in categories:
            raise RulesError(f"{where}: category must be one of {', '.join(categories)}")
        try:
            pattern = re.compile(item["pattern"], re.IGNORECASE)
        except re.error as error:
            raise RulesError(f"{where}: the pattern is not a valid regular expression ({error})") from None
        seen.add(item["id"])
        loaded.append(
            Rule(
                id=item["id"],
                category=item["category"],
                category_label=categories[item["category"]],
                pattern=pattern,
                reason=item["reason"].strip(),
                quiet_when_negated=bool(item.get("quiet_when_negated", False)),
                flags=item["flags"],
                passes=item["passes"],
            )
        )
    return tuple(loaded)


def is_negated(text, start):
    """Whether a negation comes shortly before `start`, within the same clause."""
    clause = _CLAUSE_END.split(text[:start])[-1]
    return bool(_NEGATION.search(" ".join(clause.split()[-NEGATION_WINDOW:])))


def check_plain_text(text):
    """Findings in plain text, once per rule and phrase, in the order they appear."""
    text = text.translate(_CURLY_APOSTROPHES)
    found = []
    for rule in rules():
        for match in rule.pattern.finditer(text):
            if rule.quiet_when_negated and is_negated(text, match.start()):
                continue
            found.append((match.start(), Finding(rule, match.group(0))))
    findings, seen = [], set()
    for _, finding in sorted(found, key=lambda pair: pair[0]):
        key = (finding.rule.id, finding.phrase.lower())
        if key not in seen:
            seen.add(key)
            findings.append(finding)
    return findings


def check_text(markdown_text):
    """Findings in editor-written Markdown, checked as the patient reads it (rendered to plain text)."""
    return check_plain_text(plain_text(markdown_text or ""))


def checked_fields(model):
    """The fields of `model` whose words patients read."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField | models.EmailField)
        and field.editable
        and not field.choices
        and field.name not in _UNCHECKED_FIELDS
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
