"""The outbox app: stored outgoing email, delivered by the worker process with retries."""

from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = "Outgoing email"
