"""POST /feedback/: from cached pages without a CSRF token, checked by Origin, rate-limited, nothing personal kept."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from feedback.models import Feedback

pytestmark = pytest.mark.django_db

PAGE = "/treatments/hair-loss/"
SITE = {"HTTP_ORIGIN": "http://testserver"}


def send(client, headers=SITE, **fields):
    return client.post("/feedback/", {"page": PAGE, "helpful": "no", **fields}, **headers)


def test_the_question_ends_every_content_page_without_a_token_or_cookie_even_when_cached(client, area):
    client.get(PAGE)
    cached = client.get(PAGE)  # from the page cache
    html = cached.content.decode()
    form = re.search(r'<form class="feedback" id="feedback" action="/feedback/" method="post">.*?</form>', html, re.S)
    assert form and f'name="page" value="{PAGE}"' in form.group()
    assert "Was this page helpful?" in form.group()
    assert 'name="helpful" value="yes"' in form.group() and 'name="helpful" value="no"' in form.group()
    assert "csrfmiddlewaretoken" not in html and not cached.cookies


def test_an_answer_from_this_site_is_kept_and_thanked_on_a_page_of_its_own(client, area):
    response = send(client, helpful="yes")
    assert response.status_code == 302 and response["Location"].startswith("/feedback/thanks/?answer=")
    feedback = Feedback.objects.get()
    assert (feedback.page, feedback.helpful, feedback.page_record.key) == (PAGE, True, f"area:{area.pk}")
    thanks = client.get(response["Location"])
    assert "We are glad the page helped" in thanks.content.decode()
    assert "no-store" in thanks["Cache-Control"] and not thanks.cookies


def test_after_no_the_reason_joins_the_same_answer_with_contact_details_removed(client, area):
    thanks = client.get(send(client)["Location"]).content.decode()
    assert "What was wrong with the page?" in thanks
    token = re.search(r'name="answer" value="([^"]+)"', thanks).group(1)
    comment = "Unclear. Email me at ada.lovelace@example.org or call 07700 900123 or +44 20 7946 0000."
    response = send(client, reason="hard", comment=comment, answer=token)
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.reason == "hard"
    assert "@" not in feedback.comment and "07700" not in feedback.comment and "7946" not in feedback.comment
    assert feedback.comment.startswith("Unclear. Email me at [email address removed]")
    assert "We will use what you told us" in client.get(response["Location"]).content.decode()
    send(client, reason="wrong", comment="again", answer=token)
    assert Feedback.objects.get().reason == "hard"  # a reason is given once


def test_all_four_fields_at_once_are_kept_together(client, area):
    send(client, reason="missing", comment="It does not say how long the soreness lasts.")
    feedback = Feedback.objects.get()
    assert (feedback.helpful, feedback.reason) == (False, "missing")


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_ORIGIN": "https://elsewhere.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_REFERER": "https://evil.example/x"},
    ],
    ids=["no-origin", "other-site", "null-origin", "other-referer"],
)
def test_a_post_that_did_not_come_from_this_site_is_refused(client, area, headers):
    response = send(client, headers=headers)
    assert response.status_code == 403 and not Feedback.objects.exists()


def test_the_referer_stands_in_for_a_missing_origin(client, area):
    assert send(client, headers={"HTTP_REFERER": f"http://testserver{PAGE}"}).status_code == 302
    assert Feedback.objects.count() == 1


@pytest.mark.parametrize(
    "page", ["/admin/", "/no-such-page/", "/treatments/no-such-area/", "https://evil.example/", "//x"]
)
def test_feedback_about_something_that_is_not_a_page_is_refused(client, area, page):
    assert send(client, page=page).status_code == 400
    assert not Feedback.objects.exists()


def test_a_burst_of_answers_gets_a_friendly_429(client, area, settings):
    settings.FEEDBACK_RATE_LIMIT = "3/m"
    codes = [send(client, helpful="yes").status_code for _ in range(4)]
    assert codes == [302, 302, 302, 429]
    assert "Please wait a minute" in send(client).content.decode()
    assert Feedback.objects.count() == 3


def test_a_reason_token_that_is_not_ours_is_refused(client, area):
    response = send(client, reason="hard", answer="made-up")
    assert response.status_code == 400 and not Feedback.objects.exists()


def test_an_old_link_to_the_thanks_page_still_thanks(client, area):
    assert "Thank you" in client.get("/feedback/thanks/?answer=nonsense").content.decode()


def test_nothing_about_the_sender_is_kept(client, area):
    send(client, headers={**SITE, "REMOTE_ADDR": "203.0.113.7", "HTTP_USER_AGENT": "Test"})
    row = Feedback.objects.values().get()
    assert "203.0.113.7" not in str(row) and "Test" not in str(row)
    assert set(row) == {"id", "page", "page_record_id", "helpful", "reason", "comment", "created_at"}


def test_the_thanks_page_link_goes_back_to_the_page(client, area):
    location = send(client, helpful="yes")["Location"]
    assert parse_qs(urlsplit(location).query)["answer"]
    assert f'<a href="{PAGE}">Go back to the page</a>' in client.get(location).content.decode()
