"""The handlers' admin: who can see enquiries, the workflow actions, CSV export, the access log, the index count."""

import csv
import io

import pytest

from enquiries.models import Enquiry, EnquiryAccess
from tests.support.versions import seen

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/enquiries/enquiry/"


@pytest.fixture
def handler_client(client, handler_user):
    client.force_login(handler_user)
    return client


@pytest.fixture
def editor_client(client, editor_user):
    client.force_login(editor_user)
    return client


def run_action(client, action, *enquiries):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [e.pk for e in enquiries], "index": 0}, follow=True
    )


# --- Who sees what -----------------------------------------------------------------------


def test_an_editor_cannot_see_enquiries(editor_client, enquiry):
    assert editor_client.get(CHANGELIST).status_code == 403
    assert editor_client.get(f"{CHANGELIST}{enquiry.pk}/change/").status_code == 403
    index = editor_client.get("/admin/").content.decode()
    assert "Patient enquiries" not in index and "new enquir" not in index


def test_an_editor_can_edit_content(editor_client, area):
    assert editor_client.get("/admin/treatments/treatmentarea/").status_code == 200
    assert editor_client.get(f"/admin/treatments/treatmentarea/{area.pk}/change/").status_code == 200


def test_a_handler_sees_enquiries_but_not_content_editing_or_users(handler_client, enquiry):
    assert handler_client.get(CHANGELIST).status_code == 200
    assert handler_client.get("/admin/treatments/treatmentarea/").status_code == 403
    assert handler_client.get("/admin/auth/user/").status_code == 403


def test_neither_role_can_manage_users(editor_client):
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get("/admin/auth/group/").status_code == 403


def test_the_list_shows_status_response_time_message_start_area_received_and_assignee(
    handler_client, enquiry, handler_user
):
    enquiry.assign_to(handler_user)
    Enquiry.objects.create(
        name="Bo",
        email="bo@example.com",
        message="?",
        preferred_contact="email",
        consent_given_at=enquiry.consent_given_at,
        privacy_version="v",
    )
    html = handler_client.get(CHANGELIST).content.decode()
    columns = ("status", "response", "message_start", "area", "received_at", "assigned_to")
    for column in (f"column-{name}" for name in columns):
        assert column in html, column
    assert "Ada Patient" in html and "Hair loss" in html and "Not sure" in html and "handler" in html
    assert "My hair is thinning at the crown" in html


def test_filter_by_status_and_search_by_email(handler_client, enquiry):
    enquiry.close(by=None)
    assert "Ada Patient" not in handler_client.get(CHANGELIST + "?status__exact=new").content.decode()
    assert "Ada Patient" in handler_client.get(CHANGELIST + "?status__exact=closed").content.decode()
    assert "Ada Patient" in handler_client.get(CHANGELIST + "?q=ada@example.com").content.decode()
    assert "Ada Patient" not in handler_client.get(CHANGELIST + "?q=nobody").content.decode()


def test_handlers_cannot_add_enquiries(handler_client):
    assert handler_client.get(CHANGELIST + "add/").status_code == 403


# --- What the patient wrote is read-only ---------------------------------------------------


def test_patient_fields_are_read_only_and_the_status_goes_through_the_workflow(handler_client, enquiry, handler_user):
    url = f"{CHANGELIST}{enquiry.pk}/change/"
    html = handler_client.get(url).content.decode()
    assert 'name="status"' in html and 'name="assigned_to"' in html
    assert 'name="message"' not in html and 'name="name"' not in html and 'name="staff_notes"' not in html
    assert "My hair is thinning at the crown since last spring." in html
    response = handler_client.post(
        url,
        {
            "status": "answered",
            "assigned_to": handler_user.pk,
            "name": "Changed",
            "message": "Changed",
            "collision_version": seen(enquiry),
        },
    )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.name == "Ada Patient" and enquiry.message.startswith("My hair")
    # A status set on the form records what the action would.
    assert enquiry.status == Enquiry.Status.ANSWERED
    assert enquiry.answered_by == handler_user and enquiry.answered_at is not None
    actions = list(EnquiryAccess.objects.filter(enquiry=enquiry).values_list("action", "detail"))
    assert ("status", "New → Answered") in actions and ("assigned", "to handler") in actions


