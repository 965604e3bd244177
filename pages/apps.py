"""The pages app: the clinic's details and the page text every public page is framed with."""

from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Clinic details and page text"

    def ready(self):
        from pagecache.cache import invalidate_on_change

        from .models import ClinicDetails, PageText

        invalidate_on_change(ClinicDetails, PageText)
