"""Version tokens: the record as a person saw it, carried by their form and checked before any write.

A *tracker* says what one kind of record is made of. Its `parts(obj)` returns `Value`s (one field
each) and `Rows` (its children: an enquiry's replies and notes, an area's inline benefits), read
from the database; `events_since(obj, when)` says who changed it and when. The token is those
parts as the page showed them, with the time, signed with SECRET_KEY (salted) and compressed:

    token = tracker.issue(obj)              # GET: the form carries it (hidden field `collision_version`)
    with tracker.guard(obj, token, by=user):  # POST: one transaction that locks the record's row,
        ...write...                          # checks the token, and only then writes

or `tracker.verify(obj, token)` inside a transaction the caller already holds (the admin's change
view has one). The row lock (`select_for_update`, and SQLite's write lock, which the site takes at
the start of every transaction) means two saves of one record run one after the other: the second
always sees the first. A token that no longer matches raises `StaleVersion`, whose `conflict`
lists what changed (each field from what to what; rows added, removed or changed), who changed it
and when, and carries the current token for the form shown again, so that a second, informed save
goes through. A missing or tampered token counts as stale.

Patient health text is never shown or stored in a token: a `Value` or `Rows` marked `private` is
compared by a fingerprint and reported as "changed" only. Long values are kept whole while the token
stays under `MAX_TOKEN_CHARS`, and are kept as fingerprints beyond that.
"""

import datetime
import hashlib
import json
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

SALT = "collisions.version"
MAX_TOKEN_CHARS = 24_000
# Beyond MAX_TOKEN_CHARS, values longer than this are kept as fingerprints.
LONG_VALUE = 200
# How much of a long text a message quotes around what changed.
EXCERPT_CHARS = 90


@dataclass(frozen=True)
class Value:
    """One field of the record. `value` is what a form posts (a pk, a choice's key, the text);
    `shown` how a person reads it ("Closed", "alice"); `private` marks patient health text."""

    key: str
    label: str
    value: object
    shown: str | None = None
    private: bool = False


@dataclass(frozen=True)
class Row:
    """One child row. `label` names it in a message and holds no health text ("reply by alice,
    3 Dec 14:02"); `values` ({label: text}) are compared, and shown unless the rows are private."""

    key: str
    label: str
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Rows:
    """One kind of child rows ("replies", "benefits")."""

    key: str
    label: str
    rows: tuple | list
    private: bool = False


@dataclass(frozen=True)
class Change:
    """What differs between the token and now. `before`/`after` are None when not shown."""

    label: str
    before: str | None = None
    after: str | None = None


@dataclass(frozen=True)
class Event:
    """Who changed the record, when, and what they did (no health text)."""

    when: datetime.datetime
    who: str
    what: str


@dataclass
class Conflict:
    """Why a save was refused. `opened_at` is None when the form carried no valid token."""

    opened_at: datetime.datetime | None
    changes: list
    events: list
    token: str
    added: dict = field(default_factory=dict)  # {Rows key: [row keys added since]}
    seen: dict = field(default_factory=dict)  # the parts as the page showed them (encoded)
    now: dict = field(default_factory=dict)  # and as they are (encoded)

    def added_rows(self, key):
        return self.added.get(key, [])


class StaleVersion(Exception):
    """The record changed after the person's page was made: nothing was written."""

    def __init__(self, conflict):
        super().__init__("The record changed after the page was opened.")
        self.conflict = conflict


