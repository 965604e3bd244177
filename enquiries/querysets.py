"""Reads of enquiries: what is new, open, overdue (in opening hours), whose reply failed, and search."""

import datetime

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from outbox.models import OutgoingEmail

from .search import phone_term, reference_term
from .timing import overdue_cutoff


def _reply_model():
    return apps.get_model("enquiries", "EnquiryReply")


def failed_last_replies(**reply_filters):
    """Each enquiry's last reply, when it is an email that failed for good (a subquery on OuterRef("pk")).

    A later reply (sent again, another email, a phone call) answers the patient, so only the last counts.
    """
    reply = _reply_model()
    failed_mail = OutgoingEmail.objects.failed().filter(
        content_type=ContentType.objects.get_for_model(reply), object_id=OuterRef("pk")
    )
    later = reply.objects.filter(enquiry=OuterRef("enquiry"), pk__gt=OuterRef("pk"))
    return (
        reply.objects.filter(enquiry=OuterRef("pk"), channel=reply.Channel.EMAIL, **reply_filters)
        .filter(Exists(failed_mail))
        .exclude(Exists(later))
    )


class EnquiryQuerySet(models.QuerySet):
    def new(self):
        """Not yet picked up by anyone: what the admin index counts."""
        return self.filter(status=self.model.Status.NEW)

    def finished(self):
        return self.filter(status__in=self.model.FINISHED_STATUSES)

    def open(self):
        """Waiting for an answer: the ones the response-time target applies to."""
        return self.filter(status__in=self.model.OPEN_STATUSES)

    def overdue(self, now=None):
        """Open, and not answered within ENQUIRY_RESPONSE_HOURS of opening hours (enquiries.timing)."""
        return self.open().filter(received_at__lt=overdue_cutoff(now))

    def due_within(self, hours, now=None):
        """Open and not yet overdue, but due within `hours` (real hours from now)."""
        now = now or timezone.now()
        later = now + datetime.timedelta(hours=hours)
        return self.open().filter(received_at__gte=overdue_cutoff(now), received_at__lt=overdue_cutoff(later))

    def with_reply_failed(self):
        """Each enquiry with `reply_failed`: its last reply is an email that failed for good."""
        return self.annotate(reply_failed=Exists(failed_last_replies()))

    def reply_failed(self, by=None):
        """Enquiries whose last reply is an email that failed for good (written by `by`, if given)."""
        return self.filter(Exists(failed_last_replies(**({"author": by} if by is not None else {}))))

    def for_email(self, email):
        """Everything one person sent, whatever the case of their address (data-rights requests)."""
        return self.filter(email__iexact=email.strip())

    def from_same_person(self, enquiry):
        """Other enquiries from the same email address or phone number, newest first."""
        same = Q(email__iexact=enquiry.email)
        if enquiry.phone_normalised:
            same |= Q(phone_normalised=enquiry.phone_normalised)
        return self.filter(same).exclude(pk=enquiry.pk)

    def matching_number(self, term):
        """Enquiries a search term finds as a phone number or a reference ("ENQ-12"); none for other terms."""
        query = Q(pk__in=[])
        number = phone_term(term)
        if number:
            query |= Q(phone_normalised__contains=number)
        pk = reference_term(term)
        if pk is not None:
            query |= Q(pk=pk)
        return self.filter(query)

    def purgeable(self, days, now=None):
        """Closed or spam enquiries whose close time is more than `days` days ago."""
        cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
        return self.finished().filter(closed_at__lt=cutoff)