def test_the_admin_log_does_not_keep_the_patient_name(handler_client, enquiry):
    from django.contrib.admin.models import LogEntry

    handler_client.post(
        f"{CHANGELIST}{enquiry.pk}/change/",
        {"status": "closed", "assigned_to": "", "collision_version": seen(enquiry)},
    )
    entry = LogEntry.objects.get()
    assert entry.object_repr.startswith(f"Enquiry {enquiry.pk}") and "Ada" not in entry.object_repr


# --- Actions --------------------------------------------------------------------------------


def test_assign_to_me_moves_a_new_enquiry_to_in_progress(handler_client, enquiry, handler_user):
    response = run_action(handler_client, "assign_to_me", enquiry)
    assert "1 enquiry assigned to you." in response.content.decode()
    enquiry.refresh_from_db()
    assert enquiry.assigned_to == handler_user
    assert enquiry.status == Enquiry.Status.IN_PROGRESS


def test_mark_in_progress_assigns_an_unassigned_enquiry(handler_client, enquiry, handler_user):
    run_action(handler_client, "mark_in_progress", enquiry)
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.IN_PROGRESS
    assert enquiry.assigned_to == handler_user and enquiry.status_changed_at is not None


def test_mark_answered_records_who_and_when(handler_client, enquiry, handler_user):
    response = run_action(handler_client, "mark_answered", enquiry)
    assert "1 enquiry marked as answered." in response.content.decode()
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.ANSWERED
    assert enquiry.answered_by == handler_user and enquiry.answered_at is not None


def test_close_and_mark_spam_start_the_retention_clock(handler_client, enquiry, area):
    other = Enquiry.objects.create(
        name="Bo", email="bo@example.com", message="?", preferred_contact="email",
        consent_given_at=enquiry.consent_given_at, privacy_version="v",
    )  # fmt: skip
    run_action(handler_client, "close", enquiry)
    run_action(handler_client, "mark_spam", other)
    enquiry.refresh_from_db(), other.refresh_from_db()
    assert enquiry.status == Enquiry.Status.CLOSED and enquiry.closed_at is not None
    assert other.status == Enquiry.Status.SPAM and other.closed_at is not None
    run_action(handler_client, "mark_in_progress", enquiry)
    enquiry.refresh_from_db()
    assert enquiry.closed_at is None  # reopened: no longer due for deletion


def test_an_editor_cannot_run_actions(editor_client, enquiry):
    response = editor_client.post(CHANGELIST, {"action": "close", "_selected_action": [enquiry.pk]})
    assert response.status_code == 403
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.NEW


# --- CSV export -------------------------------------------------------------------------------


def export(client, *enquiries):
    response = client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [e.pk for e in enquiries], "index": 0}
    )
    assert response.status_code == 200 and response.streaming
    return response, list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_csv_export_has_the_selection_and_records_the_access(handler_client, enquiry, handler_user):
    response, rows = export(handler_client, enquiry)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert len(rows) == 1
    assert rows[0]["name"] == "Ada Patient" and rows[0]["email"] == "ada@example.com"
    assert rows[0]["treatment"] == "Hair loss" and rows[0]["status"] == "New"
    access = EnquiryAccess.objects.get()
    assert (access.enquiry, access.user, access.action) == (enquiry, handler_user, EnquiryAccess.Action.EXPORTED)


