"""The pages made of page text alone: the privacy notice (around the retention period the clinic works to),
how this information is made, and the accessibility statement."""

from django.conf import settings
from django.views.generic import TemplateView

from .frame import PageFrameMixin
from .models import PageText


class PrivacyView(PageFrameMixin, TemplateView):
    template_name = "pages/privacy.html"
    page = PageText.Page.PRIVACY

    def get_context_data(self, **kwargs):
        return super().get_context_data(retention_days=settings.ENQUIRY_RETENTION_DAYS, **kwargs)


class InformationView(PageFrameMixin, TemplateView):
    """How the pages are written, checked and reviewed, and who pays for them."""

    template_name = "pages/information.html"
    page = PageText.Page.INFORMATION


class AccessibilityView(PageFrameMixin, TemplateView):
    template_name = "pages/accessibility.html"
    page = PageText.Page.ACCESSIBILITY
