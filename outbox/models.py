"""One outgoing email, what it is about, and where its delivery stands.

What a mail is about ("regarding") is a generic foreign key (contenttypes), so that any app can
queue mail about its own records (an enquiry, a reply, a clinical sign-off) without this app
knowing those apps. The id is an integer: every model of this project has an integer key. An app
whose records carry mail adds `GenericRelation("outbox.OutgoingEmail")` to the model, so that
deleting the record (the admin, a purge, an erasure) deletes its mail too; without one,
`mails_regarding(obj).delete()` does it by hand. Mail about nothing in particular (a digest) has
no "regarding" at all.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import models
from django.utils import dateformat, timezone


class OutgoingEmailQuerySet(models.QuerySet):
    def regarding(self, *objs):
        """Mail about any of `objs` (model instances, of one model or several)."""
        query = models.Q(pk__in=[])
        for obj in objs:
            content_type = ContentType.objects.get_for_model(obj)
            query |= models.Q(content_type=content_type, object_id=obj.pk)
        return self.filter(query)

    def waiting(self):
        return self.filter(status=OutgoingEmail.Status.QUEUED)

    def failed(self):
        return self.filter(status=OutgoingEmail.Status.FAILED)


class OutgoingEmail(models.Model):
    """An email as it will be (or was) sent, and each try to send it.

    The message is stored whole, so the worker needs nothing else to send it, and a mail that
    could not be sent is never lost: it waits here, marked failed, until someone sends it again.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to send"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    regarding = GenericForeignKey("content_type", "object_id")
    # What kind of mail this is, for people and for filtering: "enquiry_reply", "enquiry_digest"…
    kind = models.CharField(max_length=40)

    from_email = models.CharField(max_length=254)
    to = models.JSONField(default=list)
    reply_to = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    subject = models.CharField(max_length=255)
    body = models.TextField()

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="outbox_regarding_idx")]
        verbose_name = "outgoing email"
        verbose_name_plural = "outgoing email"

    def __str__(self):
        # No address or subject: this text may be copied into logs that outlive the mail.
        return f"Email {self.pk} ({self.kind}, {self.get_status_display().lower()})"

    def as_message(self):
        return EmailMessage(
            subject=self.subject,
            body=self.body,
            from_email=self.from_email,
            to=list(self.to),
            reply_to=list(self.reply_to) or None,
            headers=dict(self.headers) or None,
        )

    def state_label(self):
        """The state in a handler's words: "Sent 3 Dec 14:02", "Failed after 6 tries: …"."""
        if self.status == self.Status.SENT:
            return f"Sent {dateformat.format(timezone.localtime(self.sent_at), 'j M Y H:i')}"
        if self.status == self.Status.FAILED:
            return f"Failed after {self.attempts} {'try' if self.attempts == 1 else 'tries'}: {self.last_error}"
        if self.attempts:
            when = (
                dateformat.format(timezone.localtime(self.next_attempt_at), "H:i") if self.next_attempt_at else "soon"
            )
            return f"Waiting to send: try {self.attempts} failed ({self.last_error}); next try at {when}"
        return "Waiting to send"
