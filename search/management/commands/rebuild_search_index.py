"""manage.py rebuild_search_index: index every page patients can read now, afresh."""

from django.core.management.base import BaseCommand

from search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuild the site search's index from the live, approved pages. Safe to run at any time."

    def handle(self, *args, **options):
        count = rebuild()
        self.stdout.write(self.style.SUCCESS(f"rebuild_search_index: {count} sections of pages indexed"))
