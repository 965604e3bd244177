"""The outbox's interface: queue a mail, list the mails about a record, send a failed one again, deliver.

Delivery is here too: the worker's mail task (`deliver`, run by `manage.py db_worker`) takes the mail's
id only, so the task table holds no address or text, and never fails: a send that fails is recorded on
the mail and retried by a new task, so no exception text (which may quote an address) lands in it.

Any app sends mail with `queue_email(message, regarding=obj, kind="...")` inside the transaction
that changes `obj`: the mail is stored, and its delivery task enqueued (django-tasks' database
backend, one row), in that same transaction. If the transaction rolls back, neither exists; once it
commits, the worker (`manage.py db_worker`, the Procfile's `worker:`) sends it. No request waits for
the mail server, and a mail server that is down or hangs loses nothing: a failed try is retried
after `OUTBOX_RETRY_DELAYS` (the first within a minute, then backing off), then the mail is kept,
marked failed with the reason, until `send_again()`.

Logs name mails by id and kind only, never an address, a subject or a body.
"""

import datetime
import logging
import smtplib
import socket

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

# Django's own default sender: used only when neither DEFAULT_FROM_EMAIL nor the clinic's email is
# set, so that the mail is still stored, and its failure shown, rather than dropped.
FALLBACK_SENDER = "webmaster@localhost"
_fallback_sender = None


def use_as_fallback_sender(address_of):
    """Where the site's mail comes from when DEFAULT_FROM_EMAIL is unset: `address_of()` (the
    clinic's own address, which the pages app supplies as it starts), so this app imports none."""
    global _fallback_sender
    _fallback_sender = address_of


def site_sender(fallback=None):
    """The address the site's mail comes from: DEFAULT_FROM_EMAIL, else `fallback` when the caller
    has the clinic's address at hand, else the registered fallback's."""
    sender = settings.DEFAULT_FROM_EMAIL or fallback or (_fallback_sender() if _fallback_sender else None)
    if not sender:
        logger.error("event=mail_sender_missing fix=set_DEFAULT_FROM_EMAIL_or_the_clinic_email")
    return sender or FALLBACK_SENDER


def queue_email(message, *, regarding=None, kind):
    """Store `message` (a django.core.mail.EmailMessage) and have the worker send it.

    `regarding` is the record the mail is about (any model instance with an integer key, or None);
    `kind` a short name for what the mail is ("enquiry_reply"). Call it inside the transaction that
    makes the record: the mail then exists exactly when the record does. Returns the OutgoingEmail.
    """
    recipients = [*message.to, *message.cc, *message.bcc]
    if not recipients:
        raise ValueError("An email needs at least one recipient.")
    with transaction.atomic():
        mail = OutgoingEmail.objects.create(
            regarding=regarding,
            kind=kind,
            from_email=message.from_email,
            to=recipients,
            reply_to=list(message.reply_to),
            headers=dict(message.extra_headers),
            subject=message.subject,
            body=message.body,
        )
        deliver.enqueue(mail.pk)
    logger.info("event=outbox_queued mail_id=%s kind=%s", mail.pk, kind)
    return mail


def mails_regarding(*objs):
    """Every mail about any of `objs`, oldest first: for showing, exporting and erasing them."""
    return OutgoingEmail.objects.regarding(*objs)


def send_again(mail):
    """Queue a mail that failed for good once more, with a fresh set of tries. False if it had not failed."""
    with transaction.atomic():
        updated = OutgoingEmail.objects.filter(pk=mail.pk, status=OutgoingEmail.Status.FAILED).update(
            status=OutgoingEmail.Status.QUEUED, attempts=0, next_attempt_at=None
        )
        if updated:
            deliver.enqueue(mail.pk)
    if updated:
        mail.refresh_from_db()
        logger.info("event=outbox_send_again mail_id=%s kind=%s", mail.pk, mail.kind)
    return bool(updated)


# A task still "running" after this long belongs to a worker that died (each send is bounded by
# EMAIL_TIMEOUT, far below it).
STRANDED_AFTER = datetime.timedelta(minutes=15)


