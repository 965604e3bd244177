"""The privacy notice: page text around the retention period the clinic works to."""

from django.conf import settings
from django.views.generic import TemplateView

from .frame import PageFrameMixin
from .models import PageText


class PrivacyView(PageFrameMixin, TemplateView):
    template_name = "pages/privacy.html"
    page = PageText.Page.PRIVACY

    def get_context_data(self, **kwargs):
        return super().get_context_data(retention_days=settings.ENQUIRY_RETENTION_DAYS, **kwargs)
