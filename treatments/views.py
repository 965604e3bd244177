"""Public pages about mesotherapy: thin views over the live, clinically approved content.

Each page's content comes from its live approval (signoff); the staff preview hands the same
views the working copy instead (`content`, `preview`), so both render through one path.
"""

from django.http import Http404
from django.views.generic import TemplateView

from declarations.content import sort_key
from pages.frame import PageFrameMixin
from pages.models import PageText, blocks_by_key
from signoff.selectors import live_content, live_pages
from sources.citations import Citations

from . import page_kinds, structured_data
from .models import Milestone
from .published import area_from, cite_faqs, cite_milestones, cite_risks, live_areas, published_areas


class StructuredDataMixin:
    """Puts the page's JSON-LD in the context as `json_ld` and allows it in the CSP by its hash.

    A hash, not a nonce: public pages are cached whole, so a nonce would be served again,
    while the hash of the same cached text stays right. The page is stored with the CSP header built from it.
    """

    def structured_data(self, context):
        return None

    def render_to_response(self, context, **response_kwargs):
        # Here rather than in get_context_data: every view's context is complete by now.
        data = self.structured_data(context)
        if data:
            context["json_ld"] = structured_data.json_ld(data)
        response = super().render_to_response(context, **response_kwargs)
        if context.get("json_ld"):
            response._csp_update = {"script-src": [context["json_ld"].csp_source]}
        return response


class ClinicalPageMixin:
    """A clinical page: its live approved version, or the working copy the staff preview passes in.

    Views list the other live pages they show (the area cards) in `also_live_kinds`; all come
    in one query.
    """

    page_kind = None
    also_live_kinds = ()
    # Set by the staff preview (signoff.views) through as_view().
    content = None
    approval = None
    preview = False

    def live_lookup(self):
        return {"keys": [self.page_kind.key()]}

    def load(self):
        pages = live_pages(**self.live_lookup(), kinds=self.also_live_kinds)
        if self.content is None:
            mine = [page for page in pages if page.kind == self.page_kind.kind]
            if not mine:
                raise Http404("No such page.")
            self.content, self.approval = live_content(mine[0]), mine[0].live
        return pages

    def get_context_data(self, **kwargs):
        others = self.load()
        context = super().get_context_data(**kwargs)
        context.update(
            preview=self.preview,
            approval=self.approval,
            blocks=blocks_by_key(self.content.parts.get("blocks", [])),
            areas=live_areas(others),
        )
        return context


class HomeView(StructuredDataMixin, PageFrameMixin, TemplateView):
    template_name = "treatments/home.html"
    page = PageText.Page.HOME

    def get_context_data(self, **kwargs):
        return super().get_context_data(areas=published_areas(), **kwargs)

    def structured_data(self, context):
        # Search engines would take an example clinic's address and phone as fact.
        if context["clinic"] and not context["clinic"].is_example:
            return structured_data.clinic(context["clinic"], self.request.build_absolute_uri("/"))
        return None


class TreatmentAreaListView(ClinicalPageMixin, TemplateView):
    template_name = "treatments/treatmentarea_list.html"
    page_kind = page_kinds.TREATMENTS
    also_live_kinds = [page_kinds.AREA.kind]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        citations = Citations(self.content["sources"])
        cite_faqs(citations, self.content["faqs"])
        context.update(faqs=self.content["faqs"], source_entries=citations.entries())
        return context


class TreatmentAreaDetailView(StructuredDataMixin, ClinicalPageMixin, TemplateView):
    template_name = "treatments/treatmentarea_detail.html"
    page_kind = page_kinds.AREA

    def live_lookup(self):
        return {"slug": self.kwargs.get("slug")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["area"] = area_from(self.content)
        return context

    def structured_data(self, context):
        area = context["area"]
        return structured_data.area_page(
            area, self.request.build_absolute_uri(area.get_absolute_url()), context["approval"]
        )


class HistoryView(ClinicalPageMixin, TemplateView):
    template_name = "treatments/history.html"
    page_kind = page_kinds.HISTORY
    also_live_kinds = [page_kinds.AREA.kind]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        milestones, sources = list(self.content["milestones"]), list(self.content["sources"])
        for area in context["areas"]:
            for milestone in area.milestone_list:
                milestone.area = area
                milestones.append(milestone)
            sources += area.sources
        milestones.sort(key=sort_key(Milestone))
        citations = Citations(sources)
        cite_milestones(citations, milestones)
        context.update(milestones=milestones, source_entries=citations.entries())
        return context


class SafetyView(StructuredDataMixin, ClinicalPageMixin, TemplateView):
    template_name = "treatments/safety.html"
    page_kind = page_kinds.SAFETY
    # For search results and the JSON-LD alike.
    description = "The risks common to all mesotherapy, who should not have it, and how to choose a practitioner."

    def structured_data(self, context):
        intro = context["blocks"].get("intro")
        return structured_data.reviewed_page(
            intro.title if intro and intro.title else "Safety",
            self.description,
            self.request.build_absolute_uri(self.request.path),
            context["approval"],
            context["source_entries"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        citations = Citations(self.content["sources"])
        cite_risks(citations, self.content["risks"])
        context.update(risks=self.content["risks"], description=self.description, source_entries=citations.entries())
        return context
