"""What patients see of treatment content: the areas of the live, approved area pages.

`published_areas()` is the one definition of the areas on the site, used by the views, the
enquiry form, the sitemap and the tests.
"""

from signoff.services import live_content, live_pages

from .page_kinds import AREA


def area_from(content):
    """The area of an area page's content, with its children where the templates look for them."""
    area = content.root
    area.benefit_list, area.risk_list = content["benefits"], content["risks"]
    area.faq_list, area.milestone_list = content["faqs"], content["milestones"]
    return area


def live_areas(pages):
    """The areas of the live area pages among `pages`, in their display order."""
    areas = [area_from(live_content(page)) for page in pages if page.kind == AREA.kind]
    return sorted(areas, key=lambda area: (area.order, area.name))


def published_areas():
    """Every area on the site, in display order (one query)."""
    return live_areas(live_pages(kinds=[AREA.kind]))
