"""The emails about an enquiry, as the outbox stores them: the clinic's notice, the patient's
acknowledgement (with the promise of when they will hear back), and a handler's reply.

Each carries the enquiry's reference ("ENQ-123") in its subject, and the patient's mail a Reply-To
whose name carries it too ("Meadow Lane Clinic (ref ENQ-123)" <hello@…>), so that when a patient
answers, the handler sees which enquiry it belongs to, and can search for it. The reference holds
no health details; the clinic's notice holds nothing the patient wrote.
"""

from email.utils import formataddr
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from pages.models import clinic_and_sender

from .timing import promise


def _reply_to(clinic, enquiry):
    if not (clinic and clinic.email):
        return None
    return [formataddr((f"{clinic.name} (ref {enquiry.reference()})", clinic.email))]


def clinic_notice(enquiry, *, site_url):
    """To the clinic: a new enquiry arrived, with a link to it in the admin and nothing it says."""
    clinic, sender = clinic_and_sender()
    context = {
        "clinic": clinic,
        "reference": enquiry.reference(),
        "admin_url": urljoin(site_url, reverse("admin:enquiries_enquiry_change", args=[enquiry.pk])),
    }
    return EmailMessage(
        subject=f"New enquiry on the website (ref {enquiry.reference()})",
        body=render_to_string("enquiries/email/clinic_notification.txt", context),
        from_email=sender,
        to=[settings.CLINIC_NOTIFY_EMAIL or (clinic.email if clinic else None) or sender],
    )


def acknowledgement(enquiry):
    """To the patient: we have your message, and when to expect an answer (enquiries.timing)."""
    clinic, sender = clinic_and_sender()
    context = {
        "clinic": clinic,
        "reference": enquiry.reference(),
        "promise": promise(enquiry.received_at),
        "by_phone": enquiry.preferred_contact == enquiry.PreferredContact.PHONE,
    }
    name = f": {clinic.name}" if clinic else ""
    return EmailMessage(
        subject=f"We have your message{name} (ref {enquiry.reference()})",
        body=render_to_string("enquiries/email/patient_acknowledgement.txt", context),
        from_email=sender,
        to=[enquiry.email],
        reply_to=_reply_to(clinic, enquiry),
        headers={"Auto-Submitted": "auto-generated"},
    )


def reply_message(enquiry, body):
    """The email a reply becomes, exactly as the patient will get it (the preview shows this)."""
    clinic, sender = clinic_and_sender()
    to_whom = clinic.name if clinic else "the clinic"
    return EmailMessage(
        subject=f"Your question to {to_whom} (ref {enquiry.reference()})",
        body=body,
        from_email=sender,
        to=[enquiry.email],
        reply_to=_reply_to(clinic, enquiry),
    )
