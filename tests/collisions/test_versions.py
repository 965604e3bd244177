"""Version tokens: a token matches the record it was made from and nothing since; what changed is said
field by field (never health text); a missing or forged token counts as stale; the check runs inside
the write's transaction and two saves of one record at once cannot both win."""

import threading

import pytest
from django.core import signing
from django.db import connection, transaction

from collisions.versions import SALT, FunctionTracker, Row, Rows, StaleVersion, Value
from enquiries.models import ReplyTemplate

pytestmark = pytest.mark.django_db

SECRET_TEXT = "my knees have hurt since the fall"


def template_parts(template):
    return [
        Value("title", "Title", template.title),
        Value("body", "Text", template.body, private=template.title == "Private"),
    ]


TRACKER = FunctionTracker(template_parts)


@pytest.fixture
def template():
    return ReplyTemplate.objects.create(title="Consultation", body="Dear {first_name}, please book a chat.")


def refused(token, template):
    with pytest.raises(StaleVersion) as stale, transaction.atomic():
        TRACKER.verify(template, token)
    return stale.value.conflict


def test_a_token_matches_the_record_it_was_made_from(template):
    token = TRACKER.issue(template)
    with transaction.atomic():
        fresh = TRACKER.verify(template, token)
    assert fresh.pk == template.pk and fresh.title == "Consultation"


def test_a_change_since_the_token_is_refused_saying_what_changed_from_what_to_what(template):
    token = TRACKER.issue(template)
    ReplyTemplate.objects.filter(pk=template.pk).update(title="First visit")
    conflict = refused(token, template)
    assert [(change.label, change.before, change.after) for change in conflict.changes] == [
        ("Title", "Consultation", "First visit")
    ]
    assert conflict.opened_at is not None
    # The conflict carries the version as it is now: a second save made knowing it goes through.
    with transaction.atomic():
        TRACKER.verify(template, conflict.token)


def test_health_text_is_compared_but_never_shown_nor_kept_in_the_token(template):
    ReplyTemplate.objects.filter(pk=template.pk).update(title="Private", body=SECRET_TEXT)
    template.refresh_from_db()
    token = TRACKER.issue(template)
    assert SECRET_TEXT not in str(signing.loads(token, salt=SALT))
    ReplyTemplate.objects.filter(pk=template.pk).update(body="my back too")
    conflict = refused(token, template)
    assert [(change.label, change.before, change.after) for change in conflict.changes] == [
        ("Text: changed", None, None)
    ]


def test_a_long_text_shows_only_the_words_that_changed(template):
    long = "An opening sentence that goes on. " * 10 + "The price is 100 pounds. " + "A closing sentence. " * 10
    ReplyTemplate.objects.filter(pk=template.pk).update(body=long)
    template.refresh_from_db()
    token = TRACKER.issue(template)
    ReplyTemplate.objects.filter(pk=template.pk).update(body=long.replace("100 pounds", "120 pounds"))
    change = refused(token, template).changes[0]
    assert "100 pounds" in change.before and "120 pounds" in change.after
    assert len(change.before) < 150 and change.before.startswith("…")


def test_rows_added_removed_and_changed_are_named(template):
    rows = {"a": "one", "b": "two"}
    tracker = FunctionTracker(
        lambda obj: [Rows("items", "Items", [Row(key, f"item {key}", {"Text": text}) for key, text in rows.items()])]
    )
    token = tracker.issue(template)
    rows.update({"b": "TWO", "c": "three"})
    del rows["a"]
    with pytest.raises(StaleVersion) as stale, transaction.atomic():
        tracker.verify(template, token)
    conflict = stale.value.conflict
    assert [(c.label, c.before, c.after) for c in conflict.changes] == [
        ("item b, Text", "two", "TWO"),
        ("Items: added item c", None, None),
        ("Items: removed item a", None, None),
    ]
    assert conflict.added_rows("items") == ["c"]


@pytest.mark.parametrize("token", ["", "not-a-token", None])
def test_a_missing_or_forged_token_is_stale_and_none_means_no_page(template, token):
    if token is None:  # a command, not a page: nothing to compare, the row is still locked
        with transaction.atomic():
            assert TRACKER.verify(template, None).pk == template.pk
        return
    conflict = refused(token, template)
    assert conflict.opened_at is None and conflict.changes == []


def test_a_token_from_another_record_kind_is_refused(template):
    forged = signing.dumps({"at": 0, "p": {"title": {"v": "Consultation", "s": "Consultation"}}}, salt="other")
    assert refused(forged, template).opened_at is None


@pytest.mark.django_db(transaction=True)
def test_the_check_belongs_inside_the_writes_transaction():
    template = ReplyTemplate.objects.create(title="Consultation", body="Hello")
    with pytest.raises(transaction.TransactionManagementError):
        TRACKER.verify(template, TRACKER.issue(template))


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite's test database is in memory, shared by threads without waiting"
)
@pytest.mark.django_db(transaction=True)
def test_two_saves_of_one_record_at_once_the_second_waits_and_is_refused():
    """Two handlers who opened the same version save at the same moment: the first holds the row, the
    second waits for it, then sees the first's change and writes nothing."""
    template = ReplyTemplate.objects.create(title="Consultation", body="Hello")
    token = TRACKER.issue(template)
    first_holds, outcome = threading.Event(), {}

    def first():
        with TRACKER.guard(template, token):
            first_holds.set()
            threading.Event().wait(0.5)
            ReplyTemplate.objects.filter(pk=template.pk).update(title="From the first")
        connection.close()

    def second():
        first_holds.wait(5)
        try:
            with TRACKER.guard(template, token):
                ReplyTemplate.objects.filter(pk=template.pk).update(title="From the second")
            outcome["second"] = "saved"
        except StaleVersion as stale:
            outcome["second"] = [change.after for change in stale.conflict.changes]
        connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert outcome["second"] == ["From the first"]
    assert ReplyTemplate.objects.get().title == "From the first"
