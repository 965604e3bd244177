"""Public pages about mesotherapy: thin views over the published content."""

from django.db.models import Q
from django.views.generic import DetailView, TemplateView

from pages.frame import PageFrameMixin
from pages.models import PageText

from . import structured_data
from .models import Faq, Milestone, Risk, TreatmentArea


class StructuredDataMixin:
    """Puts the page's JSON-LD in the context as `json_ld` and allows it in the CSP by its hash.

    A hash, not a nonce: public pages are cached whole, so a nonce would be served again,
    while the hash of the same cached text stays right. The page cache keeps `_csp_update`.
    """

    def structured_data(self, context):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self.structured_data(context)
        if data:
            context["json_ld"] = structured_data.json_ld(data)
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context.get("json_ld"):
            response._csp_update = {"script-src": [context["json_ld"].csp_source]}
        return response


class HomeView(StructuredDataMixin, PageFrameMixin, TemplateView):
    template_name = "treatments/home.html"
    page = PageText.Page.HOME

    def get_context_data(self, **kwargs):
        return super().get_context_data(areas=TreatmentArea.objects.published(), **kwargs)

    def structured_data(self, context):
        if context["clinic"]:
            return structured_data.clinic(context["clinic"], self.request.build_absolute_uri("/"))
        return None


class TreatmentAreaListView(PageFrameMixin, TemplateView):
    template_name = "treatments/treatmentarea_list.html"
    page = PageText.Page.TREATMENTS

    def get_context_data(self, **kwargs):
        return super().get_context_data(areas=TreatmentArea.objects.published(), faqs=Faq.objects.general(), **kwargs)


class TreatmentAreaDetailView(StructuredDataMixin, DetailView):
    context_object_name = "area"

    def structured_data(self, context):
        area = context["area"]
        return structured_data.area_page(area, self.request.build_absolute_uri(area.get_absolute_url()))

    def get_queryset(self):
        areas = TreatmentArea.objects.with_content()
        # Staff may preview an area before it is published. For a visitor with no
        # session cookie, request.user costs no query.
        return areas if self.request.user.is_staff else areas.published()


class HistoryView(PageFrameMixin, TemplateView):
    template_name = "treatments/history.html"
    page = PageText.Page.HISTORY

    def get_context_data(self, **kwargs):
        milestones = Milestone.objects.select_related("area").filter(Q(area__isnull=True) | Q(area__published=True))
        return super().get_context_data(milestones=milestones, **kwargs)


class SafetyView(StructuredDataMixin, PageFrameMixin, TemplateView):
    template_name = "treatments/safety.html"
    page = PageText.Page.SAFETY
    # For search results and the JSON-LD alike.
    description = "The risks common to all mesotherapy, who should not have it, and how to choose a practitioner."

    def structured_data(self, context):
        intro = context["blocks"].get("intro")
        return structured_data.reviewed_page(
            intro.title if intro and intro.title else "Safety",
            self.description,
            self.request.build_absolute_uri(self.request.path),
            intro,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(risks=Risk.objects.general(), description=self.description, **kwargs)
