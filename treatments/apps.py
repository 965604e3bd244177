from django.apps import AppConfig


class TreatmentsConfig(AppConfig):
    name = "treatments"
    verbose_name = "Site content"

    def ready(self):
        from . import signals

        signals.connect()
