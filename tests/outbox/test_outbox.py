"""The outbox: mail stored in the caller's transaction, sent by the worker with retries and back-off,
never lost when the mail server is down or hangs, and requests that never wait for it."""

import ast
import socket
from io import StringIO
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from outbox.models import OutgoingEmail
from outbox.services import mails_regarding, queue_email, send_again
from tests.support.versions import seen
from tests.support.worker import make_later_tasks_due, run_worker

pytestmark = pytest.mark.django_db


def message(to="pat@example.com", body="Hello"):
    return EmailMessage(subject="A subject", body=body, from_email="site@clinic.example", to=[to])


@pytest.fixture
def someone(db):
    return User.objects.create_user("someone")


def test_queued_mail_and_its_task_are_written_in_the_callers_transaction(someone, mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_email(message(), regarding=someone, kind="test")
        raise RuntimeError("the caller's work failed")
    assert OutgoingEmail.objects.count() == 0 and DBTaskResult.objects.count() == 0

    mail = queue_email(message(), regarding=someone, kind="test")
    assert mailoutbox == []
    # The task carries the mail's id only: no address or text in the task table.
    assert DBTaskResult.objects.get().args_kwargs == {"args": [mail.pk], "kwargs": {}}
    run_worker()
    run_worker()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["pat@example.com"]
    mail.refresh_from_db()
    assert mail.status == "sent" and mail.sent_at is not None and mail.attempts == 1


def test_mails_regarding_lists_the_mail_about_given_records_only(someone, db):
    other = User.objects.create_user("other")
    mine = queue_email(message(), regarding=someone, kind="test")
    queue_email(message(), regarding=other, kind="test")
    queue_email(message(), kind="digest")
    assert list(mails_regarding(someone)) == [mine]
    assert mails_regarding(someone, other).count() == 2


def test_a_mail_deleted_before_the_worker_runs_is_simply_not_sent(someone, mailoutbox):
    queue_email(message(), regarding=someone, kind="test")
    OutgoingEmail.objects.all().delete()
    run_worker()
    assert mailoutbox == []


def test_send_again_requeues_only_a_failed_mail(someone, mailoutbox):
    mail = queue_email(message(), regarding=someone, kind="test")
    assert send_again(mail) is False  # still waiting: nothing to do
    OutgoingEmail.objects.filter(pk=mail.pk).update(status="failed", attempts=6, last_error="down")
    assert send_again(mail) is True
    run_worker()
    mail.refresh_from_db()
    assert mail.status == "sent" and mail.attempts == 1 and len(mailoutbox) == 1


def test_the_outbox_imports_no_feature_app():
    """Shared machinery: the sign-off notifications will use it too, so it must not know enquiries."""
    for source in Path(__file__).resolve().parents[2].joinpath("outbox").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [alias.name for alias in node.names] + [getattr(node, "module", None) or ""]
                assert not any(name.startswith(("enquiries", "treatments", "pages")) for name in names), source


# --- A mail server that hangs, then answers -----------------------------------------------------------


@pytest.fixture
def hanging_smtp(settings):
    """A server on 127.0.0.1 that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.getsockname()[1]
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    settings.EMAIL_TIMEOUT = 0.5
    yield server
    server.close()


class Received:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def answering_smtp():
    """A real SMTP server on 127.0.0.1 (aiosmtpd), to switch to once the hung one "recovers"."""
    received = Received()
    controller = Controller(received, hostname="127.0.0.1", port=free_port())
    controller.start()
    received.port = controller.port
    yield received
    controller.stop()


def tried_to_connect(server):
    """Whether anything connected to the hung mail server (it never accepts, so a connection waits)."""
    server.setblocking(False)
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        return False
    finally:
        server.setblocking(True)
    connection.close()
    return True


def test_with_smtp_hanging_requests_answer_at_once_and_the_mail_arrives_once_smtp_answers(
    client, handler_user, area, clinic, hanging_smtp, answering_smtp, settings
):
    from tests.support.enquiries import valid_data

    response = client.post("/enquire/", valid_data(message="Can this help my scalp?"))
    assert response.status_code == 302 and not tried_to_connect(hanging_smtp)

    from enquiries.models import Enquiry

    enquiry = Enquiry.objects.get()
    client.force_login(handler_user)
    reply = {"body": "Yes, it may.", "intent": "send", "collision_version": seen(enquiry)}
    response = client.post(f"/admin/enquiries/enquiry/{enquiry.pk}/reply/", reply)
    assert response.status_code == 302 and not tried_to_connect(hanging_smtp)

    # The worker's tries time out (EMAIL_TIMEOUT), so it is not held; every mail waits for a retry.
    run_worker()
    mails = OutgoingEmail.objects.all()
    assert [mail.status for mail in mails] == ["queued"] * 3
    assert {mail.last_error for mail in mails} == {"The mail server did not answer in time."}

    settings.EMAIL_PORT = answering_smtp.port  # the mail server answers again
    make_later_tasks_due()
    run_worker()
    assert [mail.status for mail in OutgoingEmail.objects.all()] == ["sent"] * 3
    bodies = [envelope.content.decode() for envelope in answering_smtp.envelopes]
    assert len(bodies) == 3 and sum("Yes, it may." in body for body in bodies) == 1
    assert sorted(envelope.rcpt_tos[0] for envelope in answering_smtp.envelopes) == sorted(
        ["clinic@example.com", "ada@example.com", "ada@example.com"]
    )


def test_mail_stranded_by_a_killed_worker_is_requeued_and_sent_once(someone, mailoutbox):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    stranded = queue_email(message(body="stranded"), regarding=someone, kind="test")
    retrying = queue_email(message(body="retry later"), regarding=someone, kind="test")
    # The first mail's worker was killed mid-send an hour ago: its task stays "running" for ever.
    DBTaskResult.objects.filter(args_kwargs__args=[stranded.pk]).update(
        status="RUNNING", started_at=timezone.now() - datetime.timedelta(hours=1)
    )
    # The second waits for a retry that is not yet due: it has its task, and keeps it.
    DBTaskResult.objects.filter(args_kwargs__args=[retrying.pk]).update(
        run_after=timezone.now() + datetime.timedelta(hours=1)
    )
    out = StringIO()
    call_command("requeue_mail", stdout=out)
    assert "1 stranded mail queued again" in out.getvalue()
    call_command("requeue_mail", stdout=out)  # nothing more to do the second time
    assert "0 stranded mails queued again" in out.getvalue()
    run_worker()
    assert [mail.body for mail in mailoutbox] == ["stranded"]


def test_two_tasks_for_one_mail_send_it_once(someone, mailoutbox):
    from outbox.services import deliver

    mail = queue_email(message(), regarding=someone, kind="test")
    deliver.enqueue(mail.pk)
    run_worker()
    assert len(mailoutbox) == 1
