"""Reading-age measures for patient-facing text."""

import re
from html import unescape

import textstat
from markdownx.models import MarkdownxField

from .markdown import render_markdown

# NHS guidance for patient information: a reading age of 9 to 11.
TARGET_READING_AGE = 11

_BLOCK_END = re.compile(r"</(p|li|h[1-6]|td|th|blockquote|pre)>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def plain_text(markdown_text: str) -> str:
    """Markdown as plain prose, each block ending a sentence (so list items count as such)."""
    html = _BLOCK_END.sub(". ", render_markdown(markdown_text))
    text = unescape(_TAG.sub(" ", html))
    text = re.sub(r"([.!?:;])\s*\.\s", r"\1 ", text)
    return re.sub(r"\s+", " ", text).strip()


def reading_age(markdown_text: str) -> float | None:
    """UK reading age (Flesch-Kincaid grade + 5); None for text too short to measure."""
    text = plain_text(markdown_text)
    if len(text.split()) < 20:
        return None
    return round(textstat.flesch_kincaid_grade(text) + 5, 1)


def markdown_fields(model):
    """The fields of `model` that editors write in Markdown."""
    return [field for field in model._meta.concrete_fields if isinstance(field, MarkdownxField)]
