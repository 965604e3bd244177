"""A ModelAdmin that opts in (CollisionGuardMixin; here the saved reply templates) refuses a save made on
an out-of-date page: nothing is written, the message says who changed what and when, the form comes
back with what was typed (untouched fields showing the new values), and a second save goes through."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from enquiries.models import ReplyTemplate

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="collision_version" value="([^"]+)"')


@pytest.fixture
def two_handlers(handler_user, django_user_model):
    second = django_user_model.objects.create_user("sam", "sam@example.com", "a-long-test-password-1", is_staff=True)
    second.first_name, second.last_name = "Sam", "Second"
    second.save()
    second.groups.add(Group.objects.get(name="Enquiry handlers"))
    first_client, second_client = Client(), Client()
    first_client.force_login(handler_user)
    second_client.force_login(second)
    return first_client, second_client


@pytest.fixture
def template():
    return ReplyTemplate.objects.create(title="Consultation", body="Dear {first_name}, please book a chat.")


def opened(client, template):
    """The change form as a browser gets it, and the version token it carries."""
    html = client.get(f"/admin/enquiries/replytemplate/{template.pk}/change/").content.decode()
    return html, TOKEN.search(html).group(1)


def save(client, template, token, **fields):
    data = {"title": template.title, "body": template.body, "collision_version": token, **fields}
    return client.post(f"/admin/enquiries/replytemplate/{template.pk}/change/", data)


def test_the_change_form_carries_the_version_and_the_presence_box(two_handlers, template):
    first, _ = two_handlers
    html, token = opened(first, template)
    assert token and 'id="presence"' in html and "js/collisions.js" in html
    assert 'data-record="enquiries.replytemplate:' in html


def test_a_stale_save_is_refused_with_who_changed_what_and_keeps_what_was_typed(two_handlers, template):
    first, second = two_handlers
    _, first_token = opened(first, template)
    _, second_token = opened(second, template)
    assert save(second, template, second_token, title="First consultation").status_code == 302

    refused = save(first, template, first_token, body="Dear {first_name}, call us to book.")
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Not saved: this reply template changed after you opened it" in html
    assert "Title: “Consultation” → “First consultation”" in html
    assert "Sam Second" in html  # who, from the admin's log
    # Nothing written: the second handler's title, the old text.
    stored = ReplyTemplate.objects.get()
    assert (stored.title, stored.body) == ("First consultation", "Dear {first_name}, please book a chat.")
    # What the first typed is still in the form; the title they did not touch shows the new one.
    assert "Dear {first_name}, call us to book." in html
    assert 'value="First consultation"' in html

    # Saving again, knowing, goes through with the version the refusal carried.
    token = TOKEN.search(html).group(1)
    again = save(first, template, token, title="First consultation", body="Dear {first_name}, call us to book.")
    assert again.status_code == 302
    stored.refresh_from_db()
    assert (stored.title, stored.body) == ("First consultation", "Dear {first_name}, call us to book.")


def test_a_form_without_a_version_is_refused(two_handlers, template):
    first, _ = two_handlers
    response = first.post(
        f"/admin/enquiries/replytemplate/{template.pk}/change/", {"title": "Changed", "body": template.body}
    )
    assert response.status_code == 200
    assert "did not say which version of the reply template you saw" in response.content.decode()
    assert ReplyTemplate.objects.get().title == "Consultation"
