"""The signoff app: clinical content reaches patients only once a clinician other than its editor approves it."""

from django.apps import AppConfig


class SignoffConfig(AppConfig):
    name = "signoff"
    verbose_name = "Clinical sign-off"

    def ready(self):
        from . import signals

        signals.connect()
