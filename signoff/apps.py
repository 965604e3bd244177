"""The signoff app: clinical content reaches patients only once a clinician approves it (not its editor,
unless the clinic allows self-approval: CLINICAL_SIGNOFF_SELF_APPROVAL)."""

from django.apps import AppConfig
from django.urls import reverse


class SignoffConfig(AppConfig):
    name = "signoff"
    verbose_name = "Clinical sign-off"

    def ready(self):
        from golive import examples

        from . import signals
        from .models import Approval, ClinicalPage

        signals.connect()
        examples.register(
            examples.ExampleKind(
                "Review",
                lambda: ClinicalPage.objects.live().filter(live__source=Approval.Source.CONTENT),
                _loader_approval,
            )
        )


def _loader_approval(page):
    return (
        f"{page.title} was approved by load_content, not by a clinician in the admin, so patients are told it "
        "has not been reviewed",
        "A clinical reviewer reads the page and approves it on its review screen (submit it for review first).",
        reverse("admin:signoff_clinicalpage_change", args=[page.pk]),
    )
