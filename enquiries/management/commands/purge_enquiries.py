"""manage.py purge_enquiries: delete closed and spam enquiries once the retention period is over."""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from enquiries.models import Enquiry

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Delete closed and spam enquiries closed more than --days days ago (default: ENQUIRY_RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.ENQUIRY_RETENTION_DAYS,
            help=f"keep enquiries closed fewer than this many days ago (default {settings.ENQUIRY_RETENTION_DAYS})",
        )
        parser.add_argument("--dry-run", action="store_true", help="say how many would be deleted, delete nothing")

    def handle(self, *args, days, dry_run, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        purgeable = Enquiry.objects.purgeable(days)
        if dry_run:
            count = purgeable.count()
            verb = "dry run, would delete"
        else:
            _, deleted = purgeable.delete()
            count = deleted.get(Enquiry._meta.label, 0)
            verb = "deleted"
            logger.info("event=enquiries_purged count=%s days=%s", count, days)
        noun = "enquiry" if count == 1 else "enquiries"
        self.stdout.write(
            self.style.SUCCESS(
                f"purge_enquiries: {verb} {count} closed or spam {noun} closed more than {days} days ago"
            )
        )
