"""The collisions app: two staff on one record (version tokens, stale saves refused, presence)."""

from django.apps import AppConfig


class CollisionsConfig(AppConfig):
    name = "collisions"
    verbose_name = "Two staff on one record"
