"""The words each public page shows, gathered as Markdown for the readability and claims checks."""

from editorial.readability import markdown_fields, reading_age
from pages.models import PageText

from .models import Benefit, Faq, Milestone, Risk, TreatmentArea


def join(parts):
    """Plain-text titles and Markdown bodies as one Markdown document, one paragraph each."""
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def _items(objects, title, body):
    return [text for obj in objects for text in (getattr(obj, title), getattr(obj, body))]


def area_copy(area):
    """Everything an area's page shows that staff wrote: its own text and its children's."""
    return join(
        [area.name, area.summary]
        + [getattr(area, field.name) for field in markdown_fields(TreatmentArea)]
        + _items(area.benefit_list, "title", "body")
        + _items(area.risk_list, "title", "body")
        + _items(area.faq_list, "question", "answer")
        + _items(area.milestone_list, "title", "body")
    )


def page_copy(page):
    """Everything one of the text pages (home, safety, privacy...) shows that staff wrote."""
    parts = _items(PageText.objects.filter(page=page), "title", "body")
    if page == PageText.Page.SAFETY:
        parts += _items(Risk.objects.general(), "title", "body")
    elif page == PageText.Page.TREATMENTS:
        parts += _items(Faq.objects.general(), "question", "answer")
    elif page == PageText.Page.HISTORY:
        parts += _items(Milestone.objects.general(), "title", "body")
    if page in (PageText.Page.HOME, PageText.Page.TREATMENTS):
        parts += _items(TreatmentArea.objects.published(), "name", "summary")
    return join(parts)


def page_of(obj):
    """(page name, Markdown) of the public page `obj` appears on, or None."""
    if isinstance(obj, TreatmentArea):
        return f"The {obj.name.lower()} page", area_copy(obj)
    if isinstance(obj, Benefit | Risk | Faq | Milestone) and obj.area_id:
        return f"The {obj.area.name.lower()} page", area_copy(obj.area)
    general_page = {Risk: PageText.Page.SAFETY, Faq: PageText.Page.TREATMENTS, Milestone: PageText.Page.HISTORY}
    page = obj.page if isinstance(obj, PageText) else general_page.get(type(obj))
    if page is None:
        return None
    return f"The {PageText.Page(page).label.lower()} page", page_copy(page)


def readability_rows(obj):
    """(what, reading age or None) for each Markdown field of `obj`, its area's children, and its whole page."""
    rows = [
        (field.verbose_name.capitalize(), reading_age(getattr(obj, field.name)))
        for field in markdown_fields(type(obj))
    ]
    if isinstance(obj, TreatmentArea):
        for label, items, body in (
            ("Benefit", obj.benefit_list, "body"),
            ("Risk", obj.risk_list, "body"),
            ("Question", obj.faq_list, "answer"),
        ):
            rows += [(f"{label}: {item}", reading_age(getattr(item, body))) for item in items]
    page = page_of(obj)
    if page:
        rows.append((f"{page[0]} as a whole", reading_age(page[1])))
    return rows
