"""manage.py subject_data: what is held about one email address; export it as JSON, or erase it."""

import getpass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from enquiries import data_rights, services


class Command(BaseCommand):
    help = (
        "List what is held for an email address (enquiries, replies, notes, access records, emails), "
        "or write it all to a JSON file (--export FILE), or delete it all (--erase --reason TEXT). "
        "The address is matched whatever its capitals."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="the address the person wrote from")
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--export", metavar="FILE", help="write everything held as JSON (UTF-8) to FILE")
        action.add_argument("--erase", action="store_true", help="delete everything held, in one transaction")
        parser.add_argument("--reason", default="", help="why (required with --erase); kept, so name nobody")
        parser.add_argument("--by", help="who is running this, for the erasure record (default: your login)")

    def handle(self, *args, email, export, erase, reason, by, **options):
        email = email.strip()
        if not email:
            raise CommandError("Give the person's email address with --email.")
        if reason and not erase:
            raise CommandError("--reason goes with --erase.")
        if export:
            return self.export(email, Path(export))
        if erase:
            return self.erase(email, reason, by or f"{getpass.getuser()} (command line)")
        return self.summary(email)

    def summary(self, email):
        summary = data_rights.subject_summary(email)
        if not summary["enquiries"]:
            self.stdout.write("subject_data: nothing is held for this address")
            return
        counts = ", ".join(f"{count} {name}" for name, count in summary["counts"].items())
        self.stdout.write(f"subject_data: {counts}")
        for enquiry in summary["enquiries"]:
            received = timezone.localtime(enquiry.received_at).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(f"  enquiry {enquiry.pk}: received {received}, {enquiry.get_status_display().lower()}")

    def export(self, email, path):
        if path.exists() and path.is_dir():
            raise CommandError(f"{path} is a folder: give the name of the file to write.")
        if not path.parent.is_dir():
            raise CommandError(f"Cannot write {path}: the folder {path.parent} does not exist. Nothing was written.")
        data = data_rights.subject_export(email)
        if data is None:
            raise CommandError("Nothing is held for this address, so nothing was written.")
        try:
            # Written whole or not at all: a partly written export would look complete.
            partial = path.with_name(path.name + ".partial")
            partial.write_text(data_rights.subject_export_json(data), encoding="utf-8")
            partial.replace(path)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(f"Cannot write {path}: {error.strerror}. Nothing was written.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"subject_data: wrote {len(data['enquiries'])} enquiries with everything about them to {path}"
            )
        )

    def erase(self, email, reason, by):
        try:
            record = data_rights.subject_erase(email, reason=reason, by_name=by)
        except services.RefusedError as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(
            self.style.SUCCESS(
                f"subject_data: erased {record.total()} records ({record.enquiries} enquiries); "
                f"erasure record {record.pk} keeps when, who, why and how many"
            )
        )
