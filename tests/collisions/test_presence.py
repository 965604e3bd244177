"""Presence: who else has a record open and who has started typing, from the shared cache, through the
staff-only endpoint the page's script beats to; gone when the page closes or goes quiet; nothing about
the record's content in it; and a change made since the page opened is announced."""

import json
import time
from unittest import mock

import pytest
from django.test import Client

from collisions import presence
from tests.support.versions import seen

pytestmark = pytest.mark.django_db

URL = "/admin/presence/"


@pytest.fixture
def second_handler(django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("sam", "sam@example.com", "a-long-test-password-1", is_staff=True)
    user.first_name, user.last_name = "Sam", "Second"
    user.save()
    user.groups.add(Group.objects.get(name="Enquiry handlers"))
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def beat(client, record, viewer, **fields):
    response = client.post(URL, {"record": record, "viewer": viewer, **fields})
    is_json = response["Content-Type"] == "application/json"
    return response.status_code, json.loads(response.content) if is_json else None


def test_each_handler_sees_the_other_and_who_has_started_typing(handler_user, second_handler, enquiry):
    record = presence.record_key(enquiry)
    first, second = client_for(handler_user), client_for(second_handler)
    status, answer = beat(first, record, "tab-a")
    assert status == 200 and answer["others"] == []
    status, answer = beat(second, record, "tab-b")
    assert [other["name"] for other in answer["others"]] == ["handler"]
    assert answer["others"][0]["typing"] is False

    beat(first, record, "tab-a", typing="1")
    _, answer = beat(second, record, "tab-b")
    assert answer["others"][0]["typing"] is True and answer["others"][0]["typing_since"]
    # Only who and since when: nothing the patient wrote, no address, no text being typed.
    assert set(answer["others"][0]) == {"name", "since", "typing", "typing_since"}
    assert "Ada" not in json.dumps(answer) and "thinning" not in json.dumps(answer)

    _, answer = beat(first, record, "tab-a")
    assert answer["others"][0]["name"] == "Sam Second" and answer["others"][0]["typing"] is False


def test_a_closed_page_is_gone_at_once_and_a_quiet_one_soon(handler_user, second_handler, enquiry):
    record = presence.record_key(enquiry)
    first, second = client_for(handler_user), client_for(second_handler)
    beat(first, record, "tab-a")
    beat(first, record, "tab-a", leave="1")
    assert beat(second, record, "tab-b")[1]["others"] == []

    beat(first, record, "tab-a")
    later = time.time() + presence.GONE_AFTER_SECONDS + 1
    with mock.patch("collisions.presence.time.time", return_value=later):
        assert presence.others(record, second_handler) == []


def test_the_page_shows_who_else_is_there_without_javascript(handler_user, second_handler, enquiry):
    record = presence.record_key(enquiry)
    beat(client_for(second_handler), record, "tab-b", typing="1")
    html = client_for(handler_user).get(f"/admin/enquiries/enquiry/{enquiry.pk}/change/").content.decode()
    box = html[html.index('id="presence"') : html.index("</div>", html.index('id="presence"'))]
    assert "Sam Second" in box and "has started a reply" in box


def test_a_change_made_after_the_page_opened_is_announced(handler_user, second_handler, enquiry):
    from enquiries import services

    record = presence.record_key(enquiry)
    opened = f"{time.time() - 1:.3f}"
    with mock.patch("django.db.transaction.on_commit", side_effect=lambda callback, *args, **kwargs: callback()):
        services.note_add(enquiry, "Called the patient.", by=second_handler, seen=seen(enquiry))
    _, answer = beat(client_for(handler_user), record, "tab-a", opened=opened)
    assert answer["changed"]["by"] == "Sam Second"
    _, answer = beat(client_for(handler_user), record, "tab-a", opened=f"{time.time() + 1:.3f}")
    assert answer["changed"] is None


def test_only_staff_who_may_see_the_records_can_ask(client, editor_user, enquiry):
    record = presence.record_key(enquiry)
    assert client.post(URL, {"record": record, "viewer": "x"}).status_code in (302, 403)
    assert beat(client_for(editor_user), record, "x")[0] == 403  # editors may not see enquiries
    assert client_for(editor_user).get(URL).status_code == 405
