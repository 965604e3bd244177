"""content/search.md: the first synonyms and answers for treatments we do not offer, loaded by load_content.

Like the rest of content/, a file is the starting point: an item that differs from the file (an editor
changed it in the admin) is left alone unless `force`, and so is one an editor deleted. Items are known
by their first alternative (`words`).
"""

import frontmatter

from .models import LoadedWords, NotOffered, Synonym


class SearchFileError(ValueError):
    pass


def _items(meta, name, fields, where):
    items = meta.get(name) or []
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise SearchFileError(f"{where}{name}: must be a list of items")
    for i, item in enumerate(items):
        for field in fields:
            if not str(item.get(field) or "").strip():
                raise SearchFileError(f"{where}{name}[{i}].{field}: is required")
    return [{field: str(item[field]).strip() for field in fields} for item in items]


def read(path):
    meta = frontmatter.load(path).metadata
    where = f"{path.name}: "
    return (
        _items(meta, "synonyms", ("words", "means"), where),
        _items(meta, "not_offered", ("words", "title", "answer"), where),
    )


def _upsert(model, values, force):
    """Create the item; an existing one that differs from the file is the editors', updated only when forced."""
    first = values["words"].split(",")[0].strip().lower()
    key = f"{model._meta.model_name}:{first}"[:120]
    existing = next((item for item in model.objects.all() if item.alternatives()[:1] == [first]), None)
    if existing is None:
        if LoadedWords.objects.filter(key=key).exists() and not force:
            return "kept"  # deleted by an editor
        model.objects.create(**values)
        LoadedWords.objects.get_or_create(key=key)
        return "created"
    if all(getattr(existing, name) == value for name, value in values.items()):
        return "unchanged"
    if not force:
        return "kept"
    for name, value in values.items():
        setattr(existing, name, value)
    existing.save()
    return "updated"


def load(path, *, force=False):
    """Load the file; returns a one-line summary."""
    synonyms, not_offered = read(path)
    done = [_upsert(Synonym, values, force) for values in synonyms]
    done += [_upsert(NotOffered, values, force) for values in not_offered]
    counts = ", ".join(f"{done.count(word)} {word}" for word in ("created", "updated", "unchanged"))
    kept = done.count("kept")
    return f"{path.name}: {counts}" + (
        f", kept {kept} edited by staff (use --force to overwrite them)" if kept else ""
    )
