from django.apps import AppConfig


class TreatmentsConfig(AppConfig):
    name = "treatments"
    verbose_name = "Treatment content"

    def ready(self):
        from pagecache.cache import invalidate_on_change

        from .models import Benefit, Faq, Milestone, Risk, TreatmentArea

        invalidate_on_change(TreatmentArea, Benefit, Risk, Milestone, Faq)
