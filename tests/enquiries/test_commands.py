"""setup_roles gives each group exactly its role's permissions; purge_enquiries deletes what retention allows."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from enquiries.models import Enquiry, EnquiryAccess

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


# --- setup_roles ----------------------------------------------------------------------------


GROUPS = ("Content editors", "Clinical reviewers", "Enquiry handlers", "Data protection")


def test_setup_roles_creates_every_group_and_is_safe_to_run_again():
    first = run("setup_roles")
    assert "setup_roles:" in first and all(f"{name} created" in first for name in GROUPS)
    before = {name: codenames(name) for name in GROUPS}
    second = run("setup_roles")
    assert all(f"{name} updated" in second for name in GROUPS)
    assert Group.objects.count() == len(GROUPS)
    assert {name: codenames(name) for name in before} == before


CONTENT_MODELS = [
    ("treatments", "treatmentarea"),
    ("treatments", "benefit"),
    ("treatments", "risk"),
    ("treatments", "milestone"),
    ("treatments", "faq"),
    ("pages", "pagetext"),
    ("pages", "clinicdetails"),
    ("clinicians", "clinician"),
]


def test_editors_get_every_content_model_and_only_view_on_histories():
    run("setup_roles")
    perms = codenames("Content editors")
    for app, model in CONTENT_MODELS:
        for action in ("add", "change", "delete", "view"):
            assert f"{app}.{action}_{model}" in perms, (action, model)
        assert f"{app}.view_historical{model}" in perms
        assert f"{app}.change_historical{model}" not in perms
        assert f"{app}.delete_historical{model}" not in perms
    assert not any(p.startswith(("enquiries.", "auth.")) for p in perms)


def test_handlers_get_enquiries_and_templates_but_not_data_rights_the_access_log_content_or_users():
    run("setup_roles")
    perms = codenames("Enquiry handlers")
    assert {"enquiries.view_enquiry", "enquiries.change_enquiry", "enquiries.export_enquiry"} <= perms
    assert {"enquiries.add_replytemplate", "enquiries.change_replytemplate"} <= perms
    assert "enquiries.manage_subject_data" not in perms
    assert not any("enquiryaccess" in p for p in perms)
    assert not any(p.startswith(("treatments.", "auth.")) for p in perms)


def test_data_protection_gets_the_data_rights_permission_only():
    run("setup_roles")
    assert codenames("Data protection") == {"enquiries.manage_subject_data"}


def test_setup_roles_removes_a_permission_added_by_hand():
    from django.contrib.auth.models import Permission

    run("setup_roles")
    editors = Group.objects.get(name="Content editors")
    editors.permissions.add(Permission.objects.get(codename="view_enquiry"))
    run("setup_roles")
    assert "enquiries.view_enquiry" not in codenames("Content editors")


# --- purge_enquiries ------------------------------------------------------------------------


def make(status, closed_days_ago=None):
    enquiry = Enquiry.objects.create(
        name="Pat",
        email="pat@example.com",
        message="A question",
        preferred_contact="email",
        consent_given_at=timezone.now(),
        privacy_version="v",
        status=status,
    )
    if closed_days_ago is not None:
        closed = timezone.now() - datetime.timedelta(days=closed_days_ago)
        Enquiry.objects.filter(pk=enquiry.pk).update(closed_at=closed, received_at=closed)
    return enquiry


@pytest.fixture
def mixed_enquiries():
    return {
        "old_closed": make(Enquiry.Status.CLOSED, 400),
        "old_spam": make(Enquiry.Status.SPAM, 400),
        "recent_closed": make(Enquiry.Status.CLOSED, 10),
        "old_answered": make(Enquiry.Status.ANSWERED),
        "new": make(Enquiry.Status.NEW),
    }


def test_purge_deletes_closed_and_spam_enquiries_older_than_the_given_days(mixed_enquiries):
    EnquiryAccess.objects.create(enquiry=mixed_enquiries["old_closed"], username="someone")
    Enquiry.objects.filter(pk=mixed_enquiries["old_answered"].pk).update(
        received_at=timezone.now() - datetime.timedelta(days=900)
    )
    output = run("purge_enquiries", "--days", "365")
    assert "deleted 2 closed or spam enquiries closed more than 365 days ago" in output
    remaining = set(Enquiry.objects.values_list("pk", flat=True))
    assert remaining == {mixed_enquiries[k].pk for k in ("recent_closed", "old_answered", "new")}
    assert EnquiryAccess.objects.count() == 0


def test_purge_dry_run_deletes_nothing(mixed_enquiries):
    output = run("purge_enquiries", "--days", "5", "--dry-run")
    assert "dry run, would delete 3 closed or spam enquiries" in output
    assert Enquiry.objects.count() == 5


def test_purge_defaults_to_the_retention_setting(mixed_enquiries, settings):
    settings.ENQUIRY_RETENTION_DAYS = 30
    # The default is read when the command is built, so build it after the setting changes.
    output = run("purge_enquiries")
    assert "deleted 2" in output and "more than 30 days ago" in output


def test_purge_refuses_negative_days():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--days must be 0 or more"):
        run("purge_enquiries", "--days", "-1")
