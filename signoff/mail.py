"""Sign-off emails: a link to the page in the admin, never its content (reviewers read it there).

Each names the page in its subject (a page's title is the clinic's own wording, never a patient's)
and goes to the people who can act on it: a review request to the reviewers who may approve that
page (never its submitter); a decision to the submitter, "changes requested" with a link to the
edit form; a weekly reminder of the pages due for review. Queued in the outbox inside the
decision's own transaction: the worker sends them.
"""

from urllib.parse import urljoin

from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from outbox.services import queue_email, site_sender

from . import people


def _queue(kind, page, to, subject, body):
    sender = site_sender()
    for address in to:  # one mail each: reviewers do not see each other's addresses
        message = EmailMessage(subject=subject, body=body, from_email=sender, to=[address])
        queue_email(message, regarding=page, kind=kind)


def review_requested(page, *, site_url):
    link = urljoin(site_url, page.review_url())
    body = (
        f"A page of the website is waiting for your clinical sign-off:\n\n{page.title}\n{link}\n\n"
        "Open the link to see what would change for patients, then approve it or ask for changes.\n"
    )
    emails = [user.email for user in people.approvers(page)]
    _queue("signoff_review_requested", page, emails, f"Waiting for your clinical sign-off: {page.title}", body)


def decided(page, email, *, approved, site_url):
    if approved:
        link = urljoin(site_url, reverse("admin:signoff_clinicalpage_change", args=[page.pk]))
        subject = f"Approved: {page.title}"
        body = f"The page you submitted for clinical sign-off was approved:\n\n{page.title}\n{link}\n"
    else:
        link = urljoin(site_url, page.edit_url())
        subject = f"Changes requested: {page.title}"
        body = (
            f"The page you submitted for clinical sign-off was sent back with a comment from the reviewer:"
            f"\n\n{page.title}\n\nThe comment is at the top of its form; make the changes there and submit "
            f"it again:\n{link}\n"
        )
    _queue("signoff_decided", page, [email], subject, body)


def reviews_due(pages, *, site_url):
    """To every reviewer who may approve: the live pages due for review soon, each with its review link.
    Returns how many reviewers it was queued for (none when nothing is due)."""
    if not pages:
        return 0
    today = timezone.localdate()
    lines = [
        f"- {page.title}: {'overdue since' if page.live.next_review_due < today else 'due'} "
        f"{page.live.next_review_due:%-d %B %Y}\n  {urljoin(site_url, page.review_url())}"
        for page in pages
    ]
    body = (
        "These pages of the website are due for their clinical review within 30 days. To review one, open "
        "it, check every word against current evidence and approve it again, even when nothing changed.\n\n"
        + "\n".join(lines)
        + "\n"
    )
    emails = [user.email for user in people.all_approvers()]
    count = len(pages)
    _queue(
        "signoff_reviews_due", None, emails, f"{count} page{'s' if count != 1 else ''} due for clinical review", body
    )
    return len(emails)
