"""The pages app: the clinic's details, and the page text every public page is framed with
(its pages declared in page_kinds.py)."""

from django.apps import AppConfig
from django.urls import reverse


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Clinic details and page text"

    def ready(self):
        from declarations import content
        from golive import examples
        from outbox.services import use_as_fallback_sender
        from pagecache.cache import invalidate_on_change

        from .models import BankHoliday, ClinicDetails, PageText, clinic_email
        from .page_kinds import TEXT_PAGES

        invalidate_on_change(ClinicDetails, PageText, BankHoliday)
        use_as_fallback_sender(clinic_email)
        examples.register(
            examples.ExampleKind("Clinic details", lambda: ClinicDetails.objects.filter(is_example=True), _clinic)
        )
        for kind in TEXT_PAGES:
            content.register(kind)


def _clinic(clinic):
    return (
        f"{clinic.name}, its address, phone and email",
        'Put in the clinic\'s own details and untick "example details".',
        reverse("admin:pages_clinicdetails_change", args=[clinic.pk]),
    )
