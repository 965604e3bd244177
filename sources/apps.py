"""The sources app: the publications and guidance that patient pages cite, numbered on each page."""

from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = "Sources"
