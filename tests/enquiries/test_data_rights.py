"""Data rights (UK GDPR Art. 15 and 17): `subject_data` and the admin page find, export and erase
exactly one person's data; deleting an enquiry takes its own records with it; who may do what."""

import json
import logging
from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from enquiries import data_rights
from enquiries.models import Enquiry, EnquiryAccess, EnquiryNote, EnquiryReply, ErasureRecord
from enquiries.services import reply_send
from outbox.models import OutgoingEmail
from tests.support.versions import seen

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/enquiries/enquiry/"
DATA_RIGHTS = "/admin/enquiries/enquiry/data-rights/"


def enquiry_from(name, email, message):
    from django.utils import timezone

    return Enquiry.objects.create(
        name=name,
        email=email,
        message=message,
        preferred_contact="email",
        consent_given_at=timezone.now(),
        privacy_version="v",
    )


@pytest.fixture
def two_people(handler_user, clinic):
    """Ada has two enquiries (one written with capitals), each with a reply, note, access and mail; Bo has one."""
    ada_first = enquiry_from("Ada Patient", "ada@example.com", "Ada's first question")
    ada_second = enquiry_from("Ada Patient", "ADA@Example.com", "Ada's second question")
    bo = enquiry_from("Bo Other", "bo@example.com", "Bo's question")
    for enquiry in (ada_first, ada_second, bo):
        reply_send(enquiry, f"Reply to {enquiry.message}", by=handler_user)
        enquiry.add_note(f"Note on {enquiry.message}", by=handler_user)
        EnquiryAccess.record([enquiry], handler_user)
    return {"ada": [ada_first, ada_second], "bo": bo}


def mails_to(address):
    return sum(address in mail.to for mail in OutgoingEmail.objects.all())


def run(*args):
    out = StringIO()
    call_command("subject_data", *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Enquiry, EnquiryReply, EnquiryNote, EnquiryAccess, OutgoingEmail)
    }


# --- The command ---------------------------------------------------------------------------------


def test_the_command_lists_what_is_held_whatever_the_case_of_the_address(two_people):
    output = run("--email", "Ada@EXAMPLE.com")
    assert "2 enquiries, 2 replies, 2 notes" in output
    for enquiry in two_people["ada"]:
        assert f"enquiry {enquiry.pk}: received" in output
    assert f"enquiry {two_people['bo'].pk}:" not in output
    assert "Ada Patient" not in output and "question" not in output
    assert "nothing is held" in run("--email", "nobody@example.com")


def test_export_writes_exactly_that_persons_data_as_json(two_people, tmp_path):
    target = tmp_path / "ada.json"
    run("--email", "ada@example.com", "--export", str(target))
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [item["id"] for item in data["enquiries"]] == [e.pk for e in two_people["ada"]]
    first = data["enquiries"][0]
    assert first["name"] == "Ada Patient" and first["message"] == "Ada's first question"
    assert first["replies"][0]["text"] == "Reply to Ada's first question" and first["replies"][0]["by"] == "handler"
    assert first["replies"][0]["email"]["to"] == ["ada@example.com"]
    assert first["staff_notes"][0]["text"] == "Note on Ada's first question"
    assert {entry["action"] for entry in first["access_log"]} >= {"Replied by email", "Opened in the admin"}
    assert [mail["kind"] for mail in first["emails"]] == []  # made by reply_send only: no notice for these
    assert "Bo" not in target.read_text(encoding="utf-8")


def test_export_of_an_unknown_address_says_so_and_writes_nothing(two_people, tmp_path):
    target = tmp_path / "nobody.json"
    with pytest.raises(CommandError, match="Nothing is held for this address, so nothing was written."):
        run("--email", "nobody@example.com", "--export", str(target))
    assert not target.exists()


def test_export_to_a_path_that_cannot_be_written_says_so_and_writes_nothing(two_people, tmp_path):
    with pytest.raises(CommandError, match="the folder .* does not exist. Nothing was written."):
        run("--email", "ada@example.com", "--export", str(tmp_path / "missing" / "ada.json"))
    with pytest.raises(CommandError, match="is a folder: give the name of the file to write."):
        run("--email", "ada@example.com", "--export", str(tmp_path))
    # /proc takes no new files, even from root (the tests may run as root, who can write anywhere else).
    with pytest.raises(CommandError, match=r"Cannot write /proc/ada.json: .*Nothing was written."):
        run("--email", "ada@example.com", "--export", "/proc/ada.json")
    assert not list(tmp_path.glob("**/*.json*"))
    assert Enquiry.objects.count() == 3  # nothing lost either


