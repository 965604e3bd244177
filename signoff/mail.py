"""Sign-off emails: a link to the page in the admin, never its content (reviewers read it there).

Queued in the outbox inside the decision's own transaction: the worker sends them.
"""

from urllib.parse import urljoin

from django.core.mail import EmailMessage
from django.urls import reverse

from outbox.services import queue_email, site_sender


def _queue(kind, page, to, subject, body):
    sender = site_sender()
    for address in to:  # one mail each: reviewers do not see each other's addresses
        message = EmailMessage(subject=subject, body=body, from_email=sender, to=[address])
        queue_email(message, regarding=page, kind=kind)


def review_requested(page, emails, *, site_url):
    link = urljoin(site_url, page.review_url())
    body = (
        f"A page of the website is waiting for your clinical sign-off:\n\n{page.title}\n{link}\n\n"
        "Open the link to see what would change for patients, then approve it or ask for changes.\n"
    )
    _queue("signoff_review_requested", page, emails, "A page is waiting for clinical sign-off", body)


def decided(page, email, *, approved, site_url):
    link = urljoin(site_url, reverse("admin:signoff_clinicalpage_change", args=[page.pk]))
    if approved:
        subject, what = "Your change was approved", "was approved and patients now see it"
    else:
        subject, what = "Changes were requested", "was sent back with a comment from the reviewer"
    body = f"The page you submitted for clinical sign-off {what}:\n\n{page.title}\n{link}\n"
    _queue("signoff_decided", page, [email], subject, body)
