"""Each database's own full-text search over the index: PostgreSQL's (django.contrib.postgres, with
pg_trgm's trigram similarity) and SQLite's FTS5.

`find(words, phrase, limit, per_page)` answers the entries that match any of `words` (each also as the
start of a longer word), best first, at most `per_page` of one page, as `Hit`s whose extract and title
mark the words found between MARK_START and MARK_END. Both rank by how often and where the words
appear (a title counts more than the text below it), times the entry's boost.
"""

from dataclasses import dataclass

from django.db import connection

MARK_START, MARK_END = "\u27e6", "\u27e7"  # ⟦ ⟧: never in the index's text, turned into <mark> once escaped
EXTRACT_WORDS = 28


@dataclass
class Hit:
    url: str
    page_key: str
    page_title: str
    section: str
    title: str
    extract: str
    score: float


def find(words, phrase, limit, per_page):
    """The best `limit` entries, at most `per_page` of one page."""
    if not words:
        return []
    return (_postgresql if connection.vendor == "postgresql" else _sqlite)(words, phrase, limit, per_page)


def _kept(rows, limit, per_page):
    kept, seen = [], {}
    for row in rows:
        page = row[1]
        if seen.get(page, 0) < per_page:
            seen[page] = seen.get(page, 0) + 1
            kept.append(row)
    return kept[:limit]


def postgresql_vector():
    from django.contrib.postgres.search import SearchVector

    return SearchVector("title", weight="A", config="english") + SearchVector("body", weight="B", config="english")


def _postgresql(words, phrase, limit, per_page):
    """Ranked on the stored vectors; extracts (ts_headline, the slow part) only for the entries shown."""
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, TrigramWordSimilarity
    from django.db.models import F, Q

    from .models import Entry

    # Words are letters and digits only (search.text.WORD), so they are safe in a raw tsquery.
    query = SearchQuery(" | ".join(f"{word}:*" for word in words), search_type="raw", config="english")
    ranked = (
        Entry.objects.annotate(
            rank=SearchRank(F("document"), query),
            # Titles that look like what was typed, even where no word matches as the dictionary reads it.
            similarity=TrigramWordSimilarity(phrase, "title"),
        )
        .filter(Q(document=query) | Q(similarity__gte=0.6))
        .annotate(score=(F("rank") + F("similarity") * 0.2) * F("boost"))
        .order_by("-score", "pk")
        .values_list("pk", "page_key", "score")[: limit * 4]
    )
    kept = _kept(ranked, limit, per_page)
    marks = {"start_sel": MARK_START, "stop_sel": MARK_END, "config": "english"}
    shown = Entry.objects.filter(pk__in=[row[0] for row in kept]).annotate(
        extract=SearchHeadline("body", query, max_words=EXTRACT_WORDS, min_words=12, max_fragments=1, **marks),
        marked_title=SearchHeadline("title", query, highlight_all=True, **marks),
    )
    by_pk = {entry.pk: entry for entry in shown}
    return [
        Hit(e.url, e.page_key, e.page_title, e.section, e.marked_title, e.extract, score)
        for pk, _, score in kept
        if (e := by_pk.get(pk))
    ]


SQLITE_QUERY = """
SELECT e.url, e.page_key, e.page_title, e.section,
       highlight(search_entry_fts, 0, %s, %s),
       snippet(search_entry_fts, 1, %s, %s, '…', %s),
       -bm25(search_entry_fts, 4.0, 1.0) * e.boost AS score
FROM search_entry_fts JOIN search_entry e ON e.id = search_entry_fts.rowid
WHERE search_entry_fts MATCH %s
ORDER BY score DESC, e.id
LIMIT %s
"""


def _sqlite(words, phrase, limit, per_page):
    # Each word quoted (FTS5 reads nothing in it as syntax) and as a prefix.
    match = " OR ".join(f'"{word}"*' for word in words)
    marks = [MARK_START, MARK_END]
    with connection.cursor() as cursor:
        cursor.execute(SQLITE_QUERY, [*marks, *marks, EXTRACT_WORDS, match, limit * 4])
        return [Hit(*row) for row in _kept(cursor.fetchall(), limit, per_page)]
