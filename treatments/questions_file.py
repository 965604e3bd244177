"""content/questions.md: the questions to ask at the consultation on each area page (content/README.md).

Read and checked here; written by the loader (treatments.content_loader) after the area files, so that
each area page is approved with its questions as signed in the area's own file.
"""

from .content_loader import ContentError, _int, _items, _text


def question(item, where):
    return {
        "question": _text(item.get("question"), f"{where}.question", max_length=200),
        "why": _text(item.get("why"), f"{where}.why", required=False, max_length=250),
        "order": _int(item.get("order"), f"{where}.order"),
    }


def read(meta, where):
    """questions.md: the questions for every area page (`common`), then each area's own (`areas`)."""
    areas = meta.get("areas") or {}
    if not isinstance(areas, dict):
        raise ContentError(f"{where}areas: must list questions under each area's slug")
    return {
        "common": _items(meta, "common", where, question),
        "areas": {slug: _items(areas, slug, f"{where}areas.", question) for slug in areas},
    }


def unknown_areas(files):
    """questions.md names only areas that have a file."""
    slugs = {content.area["slug"] for content in files if content.area}
    return [
        f"{content.path.name}: areas.{slug}: there is no areas/{slug}.md"
        for content in files
        for slug in content.questions.get("areas", {})
        if slug not in slugs
    ]
