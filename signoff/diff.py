"""What would change for patients: a page's working copy against its live approved version.

Items are matched by id within each part; for each field patients read, the words removed
and added are marked (Python's difflib on words and the spaces between them).
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import mark_safe

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass
class FieldChange:
    label: str
    before: str  # HTML: the old text, removed words in <del>
    after: str  # HTML: the new text, added words in <ins>


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


def shown(model, name, value):
    """A stored value as the editor knows it: a choice's label, Yes or No, the text itself."""
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value or "(none)"))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return "" if value is None else str(value)


def label(model, name):
    return str(model._meta.get_field(name).verbose_name).capitalize()


def compare(page_kind, before_rows, after_rows):
    """[ItemChange] for every item added, removed or changed, in page order (removed items last in their part)."""
    changes = []
    for part in page_kind.parts:
        before = {row["id"]: row for row in before_rows.get(part.name, [])}
        after = {row["id"]: row for row in after_rows.get(part.name, [])}
        for pk, new in after.items():
            old = before.get(pk)
            title = str(new.get(part.title_field) or part.label)
            if old is None:
                fields = [_field(part, name, None, new[name]) for name in part.compared_fields() if new.get(name)]
                changes.append(ItemChange(part.label, title, "added", fields))
                continue
            fields = [
                _field(part, name, old.get(name), new.get(name))
                for name in part.compared_fields()
                if old.get(name) != new.get(name)
            ]
            if fields:
                changes.append(ItemChange(part.label, title, "changed", fields))
        for pk, old in before.items():
            if pk not in after:
                fields = [_field(part, name, old[name], None) for name in part.compared_fields() if old.get(name)]
                changes.append(ItemChange(part.label, str(old.get(part.title_field) or part.label), "removed", fields))
    return changes


def _field(part, name, old, new):
    before = "" if old is None else shown(part.model, name, old)
    after = "" if new is None else shown(part.model, name, new)
    return FieldChange(label(part.model, name), *mark_words(before, after))
