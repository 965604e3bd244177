"""The pages treatment content appears on, each declared once (see `declarations.content`).

All four are clinical: an editor's change reaches patients only once a clinician approves it
(the signoff app). The home and treatments pages also show the live areas' cards, which come
from the areas' own approved pages.
"""

from django.db.models import Q

from declarations.content import PageKind, Part
from pages.models import PageText
from pages.page_kinds import text_blocks

from .models import Benefit, Faq, Milestone, Risk, TreatmentArea, evidence_problem, frequency_problem

RISK = {"setting_fields": ("frequency", "frequency_source", "sources", "order"), "m2m": ("sources",)}
MILESTONE = {"setting_fields": ("year", "sources", "order"), "m2m": ("sources",)}
FAQ = {
    "title_field": "question",
    "text_fields": ("question", "answer"),
    "setting_fields": ("sources", "order"),
    "m2m": ("sources",),
}


def cited_sources(where):
    """The sources the page's items cite: part of the page, so an edit to one needs approval too."""
    return Part(
        "sources",
        "sources.Source",
        "Source",
        where=where,
        title_field="title",
        # Not patient prose: no reading age or claims check; compared all the same.
        text_fields=(),
        setting_fields=("title", "authors", "publisher", "year", "link", "kind", "checked"),
        shared=True,
    )


def cited_on_area(area_id):
    """Sources cited anywhere on one area's page, each relation asked in a subquery of its own: joined
    in one query, six relations multiply each other's rows (PostgreSQL took seconds a page)."""
    cites = {
        Benefit.sources.through: "benefit__area",
        Risk.sources.through: "risk__area",
        Milestone.sources.through: "milestone__area",
        Faq.sources.through: "faq__area",
        TreatmentArea.evidence_sources.through: "treatmentarea",
    }
    condition = Q(pk__in=Risk.objects.filter(area=area_id).values("frequency_source_id"))
    for through, area in cites.items():
        condition |= Q(pk__in=through.objects.filter(**{area: area_id}).values("source_id"))
    return condition


def area_problems(content):
    """An area page with nothing in a section would show patients an empty heading; a claim
    graded above what it cites would say more than the research does."""
    if not content["benefits"]:
        yield "Add at least one benefit."
    if not content["risks"]:
        yield "Add at least one risk."
    if not content.root.evidence_note.strip():
        yield "Write the honest note on the evidence."
    yield from citation_problems(content)


def citation_problems(content):
    """Benefits graded above "No good studies yet" without a source; figures without theirs."""
    for benefit in content.parts.get("benefits", []):
        problem = evidence_problem(benefit.evidence_level, len(benefit.m2m_ids["sources"]))
        if problem:
            yield f'Benefit "{benefit.title}": {problem}'
    for risk in content.parts.get("risks", []):
        problem = frequency_problem(risk.frequency, risk.frequency_source_id)
        if problem:
            yield f'Risk "{risk.title}": {problem}'


AREA = PageKind(
    kind="area",
    name="Treatment area page",
    root_model_label="treatments.TreatmentArea",
    url_name="treatments:detail",
    view="treatments.views.TreatmentAreaDetailView",
    clinical=True,
    problems=area_problems,
    parts=(
        Part(
            "area",
            "treatments.TreatmentArea",
            "Treatment area",
            owner="id",
            title_field="name",
            text_fields=(
                "name",
                "summary",
                "body",
                "procedure",
                "sessions_downtime",
                "aftercare",
                "costs",
                "evidence_note",
            ),
            setting_fields=(
                "published",
                "slug",
                "image",
                "image_alt",
                "order",
                "evidence_sources",
                "example_prices",
            ),
            m2m=("evidence_sources",),
            # The sections of treatments/treatmentarea_detail.html that show the area's own text.
            field_sections=(
                (("name", "summary"), "", ""),
                (("body",), "about", "About this treatment"),
                (("procedure", "sessions_downtime"), "procedure", "What happens"),
                (("aftercare",), "aftercare", "Aftercare"),
                (("costs",), "costs", "What it costs"),
                (("evidence_note",), "evidence", "What the evidence shows"),
            ),
        ),
        Part(
            "benefits",
            "treatments.Benefit",
            "Benefit",
            owner="area",
            setting_fields=("evidence_level", "sources", "order"),
            m2m=("sources",),
            section=("benefits", "Possible benefits"),
        ),
        Part("risks", "treatments.Risk", "Risk", owner="area", section=("risks", "Risks and side effects"), **RISK),
        Part("faqs", "treatments.Faq", "Question", owner="area", section=("faq", "Questions"), **FAQ),
        Part(
            "questions",
            "treatments.Question",
            "Question to ask",
            owner="area",
            title_field="question",
            text_fields=("question", "why"),
            setting_fields=("order",),
            section=("questions", "Questions to ask at your consultation"),
            search_boost=0.5,  # questions for the patient to ask: after the sections that answer them
        ),
        Part(
            "milestones",
            "treatments.Milestone",
            "Milestone",
            owner="area",
            section=("history", "History"),
            **MILESTONE,
        ),
        cited_sources(cited_on_area),
    ),
)

SAFETY = PageKind(
    kind="safety",
    name="Safety page",
    url_name="treatments:safety",
    view="treatments.views.SafetyView",
    clinical=True,
    problems=citation_problems,
    title="Safety",
    # The page for every area comes before an area page that says the same about one area.
    search_boost=1.25,
    parts=(
        text_blocks(PageText.Page.SAFETY),
        Part(
            "risks",
            "treatments.Risk",
            "Risk",
            where=Q(area__isnull=True),
            section=("general-risks", "Risks common to all areas"),
            **RISK,
        ),
        cited_sources(
            lambda _: (
                Q(cited_by_risks__isnull=False, cited_by_risks__area__isnull=True)
                | Q(frequency_of_risks__isnull=False, frequency_of_risks__area__isnull=True)
            )
        ),
    ),
)

HISTORY = PageKind(
    kind="history",
    name="History page",
    url_name="treatments:history",
    view="treatments.views.HistoryView",
    clinical=True,
    title="History of mesotherapy",
    parts=(
        text_blocks(PageText.Page.HISTORY),
        Part(
            "milestones",
            "treatments.Milestone",
            "Milestone",
            where=Q(area__isnull=True),
            section=("milestone-{id}", "Timeline"),
            **MILESTONE,
        ),
        cited_sources(lambda _: Q(cited_by_milestones__isnull=False, cited_by_milestones__area__isnull=True)),
    ),
)

TREATMENTS = PageKind(
    kind="treatments",
    name="Treatments page",
    url_name="treatments:list",
    view="treatments.views.TreatmentAreaListView",
    clinical=True,
    title="Treatments",
    parts=(
        text_blocks(PageText.Page.TREATMENTS),
        Part(
            "faqs",
            "treatments.Faq",
            "Question",
            where=Q(area__isnull=True),
            section=("faq", "Common questions"),
            **FAQ,
        ),
        cited_sources(lambda _: Q(cited_by_faqs__isnull=False, cited_by_faqs__area__isnull=True)),
    ),
)

KINDS = (AREA, SAFETY, HISTORY, TREATMENTS)
