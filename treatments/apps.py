from django.apps import AppConfig
from django.urls import reverse


class TreatmentsConfig(AppConfig):
    name = "treatments"
    verbose_name = "Treatment content"

    def ready(self):
        from declarations import content
        from golive import examples

        from .page_kinds import KINDS

        # No page-cache invalidation on save: patients read approved versions, so only an
        # approval or a take-down (signoff) changes what they see.
        for kind in KINDS:
            content.register(kind)
        examples.register(examples.ExampleKind("Prices", _example_prices, _prices))


def _example_prices():
    """Area pages patients see whose approved prices are examples (the flag as approved, not as edited)."""
    from signoff.models import ClinicalPage

    return ClinicalPage.objects.live().filter(kind="area", live__snapshot__parts__area__0__example_prices=True)


def _prices(page):
    return (
        f"the prices on {page.title} are examples",
        'Put in the clinic\'s own prices, untick "prices are examples", and have a clinician approve the page.',
        reverse("admin:treatments_treatmentarea_change", args=[page.object_id]),
    )
