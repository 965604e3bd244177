"""Public pages about mesotherapy: thin views over the published content."""

from django.conf import settings
from django.db.models import Q
from django.views.generic import DetailView, TemplateView

from .models import ClinicDetails, Faq, Milestone, PageText, Risk, TreatmentArea


class PageTextMixin:
    """Puts the clinic details and this page's editable text blocks in the context (one query)."""

    page = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        clinic = ClinicDetails.objects.with_page_blocks(self.page).first()
        context["clinic"] = clinic
        context["blocks"] = clinic.page_blocks() if clinic else PageText.objects.blocks_for(self.page)
        return context


class HomeView(PageTextMixin, TemplateView):
    template_name = "treatments/home.html"
    page = PageText.Page.HOME

    def get_context_data(self, **kwargs):
        return super().get_context_data(areas=TreatmentArea.objects.published(), **kwargs)


class TreatmentAreaListView(PageTextMixin, TemplateView):
    template_name = "treatments/treatmentarea_list.html"
    page = PageText.Page.TREATMENTS

    def get_context_data(self, **kwargs):
        return super().get_context_data(areas=TreatmentArea.objects.published(), faqs=Faq.objects.general(), **kwargs)


class TreatmentAreaDetailView(DetailView):
    context_object_name = "area"

    def get_queryset(self):
        areas = TreatmentArea.objects.with_content()
        # Staff may preview an area before it is published. For a visitor with no
        # session cookie, request.user costs no query.
        return areas if self.request.user.is_staff else areas.published()


class HistoryView(PageTextMixin, TemplateView):
    template_name = "treatments/history.html"
    page = PageText.Page.HISTORY

    def get_context_data(self, **kwargs):
        milestones = Milestone.objects.select_related("area").filter(Q(area__isnull=True) | Q(area__published=True))
        return super().get_context_data(milestones=milestones, **kwargs)


class SafetyView(PageTextMixin, TemplateView):
    template_name = "treatments/safety.html"
    page = PageText.Page.SAFETY

    def get_context_data(self, **kwargs):
        return super().get_context_data(risks=Risk.objects.general(), **kwargs)


class PrivacyView(PageTextMixin, TemplateView):
    template_name = "treatments/privacy.html"
    page = PageText.Page.PRIVACY

    def get_context_data(self, **kwargs):
        return super().get_context_data(retention_days=settings.ENQUIRY_RETENTION_DAYS, **kwargs)
