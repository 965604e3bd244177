"""The clinicians app: the clinic's team register, shown to patients at /about/team/."""

from django.apps import AppConfig


class CliniciansConfig(AppConfig):
    name = "clinicians"
    verbose_name = "Team register"

    def ready(self):
        from declarations import content
        from pagecache.cache import invalidate_on_change

        from .models import Clinician
        from .page_kinds import TEAM

        # The team page, and every page whose "last reviewed" names a clinician.
        invalidate_on_change(Clinician)
        content.register(TEAM)
