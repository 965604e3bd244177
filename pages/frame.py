"""The frame around every public page: the clinic's details and the page's own text blocks."""

from pagecache.cache import remembered

from .models import ClinicDetails, PageText, clinic_schedule


def schedule():
    """The clinic's opening hours and bank holidays (workinghours.Schedule), kept until content changes."""
    return remembered("clinic-schedule", clinic_schedule)


class PageFrameMixin:
    """Puts the clinic details and this page's editable text blocks in the context (one query).

    A view names its page with `page` (a `PageText.Page`).
    """

    page = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["clinic"], context["blocks"] = remembered(f"frame:{self.page}", self.clinic_and_blocks)
        return context

    def clinic_and_blocks(self):
        """Called only when content has changed since this process last asked: a warm page builds no queryset."""
        clinic = ClinicDetails.objects.with_page_blocks(self.page).first()
        return clinic, clinic.page_blocks() if clinic else PageText.objects.blocks_for(self.page)