def _plain(value):
    """`value` as JSON gives it back (dates as text, tuples as lists), so stored and fresh compare equal."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def fingerprint(value):
    return hashlib.sha256(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True).encode()).hexdigest()[:20]


def _value_entry(value, shown, private, long_limit):
    plain = _plain(value)
    if private or (long_limit is not None and len(json.dumps(plain)) > long_limit):
        return {"h": fingerprint(plain)}
    return {"v": plain, "s": str(plain if shown is None else shown)}


def _rows_entry(part, long_limit):
    rows = {}
    for row in part.rows:
        values = {label: _value_entry(text, None, part.private, long_limit) for label, text in row.values.items()}
        rows[str(row.key)] = {"l": row.label, "v": values}
    return {"r": rows}


def encode(parts, long_limit=None):
    """The parts as a JSON-ready dict: what the token stores and what it is compared with."""
    return {
        part.key: _rows_entry(part, long_limit)
        if isinstance(part, Rows)
        else _value_entry(part.value, part.shown, part.private, long_limit)
        for part in parts
    }


def _same(seen, now):
    if "h" in seen or "h" in now:
        return seen.get("h", fingerprint(seen.get("v"))) == now.get("h", fingerprint(now.get("v")))
    return seen.get("v") == now.get("v")


def excerpt(before, after, width=EXCERPT_CHARS):
    """The part of two texts that differs, with a little context: "…the old words…" / "…the new…"."""
    if len(before) <= width and len(after) <= width:
        return before, after
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    context = 20
    first = max(0, start - context)

    def cut(text):
        middle_end = len(text) - max(0, end - context)
        piece = text[first:middle_end]
        if len(piece) > width:
            piece = piece[:width].rstrip() + "…"
        return ("…" if first else "") + piece + ("…" if middle_end < len(text) and not piece.endswith("…") else "")

    return cut(before), cut(after)


def _value_change(label, seen, now, private):
    if private or "h" in now:
        return Change(f"{label}: changed")
    if "h" in seen:
        return Change(label, None, now["s"])
    before, after = excerpt(seen["s"], now["s"])
    return Change(label, before, after)


def _rows_changes(label, seen, now, private):
    changes, added = [], []
    for key, row in now["r"].items():
        if key not in seen["r"]:
            added.append(key)
            changes.append(Change(f"{label}: added {row['l']}"))
            continue
        old = seen["r"][key]
        for value_label, entry in row["v"].items():
            if value_label in old["v"] and not _same(old["v"][value_label], entry):
                changes.append(_value_change(f"{row['l']}, {value_label}", old["v"][value_label], entry, private))
    changes.extend(Change(f"{label}: removed {row['l']}") for key, row in seen["r"].items() if key not in now["r"])
    return changes, added


def differences(parts, seen):
    """(changes, {rows key: added row keys}) between `seen` (a token's parts) and `parts` now."""
    now = encode(parts)
    changes, added = [], {}
    for part in parts:
        if part.key not in seen:
            continue  # the page did not show this part (another role's view): not compared
        old, new = seen[part.key], now[part.key]
        if isinstance(part, Rows):
            rows_changes, added[part.key] = _rows_changes(part.label, old, new, part.private)
            changes.extend(rows_changes)
        elif not _same(old, new):
            changes.append(_value_change(part.label, old, new, part.private))
    return changes, added


class Tracker:
    """How to see one kind of record. Subclasses give `parts(obj)`; `events_since` says who changed it."""

    def parts(self, obj):
        raise NotImplementedError

    def events_since(self, obj, when):
        """[Event] after `when`, oldest first. None known by default."""
        return []

    def lock(self, obj):
        """The record as it is now, its row held until the transaction ends (on SQLite, the site's
        transactions hold the whole database from their start). Raises DoesNotExist once it is deleted."""
        return type(obj)._base_manager.select_for_update().get(pk=obj.pk)

    def issue(self, obj, now=None):
        """The token for `obj` as it is now."""
        parts = self.parts(obj)
        payload = {"at": (now or timezone.now()).timestamp(), "p": encode(parts)}
        token = signing.dumps(payload, salt=SALT, compress=True)
        if len(token) > MAX_TOKEN_CHARS:
            payload["p"] = encode(parts, long_limit=LONG_VALUE)
            token = signing.dumps(payload, salt=SALT, compress=True)
        return token

    def read(self, token):
        """(opened at, parts as seen) from a token, or (None, None) when it is missing or not ours."""
        try:
            payload = signing.loads(token or "", salt=SALT)
            opened = datetime.datetime.fromtimestamp(payload["at"], tz=datetime.UTC)
            return opened, payload["p"]
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            return None, None

    def conflict(self, obj, token):
        """The Conflict between `token` and `obj` now, or None when nothing changed."""
        opened, seen = self.read(token)
        if seen is None:
            return Conflict(None, [], [], self.issue(obj))
        parts = self.parts(obj)
        changes, added = differences(parts, seen)
        if not changes:
            return None
        return Conflict(
            opened,
            changes,
            self.events_since(obj, opened),
            self.issue(obj),
            added={key: keys for key, keys in added.items() if keys},
            seen=seen,
            now=encode(parts),
        )

    def verify(self, obj, token):
        """Inside the write's transaction: lock the record and return it as it is now; raise StaleVersion
        if `token` is out of date. A token of None means no page is involved (a command, a list action):
        the write still waits its turn behind any other, but nothing is compared. A page's form that sent
        no token at all sends "", which is stale."""
        if not transaction.get_connection().in_atomic_block:
            raise transaction.TransactionManagementError("verify() belongs inside the write's transaction.")
        fresh = self.lock(obj)
        conflict = None if token is None else self.conflict(fresh, token)
        if conflict is not None:
            raise StaleVersion(conflict)
        return fresh

    @contextmanager
    def guard(self, obj, token, by=None):
        """One transaction: lock, check `token`, then the caller's write, given the record as it is now.
        Pages open on it hear of the change once it commits."""
        from .presence import note_change

        with transaction.atomic():
            fresh = self.verify(obj, token)
            yield fresh
            transaction.on_commit(lambda: note_change(fresh, by))


class FunctionTracker(Tracker):
    """A tracker from functions: `parts(obj)` and, optionally, `events_since(obj, when)`."""

    def __init__(self, parts, events_since=None):
        self._parts, self._events = parts, events_since

    def parts(self, obj):
        return self._parts(obj)

    def events_since(self, obj, when):
        return self._events(obj, when) if self._events else []
