"""content/questions.md: the questions to ask at the consultation on each area page (content/README.md).

Read and checked here; written by the loader (contentload.writing) after the area files, so that
each area page is approved with its questions as signed in the area's own file.
"""

from treatments.models import Question

from .checks import ContentError, items, length, text, whole_number


def question(item, where):
    return {
        "question": text(item.get("question"), f"{where}.question", max_length=length(Question, "question")),
        "why": text(item.get("why"), f"{where}.why", required=False, max_length=length(Question, "why")),
        "order": whole_number(item.get("order"), f"{where}.order"),
    }


def read(meta, where):
    """questions.md: the questions for every area page (`common`), then each area's own (`areas`)."""
    areas = meta.get("areas") or {}
    if not isinstance(areas, dict):
        raise ContentError(f"{where}areas: must list questions under each area's slug")
    return {
        "common": items(meta, "common", where, question),
        "areas": {slug: items(areas, slug, f"{where}areas.", question) for slug in areas},
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
