"""Where links in mail sent without a request (digests, reminders) point: the site's own address."""

from django.conf import settings


def default_site_url():
    """The first of ALLOWED_HOSTS, over HTTPS in production, ending in "/"."""
    host = next((host for host in settings.ALLOWED_HOSTS if host not in {"*", ""}), "localhost").lstrip(".")
    return f"{'https' if settings.PRODUCTION else 'http'}://{host}/"


def site_url_or_default(site_url=None):
    site_url = site_url or default_site_url()
    return site_url if site_url.endswith("/") else site_url + "/"
