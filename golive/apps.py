"""The golive app: what is still example content, so that nothing example reaches a patient as fact."""

from django.apps import AppConfig


class GoliveConfig(AppConfig):
    name = "golive"
    verbose_name = "Going live"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy check)
