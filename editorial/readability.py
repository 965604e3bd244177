"""Reading-age measures for patient-facing text."""

import re
from html import unescape

import textstat
from markdownx.models import MarkdownxField

from declarations.content import pages_showing

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


def join(parts):
    """Plain-text titles and Markdown bodies as one Markdown document, one paragraph each."""
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def page_name(kind, content):
    """ "the hair loss page", "the safety page": as editors see it beside the whole page's reading age."""
    if kind.root_model is not None and content.root is not None:
        return f"the {str(content.root).lower()} page"
    return f"the {kind.name.lower()}"


def readability_rows(obj):
    """(what, reading age or None) for each Markdown field of `obj`, for its page's other items when
    `obj` is the page's own object (an area), and for each page it appears on as a whole."""
    rows = [
        (field.verbose_name.capitalize(), reading_age(getattr(obj, field.name)))
        for field in markdown_fields(type(obj))
    ]
    for kind, object_id in pages_showing(obj):
        content = kind.collect(object_id)
        if kind.root_model is type(obj):
            for part in kind.parts[1:]:
                markdown = {f.name for f in markdown_fields(part.model)}
                body = next((name for name in part.text_fields if name in markdown), None)
                if body:
                    items = content[part.name]
                    rows += [(f"{part.label}: {item}", reading_age(getattr(item, body))) for item in items]
        rows.append((f"{page_name(kind, content).capitalize()} as a whole", reading_age(join(content.texts()))))
    return rows
