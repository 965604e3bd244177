"""The pages app: the clinic's details, the page text every public page is framed with, and the
declarations of what each page shows (pages.content)."""

from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Clinic details and page text"

    def ready(self):
        from golive import examples
        from pagecache.cache import invalidate_on_change

        from . import content
        from .models import BankHoliday, ClinicDetails, PageText

        invalidate_on_change(ClinicDetails, PageText, BankHoliday)
        examples.register(
            examples.ExampleKind("Clinic details", lambda: ClinicDetails.objects.filter(is_example=True), _clinic)
        )
        for kind in content.TEXT_PAGES:
            content.register(kind)


def _clinic(clinic):
    from django.urls import reverse

    return (
        f"{clinic.name}, its address, phone and email",
        'Put in the clinic\'s own details and untick "example details".',
        reverse("admin:pages_clinicdetails_change", args=[clinic.pk]),
    )
