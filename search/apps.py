"""The search app: /search/, over what patients can read now."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Site search"
    # Read by load_content: this app's file in content/ and the function that loads it.
    content_files = {"search.md": "search.content_file.load"}

    def ready(self):
        from . import signals

        signals.connect()
