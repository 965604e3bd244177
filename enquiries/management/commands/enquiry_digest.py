"""manage.py enquiry_digest: email each enquiry handler counts by status and links to the overdue ones."""

from django.core.management.base import BaseCommand

from enquiries.digest import digest_send
from outbox.links import site_url_or_default


class Command(BaseCommand):
    help = (
        "Queue a short summary for every active enquiry handler: counts by status and the overdue "
        "enquiries as admin links. It holds no names, addresses or messages."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            help="the site's address, for the links (default: the first of ALLOWED_HOSTS, https in production)",
        )

    def handle(self, *args, site_url=None, **options):
        count = digest_send(site_url=site_url_or_default(site_url))
        noun = "handler" if count == 1 else "handlers"
        self.stdout.write(self.style.SUCCESS(f"enquiry_digest: queued for {count} {noun}"))
