"""The clinicians app: the clinic's team register, shown to patients at /about/team/."""

from django.apps import AppConfig
from django.urls import reverse


class CliniciansConfig(AppConfig):
    name = "clinicians"
    verbose_name = "Team register"

    def ready(self):
        from declarations import content
        from golive import examples
        from pagecache.cache import invalidate_on_change

        from .models import Clinician
        from .page_kinds import TEAM

        # The team page, and every page whose "last reviewed" names a clinician.
        invalidate_on_change(Clinician)
        examples.register(
            examples.ExampleKind(
                "Team register", lambda: Clinician.objects.active().filter(is_example=True), _clinician
            )
        )
        content.register(TEAM)


def _clinician(clinician):
    return (
        f"{clinician.name} ({clinician.registration()}) is an example entry",
        "Replace them with a real clinician, their registration exactly as the regulator shows it, and untick "
        '"example entry"; or untick "active".',
        reverse("admin:clinicians_clinician_change", args=[clinician.pk]),
    )
