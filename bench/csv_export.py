"""CSV export benchmark (not a test): a handler exports every enquiry of a busy clinic's few years.

Builds a throwaway SQLite database (bench/throwaway.py's environment: production settings, DEBUG off)
with N enquiries (50,000 by default), each with a reply, its email in the outbox and a staff note
where this version of the code has them, then has a superuser run "Export selected as CSV" on all of
them through Django's test client, in this process. Reports:

- time to first byte: until the first piece of the response body is in hand;
- total time: until the whole body has been read;
- peak memory: the most Python allocated (tracemalloc) during the request, in a second run;
- the size of the file and its number of rows.

Nothing leaves this machine; the database and folder are deleted at the end.

    .venv/bin/python bench/csv_export.py [--enquiries 50000]
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from throwaway import ROOT, site_environment

BATCH = 5000


def setup(workdir):
    os.environ.update(site_environment(workdir))
    os.environ["ALLOWED_HOSTS"] = "testserver"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def add_replies(enquiries, user, start):
    """A reply to each enquiry, the reply's sent email, and a note."""
    from django.contrib.contenttypes.models import ContentType

    from enquiries.models import EnquiryNote, EnquiryReply
    from outbox.models import OutgoingEmail

    replies = EnquiryReply.objects.bulk_create(
        EnquiryReply(enquiry=e, body="Thank you for your question. " * 8, author=user, author_name="bench")
        for e in enquiries
    )
    reply_type = ContentType.objects.get_for_model(EnquiryReply)
    OutgoingEmail.objects.bulk_create(
        OutgoingEmail(
            content_type=reply_type,
            object_id=r.pk,
            kind="enquiry_reply",
            from_email="clinic@example.com",
            to=[f"patient{r.enquiry_id}@example.com"],
            subject="Your question",
            body=r.body,
            status="sent",
            attempts=1,
            sent_at=start,
        )
        for r in replies
    )
    EnquiryNote.objects.bulk_create(
        EnquiryNote(enquiry=e, text="Called back, left a message.", author=user, author_name="bench")
        for e in enquiries
    )


def fill(count):
    """`count` enquiries, and with each its reply, the reply's email and a note when the models exist."""
    import datetime

    from django.apps import apps
    from django.contrib.auth.models import User
    from django.utils import timezone

    from enquiries.models import Enquiry

    has_replies = apps.is_installed("outbox")
    user = User.objects.create_superuser("bench", "bench@example.com", "bench-password-not-secret")
    start = timezone.now() - datetime.timedelta(days=3 * 365)
    message = "I have had thinning hair at the crown for two years and would like to know more. " * 3
    for first in range(0, count, BATCH):
        numbers = range(first, min(first + BATCH, count))
        enquiries = Enquiry.objects.bulk_create(
            Enquiry(
                name=f"Patient {n}",
                email=f"patient{n}@example.com",
                phone="01632 960001",
                message=message,
                preferred_contact="email",
                consent_given_at=start,
                privacy_version="2026-11-01-0123abcd",
                status="answered",
            )
            for n in numbers
        )
        if has_replies:
            add_replies(enquiries, user, start)
    return user, has_replies


def export(user, measure_memory=False):
    """One export of every enquiry: (seconds to first byte, total seconds, bytes, rows, peak bytes)."""
    from django.test import Client

    from enquiries.models import Enquiry

    client = Client()
    client.force_login(user)
    data = {
        "action": "export_csv",
        "select_across": "1",
        "index": "0",
        "_selected_action": [Enquiry.objects.first().pk],
    }
    if measure_memory:
        tracemalloc.start()
    started = time.perf_counter()
    response = client.post("/admin/enquiries/enquiry/", data)
    assert response.status_code == 200, response.status_code
    size = rows = 0
    first_byte = None
    chunks = response.streaming_content if response.streaming else [response.content]
    for chunk in chunks:
        if first_byte is None:
            first_byte = time.perf_counter() - started
        size += len(chunk)
        rows += chunk.count(b"\n")
    total = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if measure_memory else None
    if measure_memory:
        tracemalloc.stop()
    return first_byte, total, size, rows, peak, response.streaming


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enquiries", type=int, default=50_000)
    args = parser.parse_args()
    if not 1 <= args.enquiries <= 200_000:
        raise SystemExit("--enquiries must be between 1 and 200,000")
    workdir = Path(tempfile.mkdtemp(prefix="mesosite-csv-bench-"))
    try:
        setup(workdir)
        started = time.perf_counter()
        user, has_replies = fill(args.enquiries)
        print(
            f"filled {args.enquiries} enquiries{' with replies, mail and notes' if has_replies else ''} "
            f"in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        first_byte, total, size, rows, _, streaming = export(user)
        _, _, _, _, peak, _ = export(user, measure_memory=True)
        result = {
            "enquiries": args.enquiries,
            "with_replies": has_replies,
            "streaming": streaming,
            "time_to_first_byte_s": round(first_byte, 3),
            "total_s": round(total, 2),
            "peak_python_memory_mb": round(peak / 1e6, 1),
            "size_mb": round(size / 1e6, 1),
            "lines": rows,
        }
        print(json.dumps(result))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
