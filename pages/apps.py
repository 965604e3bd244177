"""The pages app: the clinic's details, the page text every public page is framed with, and the
declarations of what each page shows (pages.content)."""

from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Clinic details and page text"

    def ready(self):
        from pagecache.cache import invalidate_on_change

        from . import content
        from .models import BankHoliday, ClinicDetails, PageText

        invalidate_on_change(ClinicDetails, PageText, BankHoliday)
        for kind in content.TEXT_PAGES:
            content.register(kind)
