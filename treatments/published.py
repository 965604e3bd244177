"""What patients see of treatment content: the areas of the live, approved area pages.

`published_areas()` is the one definition of the areas on the site, used by the views and the
enquiry form (the sitemap lists the live area pages from sign-off's records, which hold the same).
"""

from signoff.selectors import live_content, live_pages
from sources.citations import Citations

from .page_kinds import AREA

# Markers' ids are short (b12-3: benefit 12's citation of source 3): a page may have dozens.


def cite_risks(citations, risks):
    """Markers for each risk's figure (`frequency_cites`) and for its text (`cites`)."""
    for risk in risks:
        figure = [risk.frequency_source_id] if risk.frequency_source_id else []
        risk.frequency_cites = citations.cite(figure, f"rf{risk.pk}", f"How common: {risk.title}")
        risk.cites = citations.cite(risk.m2m_ids["sources"], f"r{risk.pk}", f"Risk: {risk.title}")


def cite_faqs(citations, faqs):
    for faq in faqs:
        faq.cites = citations.cite(faq.m2m_ids["sources"], f"q{faq.pk}", f"Question: {faq.question}")


def cite_milestones(citations, milestones):
    for milestone in milestones:
        milestone.cites = citations.cite(
            milestone.m2m_ids["sources"], f"m{milestone.pk}", f"History: {milestone.when()}"
        )


def area_from(content):
    """The area of an area page's content, with its children and numbered citations where the templates look.

    Sources are numbered as the page shows the claims: benefits, risks, the evidence note, questions, history.
    """
    area = content.root
    area.benefit_list, area.risk_list = content["benefits"], content["risks"]
    area.faq_list, area.milestone_list = content["faqs"], content["milestones"]
    area.question_list = content["questions"]
    citations = Citations(content["sources"])
    for benefit in area.benefit_list:
        label = f"Benefit: {benefit.title}"
        benefit.cites = citations.cite(benefit.m2m_ids["sources"], f"b{benefit.pk}", label)
    cite_risks(citations, area.risk_list)
    area.evidence_cites = citations.cite(area.m2m_ids["evidence_sources"], "en", "What the evidence shows")
    cite_faqs(citations, area.faq_list)
    cite_milestones(citations, area.milestone_list)
    area.source_entries, area.sources = citations.entries(), content["sources"]
    return area


def live_areas(pages):
    """The areas of the live area pages among `pages`, in their display order."""
    areas = [area_from(live_content(page)) for page in pages if page.kind == AREA.kind]
    return sorted(areas, key=lambda area: (area.order, area.name))


def published_areas():
    """Every area on the site, in display order (one query)."""
    return live_areas(live_pages(kinds=[AREA.kind]))