def requeue_stranded(now=None):
    """Give a new task to every mail waiting to send that has none: its worker was killed mid-send
    (a deploy, a crash), which leaves the task "running" for ever. The worker runs this as it starts
    (bin/container-worker). Returns how many mails were requeued."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    pending = DBTaskResult.objects.filter(task_path=deliver.module_path).filter(
        Q(status="READY") | Q(status="RUNNING", started_at__gte=now - STRANDED_AFTER)
    )
    covered = {task.args_kwargs["args"][0] for task in pending.only("args_kwargs") if task.args_kwargs.get("args")}
    stranded = [pk for pk in OutgoingEmail.objects.waiting().values_list("pk", flat=True) if pk not in covered]
    with transaction.atomic():
        for pk in stranded:
            deliver.enqueue(pk)
    if stranded:
        logger.warning("event=outbox_requeued count=%s", len(stranded))
    return len(stranded)


def retry_delays():
    return [datetime.timedelta(seconds=seconds) for seconds in settings.OUTBOX_RETRY_DELAYS]


def max_attempts():
    return len(settings.OUTBOX_RETRY_DELAYS) + 1


def describe_failure(exc):
    """Why a send failed, in words a handler can act on. It may hold an address: it goes on the
    mail's record (which staff may see), never into a log."""
    # smtplib reports a server that stopped answering as "disconnected", caused by the timeout.
    if isinstance(exc, TimeoutError | socket.timeout) or isinstance(exc.__context__, TimeoutError | socket.timeout):
        return "The mail server did not answer in time."
    if isinstance(exc, ConnectionRefusedError):
        return "The mail server refused the connection."
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return f"The mail server refused the address: {', '.join(exc.recipients)}."
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return "The mail server did not accept the site's login (EMAIL_HOST_USER, EMAIL_HOST_PASSWORD)."
    if isinstance(exc, smtplib.SMTPServerDisconnected | ConnectionError):
        return "The connection to the mail server was lost."
    return f"{type(exc).__name__}: {exc}"[:500]


def deliver_now(mail_id):
    """One try at sending mail `mail_id` (the worker's task). Does nothing unless it is waiting to send:
    it may have been sent already, or erased with the record it was about."""
    mail = OutgoingEmail.objects.filter(pk=mail_id, status=OutgoingEmail.Status.QUEUED).first()
    if mail is None:
        return
    tried_at = timezone.now()
    attempts = mail.attempts + 1
    # Claim this try: if two tasks for one mail ever run at once (see requeue_stranded), one sends.
    claimed = OutgoingEmail.objects.filter(
        pk=mail.pk, status=OutgoingEmail.Status.QUEUED, attempts=mail.attempts
    ).update(attempts=attempts, last_attempt_at=tried_at)
    if not claimed:
        return
    try:
        # EMAIL_TIMEOUT bounds every step with the server, so a hung server cannot hold the worker.
        with get_connection(fail_silently=False) as connection:
            connection.send_messages([mail.as_message()])
    except Exception as exc:  # any failure of the mail server: the mail stays stored, and is retried
        _record_failure(mail, exc, attempts, tried_at)
        return
    OutgoingEmail.objects.filter(pk=mail.pk).update(
        status=OutgoingEmail.Status.SENT,
        attempts=attempts,
        last_attempt_at=tried_at,
        sent_at=timezone.now(),
        last_error="",
        next_attempt_at=None,
    )
    logger.info("event=outbox_sent mail_id=%s kind=%s attempt=%s", mail.pk, mail.kind, attempts)


def _record_failure(mail, exc, attempts, tried_at):
    """Keep why try `attempts` failed; queue the next try, or mark the mail failed after the last."""
    reason = describe_failure(exc)
    waiting = OutgoingEmail.objects.filter(pk=mail.pk, status=OutgoingEmail.Status.QUEUED)
    final = attempts >= max_attempts()
    with transaction.atomic():
        if not final:
            next_try = tried_at + retry_delays()[attempts - 1]
            waiting.update(attempts=attempts, last_attempt_at=tried_at, last_error=reason, next_attempt_at=next_try)
            deliver.using(run_after=next_try).enqueue(mail.pk)
        else:
            waiting.update(
                status=OutgoingEmail.Status.FAILED,
                attempts=attempts,
                last_attempt_at=tried_at,
                last_error=reason,
                next_attempt_at=None,
            )
    logger.warning(
        "event=outbox_send_failed mail_id=%s kind=%s attempt=%s final=%s error=%s",
        mail.pk,
        mail.kind,
        attempts,
        final,
        type(exc).__name__,
    )


@task()
def deliver(mail_id):
    """The worker's task: one try at sending mail `mail_id`."""
    deliver_now(mail_id)