def test_erase_removes_exactly_that_persons_data_and_keeps_an_anonymous_record(two_people, caplog):
    caplog.set_level(logging.INFO)
    bo = two_people["bo"]
    bo_before = {
        "replies": list(bo.replies.values_list("pk", flat=True)),
        "notes": list(bo.notes.values_list("pk", flat=True)),
        "accesses": bo.accesses.count(),
        "mails": OutgoingEmail.objects.regarding(*bo.replies.all()).count(),
    }
    output = run("--email", "ADA@example.COM", "--erase", "--reason", "Asked by email on 1 December", "--by", "dpo")
    assert "erased" in output
    assert not Enquiry.objects.for_email("ada@example.com").exists()
    assert list(Enquiry.objects.values_list("pk", flat=True)) == [bo.pk]
    assert list(bo.replies.values_list("pk", flat=True)) == bo_before["replies"]
    assert list(bo.notes.values_list("pk", flat=True)) == bo_before["notes"]
    assert bo.accesses.count() == bo_before["accesses"]
    assert OutgoingEmail.objects.count() == bo_before["mails"]  # only Bo's reply's mail is left
    assert mails_to("ada@example.com") == 0

    record = ErasureRecord.objects.get()
    assert (record.erased_by, record.reason) == ("dpo", "Asked by email on 1 December")
    assert (record.enquiries, record.replies, record.notes, record.emails) == (2, 2, 2, 2)
    assert record.accesses == 10  # per enquiry: replied, assigned to the answerer, answered (status), noted, opened
    assert f"event=subject_data_erased erasure_id={record.pk} enquiries=2" in caplog.text
    for private in ("Ada", "ada@", "ADA@", "question"):
        assert private not in caplog.text, private


def test_erase_without_a_reason_or_with_the_address_in_it_is_refused_and_deletes_nothing(two_people):
    before = counts()
    with pytest.raises(CommandError, match="Give the reason for the erasure"):
        run("--email", "ada@example.com", "--erase")
    with pytest.raises(CommandError, match="Leave the person's address out of the reason"):
        run("--email", "ada@example.com", "--erase", "--reason", "ada@example.com asked")
    assert counts() == before and ErasureRecord.objects.count() == 0


# --- The admin page ---------------------------------------------------------------------------------


@pytest.fixture
def protector(django_user_model, handler_user):
    user = django_user_model.objects.create_user("dpo", "dpo@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name="Data protection"))
    return user


def test_the_data_protection_group_finds_exports_and_erases_in_the_admin(client, protector, two_people):
    client.force_login(protector)
    home = client.get("/admin/").content.decode()
    assert f'href="{DATA_RIGHTS}"' in home
    assert client.get(CHANGELIST).status_code == 403  # the tool, not the enquiries themselves

    found = client.get(DATA_RIGHTS, {"email": "ADA@example.com"}).content.decode()
    assert "2 enquiries" in found and "2 replies" in found

    export = client.post(DATA_RIGHTS, {"step": "export", "email": "ada@example.com"})
    assert export["Content-Type"] == "application/json" and "attachment" in export["Content-Disposition"]
    assert [item["id"] for item in json.loads(export.content)["enquiries"]] == [e.pk for e in two_people["ada"]]
    assert EnquiryAccess.objects.filter(action="data_export", username="dpo").count() == 2

    unknown = client.post(DATA_RIGHTS, {"step": "export", "email": "nobody@example.com"})
    assert "Nothing is held for this address" in unknown.content.decode()

    confirm = client.post(DATA_RIGHTS, {"step": "erase", "email": "ada@example.com"}).content.decode()
    assert "cannot be undone" in confirm and 'name="reason"' in confirm
    before = counts()
    no_reason = client.post(
        DATA_RIGHTS, {"step": "confirm-erase", "email": "ada@example.com", "reason": "", "confirm": "on"}
    ).content.decode()
    assert "Give the reason for the erasure" in no_reason
    unconfirmed = client.post(
        DATA_RIGHTS, {"step": "confirm-erase", "email": "ada@example.com", "reason": "Asked"}
    ).content.decode()
    assert "Tick the box to confirm the erasure." in unconfirmed
    assert counts() == before

    done = client.post(
        DATA_RIGHTS,
        {"step": "confirm-erase", "email": "ada@example.com", "reason": "Asked by phone", "confirm": "on"},
        follow=True,
    ).content.decode()
    assert "Erased 20 records (2 enquiries)" in done
    assert list(Enquiry.objects.values_list("email", flat=True)) == ["bo@example.com"]
    assert ErasureRecord.objects.get().erased_by == "dpo"
    assert client.get("/admin/enquiries/erasurerecord/").status_code == 200


def test_handlers_and_editors_cannot_use_the_data_rights_tools(client, handler_user, editor_user, two_people):
    for user in (handler_user, editor_user):
        client.force_login(user)
        assert client.get(DATA_RIGHTS, {"email": "ada@example.com"}).status_code == 403
        post = {"step": "confirm-erase", "email": "ada@example.com", "reason": "x", "confirm": "on"}
        assert client.post(DATA_RIGHTS, post).status_code == 403
        assert client.get("/admin/enquiries/erasurerecord/").status_code == 403
        assert f'href="{DATA_RIGHTS}"' not in client.get("/admin/").content.decode()
    assert Enquiry.objects.count() == 3


def test_editors_cannot_reach_replies_notes_templates_or_enquiry_pages(client, editor_user, two_people):
    enquiry = two_people["bo"]
    reply = enquiry.replies.get()
    client.force_login(editor_user)
    for url in (
        f"{CHANGELIST}{enquiry.pk}/change/",
        f"{CHANGELIST}{enquiry.pk}/reply/",
        f"{CHANGELIST}{enquiry.pk}/phone/",
        f"{CHANGELIST}{enquiry.pk}/note/",
        f"{CHANGELIST}{enquiry.pk}/replies/{reply.pk}/send-again/",
        "/admin/enquiries/replytemplate/",
        "/admin/outbox/outgoingemail/",
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"body": "x", "text": "x", "note": "x", "intent": "send"}).status_code == 403, url
    assert enquiry.replies.count() == 1 and enquiry.notes.count() == 1


