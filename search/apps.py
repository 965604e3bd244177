"""The search app: /search/, over what patients can read now."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Site search"
    # Read by load_content: this app's file in content/ and the function that loads it.
    content_files = {"search.md": "search.content_file.load"}

    def ready(self):
        from pagecache.cache import invalidate_on_change

        from . import signals
        from .models import NotOffered, Synonym

        signals.connect()
        # Each process keeps the editors' words until content changes (search.services.editors_words).
        invalidate_on_change(Synonym, NotOffered)
