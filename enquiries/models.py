"""Patient enquiries, their workflow state, and the log of staff who opened them."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone


class EnquiryQuerySet(models.QuerySet):
    def new(self):
        """Not yet picked up by anyone: what the admin index counts."""
        return self.filter(status=Enquiry.Status.NEW)

    def finished(self):
        return self.filter(status__in=Enquiry.FINISHED_STATUSES)

    def purgeable(self, days, now=None):
        """Closed or spam enquiries whose close time is more than `days` days ago."""
        cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
        return self.finished().filter(closed_at__lt=cutoff)


class Enquiry(models.Model):
    """What a patient sent through /enquire/, and where staff are with answering it.

    Nothing about the patient is kept beyond what they typed, when they consented and to
    which privacy notice: no IP address, no user agent.
    """

    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_PROGRESS = "in_progress", "In progress"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"
        SPAM = "spam", "Spam"

    class PreferredContact(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"

    # Statuses that start the retention clock (see `purge_enquiries`).
    FINISHED_STATUSES = (Status.CLOSED, Status.SPAM)

    # What the patient wrote: read-only in the admin.
    name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=30, blank=True)
    treatment = models.ForeignKey(
        "treatments.TreatmentArea",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enquiries",
        help_text="Empty: the patient was not sure.",
    )
    message = models.TextField()
    preferred_contact = models.CharField(max_length=10, choices=PreferredContact.choices)
    consent_given_at = models.DateTimeField()
    privacy_version = models.CharField(
        "privacy notice version",
        max_length=40,
        help_text="The version of the privacy notice the patient agreed to (date of its last change and a hash).",
    )
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)

    # The staff workflow.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_enquiries",
    )
    staff_notes = models.TextField(blank=True, help_text="Seen by staff only.")
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answered_enquiries",
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was closed or marked as spam: the retention period counts from here."
    )

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "enquiry"
        verbose_name_plural = "enquiries"
        permissions = [("export_enquiry", "Can export enquiries as CSV")]

    def __str__(self):
        # No name: this text is copied into the admin's log, which outlives the enquiry.
        received = timezone.localtime(self.received_at).strftime("%d %b %Y %H:%M") if self.received_at else "unsaved"
        return f"Enquiry {self.pk} received {received}"

    def save(self, *args, **kwargs):
        # Keep the retention clock right however the status was set (a form, the shell).
        if self.status in self.FINISHED_STATUSES and self.closed_at is None:
            self.closed_at = timezone.now()
        elif self.status not in self.FINISHED_STATUSES:
            self.closed_at = None
        super().save(*args, **kwargs)

    def area_name(self):
        """The area asked about, as staff see it in the list and the CSV export."""
        return self.treatment.name if self.treatment else "Not sure"

    def _set_status(self, status, *extra_fields):
        now = timezone.now()
        self.status = status
        self.status_changed_at = now
        self.closed_at = now if status in self.FINISHED_STATUSES else None
        self.save(update_fields=["status", "status_changed_at", "closed_at", *extra_fields])

    def reopen(self, by):
        self._set_status(self.Status.NEW)

    def assign_to(self, user):
        self.assigned_to = user
        self.save(update_fields=["assigned_to"])

    def mark_in_progress(self, by):
        """Someone is working on it; they become the assignee if there was none."""
        extra = []
        if self.assigned_to_id is None:
            self.assigned_to = by
            extra.append("assigned_to")
        self._set_status(self.Status.IN_PROGRESS, *extra)

    def mark_answered(self, by):
        self.answered_at = timezone.now()
        self.answered_by = by
        self._set_status(self.Status.ANSWERED, "answered_at", "answered_by")

    def close(self, by):
        self._set_status(self.Status.CLOSED)

    def mark_spam(self, by):
        self._set_status(self.Status.SPAM)

    def set_status(self, status, by):
        """Move to `status` through its named method, so each change records the same things."""
        transitions = {
            self.Status.NEW: self.reopen,
            self.Status.IN_PROGRESS: self.mark_in_progress,
            self.Status.ANSWERED: self.mark_answered,
            self.Status.CLOSED: self.close,
            self.Status.SPAM: self.mark_spam,
        }
        transitions[status](by)


class EnquiryAccess(models.Model):
    """One member of staff opening or exporting one enquiry: health data, so we keep who looked."""

    class Action(models.TextChoices):
        OPENED = "opened", "Opened in the admin"
        EXPORTED = "exported", "Exported as CSV"

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Kept as text too, so the log still names the person after their account is deleted.
    username = models.CharField(max_length=150)
    action = models.CharField(max_length=10, choices=Action.choices, default=Action.OPENED)
    accessed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-accessed_at", "-pk"]
        verbose_name = "enquiry access"
        verbose_name_plural = "enquiry access log"

    def __str__(self):
        return f"{self.username} {self.get_action_display().lower()} enquiry {self.enquiry_id}"

    @classmethod
    def record(cls, enquiries, user, action=Action.OPENED):
        cls.objects.bulk_create(
            [cls(enquiry=enquiry, user=user, username=user.get_username(), action=action) for enquiry in enquiries]
        )