# --- Deleting in the admin ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["superuser", "handler"])
def test_deleting_an_enquiry_removes_its_own_records_and_keeps_an_anonymous_log_line(
    client, admin_user, handler_user, two_people, who, caplog
):
    caplog.set_level(logging.INFO)
    client.force_login(admin_user if who == "superuser" else handler_user)
    enquiry = two_people["bo"]
    confirm = client.get(f"{CHANGELIST}{enquiry.pk}/delete/")
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "Cannot delete" not in html and "Bo Other" not in html
    response = client.post(f"{CHANGELIST}{enquiry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Enquiry.objects.filter(pk=enquiry.pk).exists()
    assert not EnquiryAccess.objects.filter(enquiry_id=enquiry.pk).exists()
    assert not EnquiryReply.objects.filter(enquiry_id=enquiry.pk).exists()
    assert mails_to("bo@example.com") == 0
    assert Enquiry.objects.count() == 2 and OutgoingEmail.objects.count() == 2  # Ada's are untouched
    entry = LogEntry.objects.get(object_id=str(enquiry.pk))
    assert entry.object_repr.startswith(f"Enquiry {enquiry.pk}") and "Bo" not in entry.object_repr
    assert f"event=enquiry_deleted enquiry_id={enquiry.pk}" in caplog.text and "Bo" not in caplog.text


def test_retention_purges_replies_notes_access_and_mail_with_the_enquiry(two_people):
    import datetime

    from django.utils import timezone

    bo = two_people["bo"]
    bo.close(by=None)
    Enquiry.objects.filter(pk=bo.pk).update(closed_at=timezone.now() - datetime.timedelta(days=400))
    call_command("purge_enquiries", "--days", "365", stdout=StringIO())
    assert not Enquiry.objects.filter(pk=bo.pk).exists()
    assert mails_to("bo@example.com") == 0
    assert EnquiryNote.objects.count() == 2 and EnquiryReply.objects.count() == 2


# --- What the page shows a handler --------------------------------------------------------------------


def test_the_treatment_links_to_the_public_page_and_the_not_sure_help_shows_only_when_empty(
    client, handler_user, enquiry
):
    client.force_login(handler_user)
    html = client.get(f"{CHANGELIST}{enquiry.pk}/change/").content.decode()
    assert 'href="/treatments/hair-loss/"' in html and "/admin/treatments/" not in html
    assert "the patient was not sure" not in html.lower() and "did not choose" not in html
    Enquiry.objects.filter(pk=enquiry.pk).update(treatment=None)
    html = client.get(f"{CHANGELIST}{enquiry.pk}/change/").content.decode()
    assert "Not sure (the patient did not choose an area)" in html


def test_every_action_on_an_enquiry_is_in_the_access_log(client, handler_user, enquiry, clinic):
    client.force_login(handler_user)
    client.post(CHANGELIST, {"action": "assign_to_me", "_selected_action": [enquiry.pk], "index": 0})
    client.post(f"{CHANGELIST}{enquiry.pk}/note/", {"text": "Will call.", "collision_version": seen(enquiry)})
    client.post(
        f"{CHANGELIST}{enquiry.pk}/reply/", {"body": "Hello", "intent": "send", "collision_version": seen(enquiry)}
    )
    client.post(CHANGELIST, {"action": "close", "_selected_action": [enquiry.pk], "index": 0})
    response = client.post(CHANGELIST, {"action": "export_csv", "_selected_action": [enquiry.pk], "index": 0})
    b"".join(response.streaming_content)
    client.get(f"{CHANGELIST}{enquiry.pk}/change/")
    logged = list(enquiry.accesses.order_by("accessed_at", "pk").values_list("action", "detail"))
    assert logged == [
        ("assigned", "to handler"),
        ("status", "New → In progress"),
        ("noted", ""),
        ("replied", f"reply {enquiry.replies.get().pk}"),
        ("status", "In progress → Answered"),
        ("status", "Answered → Closed"),
        ("exported", ""),
        ("opened", ""),
    ]


def test_what_is_held_is_counted_in_words_one_reply_two_replies(two_people):
    """Not "1 replies": one of each for Bo; twice as many for Ada."""
    assert data_rights.subject_summary("bo@example.com")["lines"] == [
        "1 enquiry", "1 reply", "1 note", "5 access records", "1 email",
    ]  # fmt: skip
    assert data_rights.subject_summary("ada@example.com")["lines"][:3] == ["2 enquiries", "2 replies", "2 notes"]
