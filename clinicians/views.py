"""/about/team/: the clinicians who treat patients and sign the site's clinical content off."""

from django.views.generic import TemplateView

from pages.frame import PageFrameMixin
from pages.models import PageText

from .models import Clinician


class TeamView(PageFrameMixin, TemplateView):
    template_name = "clinicians/team.html"
    page = PageText.Page.TEAM

    def get_context_data(self, **kwargs):
        return super().get_context_data(clinicians=Clinician.objects.active(), **kwargs)