def test_csv_export_streams_and_has_the_replies_with_their_state_and_the_notes(
    handler_client, enquiry, handler_user, clinic
):
    from enquiries.services import answer_by_phone, reply_send

    reply_send(enquiry, "We can help.", by=handler_user)
    answer_by_phone(enquiry, "Called back.", by=handler_user)
    enquiry.add_note("Prefers mornings.", by=handler_user)
    response = handler_client.post(CHANGELIST, {"action": "export_csv", "_selected_action": [enquiry.pk], "index": 0})
    chunks = iter(response.streaming_content)
    header = next(chunks).decode()
    assert header.startswith("\ufeffid,received_at,")  # the header goes first, on its own
    row = next(csv.DictReader(io.StringIO(header.lstrip("\ufeff") + b"".join(chunks).decode())))
    replies = row["replies"].split("\n---\n")
    assert replies[0].endswith("handler (waiting to send): We can help.")
    assert replies[1].endswith("handler (phone call): Called back.")
    assert row["staff_notes"].endswith("handler: Prefers mornings.")


@pytest.mark.parametrize(
    "dangerous",
    ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"],
)
def test_csv_export_defuses_spreadsheet_formulas(handler_client, enquiry, dangerous):
    Enquiry.objects.filter(pk=enquiry.pk).update(name=dangerous, message=dangerous)
    row = export(handler_client, enquiry)[1][0]
    assert row["name"] == "'" + dangerous
    assert row["message"] == "'" + dangerous
    assert row["email"] == "ada@example.com"  # harmless cells are unchanged


# --- Access log -------------------------------------------------------------------------------


def test_opening_an_enquiry_is_recorded(handler_client, enquiry, handler_user):
    handler_client.get(f"{CHANGELIST}{enquiry.pk}/change/")
    handler_client.get(f"{CHANGELIST}{enquiry.pk}/change/")
    assert EnquiryAccess.objects.filter(enquiry=enquiry, user=handler_user, action="opened").count() == 2
    assert EnquiryAccess.objects.first().username == "handler"


def test_the_list_alone_records_no_access(handler_client, enquiry):
    handler_client.get(CHANGELIST)
    assert EnquiryAccess.objects.count() == 0


def test_superusers_can_read_the_access_log_but_nobody_can_change_it(admin_client, enquiry, handler_client):
    handler_client.get(f"{CHANGELIST}{enquiry.pk}/change/")
    access = EnquiryAccess.objects.get()
    log = admin_client.get("/admin/enquiries/enquiryaccess/")
    assert log.status_code == 200 and "handler" in log.content.decode()
    assert admin_client.get("/admin/enquiries/enquiryaccess/add/").status_code == 403
    detail = admin_client.get(f"/admin/enquiries/enquiryaccess/{access.pk}/change/")
    assert detail.status_code == 200 and 'name="username"' not in detail.content.decode()
    assert admin_client.post(f"/admin/enquiries/enquiryaccess/{access.pk}/delete/", {"post": "yes"}).status_code == 403
    assert EnquiryAccess.objects.filter(pk=access.pk).exists()


def test_handlers_cannot_read_or_edit_the_access_log(handler_client, enquiry):
    handler_client.get(f"{CHANGELIST}{enquiry.pk}/change/")
    access = EnquiryAccess.objects.get()
    assert handler_client.get("/admin/enquiries/enquiryaccess/").status_code == 403
    assert (
        handler_client.post(f"/admin/enquiries/enquiryaccess/{access.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert EnquiryAccess.objects.count() == 1


# --- Admin index ------------------------------------------------------------------------------


def test_admin_index_shows_the_number_of_new_enquiries_to_handlers(handler_client, enquiry):
    enquiry.pk = None
    enquiry.save()  # a second new one
    Enquiry.objects.filter(pk=enquiry.pk).update(status=Enquiry.Status.CLOSED)
    html = handler_client.get("/admin/").content.decode()
    assert "<strong>1</strong> new enquiry" in html
    assert f'href="{CHANGELIST}?status__exact=new"' in html
