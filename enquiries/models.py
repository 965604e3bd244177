"""Patient enquiries, their workflow state, the replies, notes and reply templates, and the log of
every staff action on them."""

import re

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .querysets import EnquiryQuerySet
from .search import normalise_phone, reference_of
from .timing import due_at, duration_words


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
    # Statuses still waiting for an answer: the response-time target applies to them.
    OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS)

    # What the patient wrote: read-only in the admin.
    name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=30, blank=True)
    # The phone number as search finds it (enquiries.search): digits, national form for UK numbers.
    phone_normalised = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
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

    # The mail about this enquiry (the clinic's notice, the acknowledgement): deleted with it.
    mails = GenericRelation("outbox.OutgoingEmail")

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "enquiry"
        verbose_name_plural = "enquiries"
        permissions = [
            ("export_enquiry", "Can export enquiries as CSV"),
            ("manage_subject_data", "Can find, export and erase all data held about a person (data rights)"),
        ]

    def __str__(self):
        # No name: this text is copied into the admin's log, which outlives the enquiry.
        received = timezone.localtime(self.received_at).strftime("%d %b %Y %H:%M") if self.received_at else "unsaved"
        return f"Enquiry {self.pk} received {received}"

    def save(self, *args, **kwargs):
        self.phone_normalised = normalise_phone(self.phone)
        if kwargs.get("update_fields") is not None and "phone" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "phone_normalised"}
        super().save(*args, **kwargs)

    def reference(self):
        """ "ENQ-123": in every mail's subject and Reply-To name, so a patient's answer can be matched. No
        health details."""
        return reference_of(self.pk)

    def area_name(self):
        """The area asked about, as staff see it in the list and the CSV export."""
        return self.treatment.name if self.treatment else "Not sure"

    def first_name(self):
        return self.name.split()[0] if self.name.strip() else ""

    def is_open(self):
        return self.status in self.OPEN_STATUSES

    def response_due_at(self):
        """ENQUIRY_RESPONSE_HOURS of the clinic's opening hours after it arrived (enquiries.timing)."""
        return due_at(self.received_at)

    def response_label(self, now=None):
        """ "due in 5 h" or "overdue by 3 h" (real time, to a due moment counted in opening hours) while
        open; "" once answered, closed or spam."""
        if not self.is_open():
            return ""
        left = self.response_due_at() - (now or timezone.now())
        if left.total_seconds() >= 0:
            return f"due in {duration_words(left)}"
        return f"overdue by {duration_words(-left)}"

    def is_overdue(self, now=None):
        return self.is_open() and self.response_due_at() < (now or timezone.now())

    def _set_status(self, status, by, *extra_fields):
        """The one place a status changes: the time of the change, the retention clock, the access log."""
        now = timezone.now()
        before = self.get_status_display()
        changed = status != self.status
        self.status = status
        self.status_changed_at = now
        self.closed_at = now if status in self.FINISHED_STATUSES else None
        self.save(update_fields=["status", "status_changed_at", "closed_at", *extra_fields])
        if by is not None and changed:
            EnquiryAccess.record(
                [self], by, EnquiryAccess.Action.STATUS, detail=f"{before} → {self.get_status_display()}"
            )

    def reopen(self, by):
        self._set_status(self.Status.NEW, by)

    def assign_to(self, user, by=None):
        """Give it to `user`; a new enquiry is then in progress, as someone has picked it up."""
        by = by or user
        self.assigned_to = user
        self.save(update_fields=["assigned_to"])
        EnquiryAccess.record([self], by, EnquiryAccess.Action.ASSIGNED, detail=f"to {user.get_username()}")
        if self.status == self.Status.NEW:
            self._set_status(self.Status.IN_PROGRESS, by)

    def unassign(self, by):
        self.assigned_to = None
        self.save(update_fields=["assigned_to"])
        EnquiryAccess.record([self], by, EnquiryAccess.Action.ASSIGNED, detail="to nobody")

    def mark_in_progress(self, by):
        """Someone is working on it; they become the assignee if there was none."""
        extra = []
        if self.assigned_to_id is None and by is not None:
            self.assigned_to = by
            extra.append("assigned_to")
        self._set_status(self.Status.IN_PROGRESS, by, *extra)

    def mark_answered(self, by):
        """Answered by `by`, who becomes the assignee if there was none (so it is in their "Mine")."""
        self.answered_at = timezone.now()
        self.answered_by = by
        extra = ["answered_at", "answered_by"]
        if self.assigned_to_id is None and by is not None:
            self.assigned_to = by
            extra.append("assigned_to")
            EnquiryAccess.record([self], by, EnquiryAccess.Action.ASSIGNED, detail=f"to {by.get_username()}")
        self._set_status(self.Status.ANSWERED, by, *extra)

    def can_be_answered(self):
        """Closed and spam enquiries take no reply: reopen first."""
        return self.status not in self.FINISHED_STATUSES

    def close(self, by):
        self._set_status(self.Status.CLOSED, by)

    def mark_spam(self, by):
        self._set_status(self.Status.SPAM, by)

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

    def add_note(self, text, by):
        """Append a staff note: notes are never edited or overwritten, so each says who wrote what, when."""
        note = self.notes.create(text=text, author=by, author_name=by.get_username())
        EnquiryAccess.record([self], by, EnquiryAccess.Action.NOTED)
        return note


