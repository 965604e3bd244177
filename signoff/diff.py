"""What would change for patients: a page's working copy against its live approved version.

Items are matched by id within each part; for each field patients read, the words removed
and added are marked (Python's difflib on words and the spaces between them). A Markdown field
is compared as patients read it: both versions rendered by the one renderer (editorial.markdown,
which django-markdownx's preview uses too), then the words compared with the tags kept whole, so a
heading shows as a heading, not "###".
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import mark_safe
from markdownx.models import MarkdownxField

from editorial.claims import check_text
from editorial.markdown import render_markdown
from editorial.readability import plain_text

_TOKENS = re.compile(r"\s+|[^\s]+")
# Rendered HTML: a tag, spaces, or a word (up to the next tag or space).
_HTML_TOKENS = re.compile(r"<[^>]*>|\s+|[^\s<]+")


@dataclass
class FieldChange:
    label: str
    before: str  # HTML: the old text, removed words in <del>
    after: str  # HTML: the new text, added words in <ins>
    rendered: bool = False  # Markdown shown as patients read it (already block HTML)


@dataclass
class ItemChange:
    part: str  # "Benefit"
    title: str
    state: str  # "added", "removed" or "changed"
    fields: list = field(default_factory=list)

    @property
    def state_label(self):
        return {"added": "Added", "removed": "Removed", "changed": "Changed"}[self.state]


def _grouped(old, new):
    """difflib's opcodes, with the spaces between two changed words counted in the change.

    Without this, replacing a whole sentence shows every word struck out on its own.
    """
    merged = []
    for op in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        tag, i1, i2, j1, j2 = op
        spaces_only = tag == "equal" and not "".join(old[i1:i2]).strip()
        if merged and merged[-1][0] != "equal" and (tag != "equal" or spaces_only):
            merged[-1] = ("replace", merged[-1][1], i2, merged[-1][3], j2)
        else:
            merged.append(op)
    return merged


def mark_words(before, after):
    """(before, after) as HTML with the removed words in <del> and the added words in <ins>."""
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    old_html, new_html = [], []
    for op, i1, i2, j1, j2 in _grouped(old, new):
        removed, added = escape("".join(old[i1:i2])), escape("".join(new[j1:j2]))
        if op == "equal":
            old_html.append(removed)
            new_html.append(added)
            continue
        if removed:
            old_html.append(f"<del>{removed}</del>")
        if added:
            new_html.append(f"<ins>{added}</ins>")
    return mark_safe("".join(old_html)), mark_safe("".join(new_html))  # noqa: S308 - every piece is escaped


def _wrap(tokens, tag):
    """The words among `tokens` inside <tag>, the tags between them left whole (the HTML stays well formed)."""
    out, words = [], []

    def flush():
        text = "".join(words)
        out.append(f"<{tag}>{text}</{tag}>" if text.strip() else text)
        words.clear()

    for token in tokens:
        if token.startswith("<"):
            flush()
            out.append(token)
        else:
            words.append(token)
    flush()
    return "".join(out)


def mark_rendered(before_html, after_html):
    """Two safe HTML renderings, the removed words in <del> and the added ones in <ins>."""
    old, new = _HTML_TOKENS.findall(before_html), _HTML_TOKENS.findall(after_html)
    old_html, new_html = [], []
    for op, i1, i2, j1, j2 in _grouped(old, new):
        if op == "equal":
            old_html.append("".join(old[i1:i2]))
            new_html.append("".join(new[j1:j2]))
            continue
        old_html.append(_wrap(old[i1:i2], "del"))
        new_html.append(_wrap(new[j1:j2], "ins"))
    # Both come from the site's renderer (sanitised); only <del>/<ins> are added around their words.
    return mark_safe("".join(old_html)), mark_safe("".join(new_html))  # noqa: S308


def shown(model_field, value, names):
    """A stored value as the editor knows it: a choice's label, Yes or No, what a relation points at, the text."""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value or "(none)"))
    if model_field.is_relation:
        ids = value if isinstance(value, list) else [value] if value is not None else []
        related = names.get(model_field.related_model, {})
        return "; ".join(related.get(pk, f"#{pk}") for pk in ids) or "(none)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return "" if value is None else str(value)


def _names(page_kind, *all_rows):
    """What each row of each part is called, by model and id: how a relation to it is shown."""
    names = {}
    for rows in all_rows:
        for part in page_kind.parts:
            for row in rows.get(part.name, []):
                names.setdefault(part.model, {})[row["id"]] = str(row.get(part.title_field) or f"#{row['id']}")
    return names


def compare(page_kind, before_rows, after_rows):
    """[ItemChange] for every item added, removed or changed, in page order (removed items last in their part)."""
    names = _names(page_kind, before_rows, after_rows)
    changes = []
    for part in page_kind.parts:
        fields = [part.model._meta.get_field(name) for name in part.compared_fields()]
        before = {row["id"]: row for row in before_rows.get(part.name, [])}
        after = {row["id"]: row for row in after_rows.get(part.name, [])}

        def changed(old, new, fields=fields):
            return [
                _field(f, old.get(f.attname) if old else None, new.get(f.attname) if new else None, names)
                for f in fields
                if (old or {}).get(f.attname) != (new or {}).get(f.attname)
                and ((old or {}).get(f.attname) or (new or {}).get(f.attname) or _is_off(old, new, f))
            ]

        for pk, new in after.items():
            old = before.get(pk)
            title = str(new.get(part.title_field) or part.label)
            found = changed(old, new)
            if old is None:
                changes.append(ItemChange(part.label, title, "added", found))
            elif found:
                changes.append(ItemChange(part.label, title, "changed", found))
        for pk, old in before.items():
            if pk not in after:
                title = str(old.get(part.title_field) or part.label)
                changes.append(ItemChange(part.label, title, "removed", changed(old, None)))
    return changes


def _is_off(old, new, model_field):
    """A yes/no setting that is off on an added item (a new area not ticked Published) is worth showing."""
    return old is None and new is not None and new.get(model_field.attname) is False


def _field(model_field, old, new, names):
    label = str(model_field.verbose_name).capitalize()
    before = "" if old is None else shown(model_field, old, names)
    after = "" if new is None else shown(model_field, new, names)
    if isinstance(model_field, MarkdownxField):
        return FieldChange(label, *mark_rendered(render_markdown(before), render_markdown(after)), rendered=True)
    return FieldChange(label, *mark_words(before, after))


@dataclass
class FieldWarnings:
    part: str  # "Risk"
    title: str
    label: str  # the field, in words
    text: str  # HTML: the field as patients read it, each flagged phrase in <mark>
    findings: list  # editorial.claims.Finding


def claims_by_field(kind, content):
    """The claims checker's warnings on the working copy, field by field, with the text they are in."""
    found = []
    for part in kind.parts:
        for obj in content.parts.get(part.name, []):
            for name in part.text_fields:
                findings = check_text(getattr(obj, name) or "")
                if findings:
                    text = escape(plain_text(getattr(obj, name)))
                    for phrase in {escape(finding.phrase) for finding in findings}:
                        text = re.sub(re.escape(phrase), lambda m: f"<mark>{m.group(0)}</mark>", text)
                    label = part.model._meta.get_field(name).verbose_name
                    title = getattr(obj, part.title_field, "") or ""
                    found.append(FieldWarnings(part.label, str(title), label, mark_safe(text), findings))
    return found
