"""The ops app: operators' commands (backups, restores, preparing the database at start). No models, no pages."""

from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = "Operations"