class EnquiryNote(models.Model):
    """A note by staff on an enquiry: an append-only list, seen by staff only."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Kept as text too, so a note still says who wrote it after their account is deleted.
    author_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "staff note"

    def __str__(self):
        return f"Note {self.pk} on enquiry {self.enquiry_id}"


class EnquiryReply(models.Model):
    """What the clinic answered: an email to the patient, or the note of a phone call.

    Never changed once made: the record of what the clinic told a patient. An email reply's
    delivery is its mail in the outbox (`mails`).
    """

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone call"

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="replies")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    body = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now)
    mails = GenericRelation("outbox.OutgoingEmail")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "reply"
        verbose_name_plural = "replies"

    def __str__(self):
        return f"Reply {self.pk} to enquiry {self.enquiry_id}"

    def mail(self):
        """The email that carries this reply (None for a phone call); uses prefetched `mails` when there."""
        mails = list(self.mails.all())
        return mails[-1] if mails else None


# Placeholders a reply template may use, and what each becomes.
PLACEHOLDERS = {
    "first_name": "the patient's first name",
    "area": "the treatment area they asked about (or “mesotherapy”)",
    "handler_name": "your name",
    "clinic_name": "the clinic's name",
    "clinic_phone": "the clinic's phone number",
}
PLACEHOLDER_PATTERN = re.compile(r"\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}")


def placeholder_help():
    return "Placeholders: " + ", ".join(f"{{{name}}} ({meaning})" for name, meaning in PLACEHOLDERS.items())


class ReplyTemplate(models.Model):
    """A saved reply a handler starts from, with placeholders filled in for each enquiry."""

    title = models.CharField(max_length=120, unique=True)
    body = models.TextField(help_text=placeholder_help())
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = "reply template"

    def __str__(self):
        return self.title

    def clean(self):
        unknown = sorted({name for name in PLACEHOLDER_PATTERN.findall(self.body) if name not in PLACEHOLDERS})
        if unknown:
            names = ", ".join(f"{{{name}}}" for name in unknown)
            known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
            raise ValidationError(
                {"body": f"This template uses {names}, which the site cannot fill in. Use only: {known}."}
            )

    def fill(self, *, enquiry, handler, clinic=None):
        """The body with each placeholder replaced for this enquiry and handler."""
        values = {
            "first_name": enquiry.first_name(),
            "area": enquiry.treatment.name if enquiry.treatment else "mesotherapy",
            "handler_name": (handler.get_full_name() or handler.get_username()) if handler else "",
            "clinic_name": clinic.name if clinic else "",
            "clinic_phone": clinic.phone if clinic else "",
        }
        return PLACEHOLDER_PATTERN.sub(lambda match: values.get(match.group(1), match.group(0)), self.body)


class EnquiryAccess(models.Model):
    """One member of staff opening, exporting or acting on one enquiry: health data, so we keep who
    did what. `detail` says what changed, never anything the patient wrote."""

    class Action(models.TextChoices):
        OPENED = "opened", "Opened in the admin"
        EXPORTED = "exported", "Exported as CSV"
        ASSIGNED = "assigned", "Assigned"
        STATUS = "status", "Changed the status"
        REPLIED = "replied", "Replied by email"
        RESENT = "resent", "Sent a reply again"
        PHONED = "phoned", "Answered by phone"
        NOTED = "noted", "Added a note"
        DATA_EXPORT = "data_export", "Exported for a data-rights request"

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Kept as text too, so the log still names the person after their account is deleted.
    username = models.CharField(max_length=150)
    action = models.CharField(max_length=20, choices=Action.choices, default=Action.OPENED)
    detail = models.CharField(max_length=200, blank=True)
    accessed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-accessed_at", "-pk"]
        verbose_name = "enquiry access"
        verbose_name_plural = "enquiry access log"

    def __str__(self):
        return f"{self.username} {self.get_action_display().lower()} enquiry {self.enquiry_id}"

    @classmethod
    def record(cls, enquiries, user, action=Action.OPENED, detail=""):
        cls.objects.bulk_create(
            [
                cls(enquiry=enquiry, user=user, username=user.get_username(), action=action, detail=detail)
                for enquiry in enquiries
            ]
        )


class ErasureRecord(models.Model):
    """What is left of an erasure (a data-rights request, UK GDPR Art. 17): when, who, why and how
    many records, and nothing about the person."""

    erased_at = models.DateTimeField(default=timezone.now)
    erased_by = models.CharField(max_length=150, help_text="The staff login, or who ran the command.")
    reason = models.TextField()
    enquiries = models.PositiveIntegerField(default=0)
    replies = models.PositiveIntegerField(default=0)
    notes = models.PositiveIntegerField(default=0)
    accesses = models.PositiveIntegerField("access records", default=0)
    emails = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-erased_at", "-pk"]
        verbose_name = "erasure record"

    def __str__(self):
        return f"Erasure {self.pk} on {timezone.localtime(self.erased_at):%Y-%m-%d %H:%M}"

    def total(self):
        return self.enquiries + self.replies + self.notes + self.accesses + self.emails
