from django.apps import AppConfig


class TreatmentsConfig(AppConfig):
    name = "treatments"
    verbose_name = "Treatment content"

    def ready(self):
        from declarations import content

        from .page_kinds import KINDS

        # No page-cache invalidation on save: patients read approved versions, so only an
        # approval or a take-down (signoff) changes what they see.
        for kind in KINDS:
            content.register(kind)
