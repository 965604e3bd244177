"""manage.py remind_reviewers: the weekly mail to clinical reviewers of the pages due for review within 30 days."""

from django.core.management.base import BaseCommand

from outbox.links import site_url_or_default
from signoff import mail
from signoff.models import ClinicalPage


class Command(BaseCommand):
    help = (
        "Queue, for every reviewer who may approve clinical pages, the list of live pages whose review is "
        "overdue or due within 30 days, with a link to each review screen. Nothing is sent when none is due."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            help="the site's address, for the links (default: the first of ALLOWED_HOSTS, https in production)",
        )

    def handle(self, *args, site_url=None, **options):
        pages = list(ClinicalPage.objects.review_due().order_by("live__next_review_due", "title"))
        count = mail.reviews_due(pages, site_url=site_url_or_default(site_url))
        self.stdout.write(
            self.style.SUCCESS(f"remind_reviewers: {len(pages)} page(s) due, reminder queued for {count} reviewer(s)")
        )
