"""manage.py enquiry_digest: email each enquiry handler counts by status and links to the overdue ones."""

from django.conf import settings
from django.core.management.base import BaseCommand

from enquiries.digest import digest_send


def default_site_url():
    """The first of ALLOWED_HOSTS, over HTTPS in production: where the digest's links point."""
    host = next((host for host in settings.ALLOWED_HOSTS if host not in {"*", ""}), "localhost").lstrip(".")
    return f"{'https' if settings.PRODUCTION else 'http'}://{host}/"


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
        site_url = site_url or default_site_url()
        count = digest_send(site_url=site_url if site_url.endswith("/") else site_url + "/")
        noun = "handler" if count == 1 else "handlers"
        self.stdout.write(self.style.SUCCESS(f"enquiry_digest: queued for {count} {noun}"))
