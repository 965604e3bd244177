"""manage.py requeue_mail: give a new task to mail left waiting by a worker that was killed mid-send."""

from django.core.management.base import BaseCommand

from outbox.services import requeue_stranded


class Command(BaseCommand):
    help = (
        "Requeue every mail waiting to send that has no task (its worker died while sending it). "
        "Safe to run at any time: bin/container-worker runs it before the worker starts."
    )

    def handle(self, *args, **options):
        count = requeue_stranded()
        self.stdout.write(
            self.style.SUCCESS(f"requeue_mail: {count} stranded {'mail' if count == 1 else 'mails'} queued again")
        )
