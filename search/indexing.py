"""The search index, built from what each page shows (`declarations.content`) as patients read it now.

A clinical page is indexed from its live approval (signoff), never from the working copy, and only
while it is on the site; a page published directly (the home, team, about-this-information and
accessibility pages) from its rows, which are what patients read. Every page kind with a public
address (`url_name`) is searched. Each row becomes one entry per section of the page it appears in
(`Part.section`, `Part.field_sections`).

A page is re-indexed inside the transaction that changes what patients see of it (an approval, a
take-down, a save of a directly published row: see search.signals), so the index commits or rolls
back with the change and is never behind the site.
"""

from django.db import connection, transaction
from django.urls import reverse

from declarations import content as page_content
from signoff.models import ClinicalPage
from signoff.selectors import live_content

from .models import Entry
from .text import plain_text

# A page's opening (an area's name and summary, its "intro" block) counts for more. The intro block's
# heading is the page's own h1, so a result for it links to the page itself.
LEAD_BOOST = 1.5
LEAD_ANCHORS = {"", "intro"}


def page_title(kind, content):
    root = content.root
    return str(root) if root is not None else kind.title or kind.name


def entries(kind, content, url, key, approval_id=None):
    """Unsaved entries for each section of the page that shows text."""
    title = page_title(kind, content)
    found = []
    for part in kind.parts:
        for obj in content[part.name]:
            for anchor, heading, fields in part.sections_of(obj):
                anchor = "" if anchor in LEAD_ANCHORS else anchor
                row_title = str(getattr(obj, part.title_field) or "") if part.title_field in fields else ""
                body = " ".join(plain_text(getattr(obj, name)) for name in fields if name != part.title_field)
                if not (row_title or body.strip()):
                    continue
                found.append(
                    Entry(
                        page_key=key,
                        approval_id=approval_id,
                        url=f"{url}#{anchor}" if anchor else url,
                        page_title=title,
                        section=heading,
                        title=row_title or heading or title,
                        body=body.strip(),
                        boost=kind.search_boost * part.search_boost * (1 if anchor else LEAD_BOOST),
                    )
                )
    return found


def _save(key, found):
    """Replace the page's entries; on PostgreSQL, with their search vectors."""
    Entry.objects.filter(page_key=key).delete()
    Entry.objects.bulk_create(found)
    if connection.vendor == "postgresql":
        from .backends import postgresql_vector

        Entry.objects.filter(page_key=key).update(document=postgresql_vector())


def searched_kinds():
    return [kind for kind in page_content.kinds() if kind.url_name]


def index_clinical_page(page):
    """The page's entries as patients see it now: its live approval while it is on the site, else none."""
    kind = page_content.kind(page.kind)
    on_site = page.published and page.live_id is not None and kind.url_name
    wanted = page.live_id if on_site else None
    indexed = Entry.objects.filter(page_key=page.key).values_list("approval_id", flat=True).first()
    if indexed == wanted:
        return
    with transaction.atomic():
        url = page.get_absolute_url() if on_site else None
        _save(page.key, entries(kind, live_content(page), url, page.key, page.live_id) if url else [])


def index_direct_page(kind):
    """A page published without sign-off, from its rows now."""
    with transaction.atomic():
        _save(kind.key(), entries(kind, kind.collect(None), reverse(kind.url_name), kind.key()))


def unindex(key):
    Entry.objects.filter(page_key=key).delete()


def rebuild():
    """Every page patients can read now, indexed afresh. Returns how many entries."""
    with transaction.atomic():
        Entry.objects.all().delete()
        for page in ClinicalPage.objects.live():
            index_clinical_page(page)
        for kind in searched_kinds():
            if not kind.clinical:
                index_direct_page(kind)
        return Entry.objects.count()
