"""Sign-off emails: a link to the page in the admin, never its content (reviewers read it there)."""

import logging
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse

from pages.models import ClinicDetails

logger = logging.getLogger(__name__)


def _send(kind, page, to, subject, body):
    clinic = ClinicDetails.load()
    sender = settings.DEFAULT_FROM_EMAIL or (clinic.email if clinic else None)
    if not sender or not to:
        logger.warning("event=signoff_mail_skipped page=%s kind=%s reason=no_sender_or_recipient", page.key, kind)
        return
    try:
        EmailMessage(subject=subject, body=body, from_email=sender, to=to).send()
    except Exception as exc:  # the decision is recorded whatever the mail server does
        logger.error("event=signoff_mail_failed page=%s kind=%s error=%s", page.key, kind, type(exc).__name__)
    else:
        logger.info("event=signoff_mail_sent page=%s kind=%s", page.key, kind)


def review_requested(page, emails, *, site_url):
    link = urljoin(site_url, page.review_url())
    body = (
        f"A page of the website is waiting for your clinical sign-off:\n\n{page.title}\n{link}\n\n"
        "Open the link to see what would change for patients, then approve it or ask for changes.\n"
    )
    _send("review_requested", page, emails, "A page is waiting for clinical sign-off", body)


def decided(page, email, *, approved, site_url):
    link = urljoin(site_url, reverse("admin:signoff_clinicalpage_change", args=[page.pk]))
    if approved:
        subject, what = "Your change was approved", "was approved and patients now see it"
    else:
        subject, what = "Changes were requested", "was sent back with a comment from the reviewer"
    body = f"The page you submitted for clinical sign-off {what}:\n\n{page.title}\n{link}\n"
    _send("decided", page, [email], subject, body)
