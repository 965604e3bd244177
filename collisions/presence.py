"""Presence: who else has a record open, who has started typing, and the last change to it, in the
shared cache (Redis when `REDIS_URL` is set, so it is right across app servers).

Each open page is a *viewer* (a random id made when the page is rendered, tied to the user). The
page's script (static/js/collisions.js) posts a beat to the presence endpoint every
`BEAT_SECONDS` while the tab is visible, saying whether its person is typing; a viewer whose beats
stop (tab closed, asleep, hidden, offline) is gone after `GONE_AFTER_SECONDS`, and a tab that
closes says so at once (a beacon). Each viewer is its own key, with that expiry; a small index per
record lists the viewers, and every beat puts its viewer back in the index if a concurrent write
dropped it. What is stored and answered: a name, whether they are typing, since when; never
anything about the record's content.

A write made through `Tracker.guard` notes the record's last change (who, when) after it commits,
so open pages can say "changed by … at …" without a reload.

The cache failing (Redis down) never breaks a page: presence is then unknown and says nothing.
"""

import datetime
import logging
import secrets
import time

from django.core.cache import cache
from django.utils import timezone
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

BEAT_SECONDS = 10
GONE_AFTER_SECONDS = 30
# A record's last change is kept this long: longer than anyone keeps a page open unattended.
CHANGE_SECONDS = 12 * 60 * 60
CACHE_ERRORS = (RedisError, OSError)
PREFIX = "collisions"


def record_key(obj):
    """ "app_label.model_name:pk": the name of a record in the cache, the page and the endpoint."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def new_viewer():
    return secrets.token_urlsafe(9)


def display_name(user):
    return user.get_full_name() or user.get_username()


def _index_key(record):
    return f"{PREFIX}:viewers:{record}"


def _viewer_key(record, viewer_id):
    return f"{PREFIX}:viewer:{record}:{viewer_id}"


def _change_key(record):
    return f"{PREFIX}:changed:{record}"


def _viewer_id(user, viewer):
    # One person's id in it: nobody can beat, or leave, for someone else's page.
    return f"{user.pk}-{viewer}"


def beat(record, viewer, user, typing=False, now=None):
    """`user`'s page `viewer` is open on `record` (and typing or not). Returns the others present."""
    now = now or time.time()
    viewer_id = _viewer_id(user, viewer)
    key = _viewer_key(record, viewer_id)
    try:
        entry = cache.get(key) or {"user": user.pk, "name": display_name(user), "since": now, "typing_since": None}
        if typing and not entry.get("typing_since"):
            entry["typing_since"] = now
        elif not typing:
            entry["typing_since"] = None
        entry["seen"] = now
        cache.set(key, entry, GONE_AFTER_SECONDS)
        index = cache.get(_index_key(record)) or {}
        if viewer_id not in index or index[viewer_id] < now - BEAT_SECONDS:
            index = {vid: seen for vid, seen in index.items() if seen > now - GONE_AFTER_SECONDS}
            index[viewer_id] = now
            cache.set(_index_key(record), index, GONE_AFTER_SECONDS * 4)
    except CACHE_ERRORS as error:
        _unavailable(error)
        return []
    return others(record, user, now)


def leave(record, viewer, user):
    """The page closed: gone at once, not after GONE_AFTER_SECONDS."""
    try:
        cache.delete(_viewer_key(record, _viewer_id(user, viewer)))
    except CACHE_ERRORS as error:
        _unavailable(error)


def present(record, now=None):
    """Everyone with `record` open: [{"user", "name", "since", "typing_since", "seen"}], earliest first."""
    now = now or time.time()
    try:
        index = cache.get(_index_key(record)) or {}
        entries = cache.get_many([_viewer_key(record, viewer_id) for viewer_id in index])
    except CACHE_ERRORS as error:
        _unavailable(error)
        return []
    alive = [entry for entry in entries.values() if entry.get("seen", 0) > now - GONE_AFTER_SECONDS]
    return sorted(alive, key=lambda entry: entry["since"])


def others(record, user, now=None):
    """The other people with `record` open, one entry a person (typing if any of their pages is)."""
    people = {}
    for entry in present(record, now):
        if entry["user"] == user.pk:
            continue
        person = people.setdefault(entry["user"], dict(entry))
        if entry.get("typing_since") and not person.get("typing_since"):
            person["typing_since"] = entry["typing_since"]
    return list(people.values())


def note_change(obj, by=None, now=None):
    """Remember that `obj` just changed, and by whom, for pages open on it."""
    record = record_key(obj)
    entry = {"at": now or time.time(), "user": by.pk if by else None, "name": display_name(by) if by else ""}
    try:
        cache.set(_change_key(record), entry, CHANGE_SECONDS)
    except CACHE_ERRORS as error:
        _unavailable(error)


def last_change(record):
    """{"at", "user", "name"} of the record's last guarded change, or None."""
    try:
        return cache.get(_change_key(record))
    except CACHE_ERRORS as error:
        _unavailable(error)
        return None


def local_time(seconds):
    return timezone.localtime(datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)).strftime("%H:%M")


def describe(entry):
    """What a page shows of one other person: their name, since when, whether they are typing. No content."""
    typing = entry.get("typing_since")
    return {
        "name": entry["name"],
        "since": local_time(entry["since"]),
        "typing": bool(typing),
        "typing_since": local_time(typing) if typing else None,
    }


def changed_since(record, opened_at, user):
    """{"by", "at"} of the record's last guarded change, when it came after `opened_at` (seconds)."""
    change = last_change(record)
    if not change or change["at"] <= opened_at:
        return None
    by = "you, in another page" if change["user"] == user.pk else change["name"] or "someone"
    return {"by": by, "at": local_time(change["at"])}


def _unavailable(error):
    logger.warning("event=presence_unavailable error=%s", type(error).__name__)
