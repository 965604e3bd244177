"""Sign-off's reads: what a page's record, working copy and live version are, who changed it and may
approve it, and the fingerprint a review is checked against. Nothing here writes (services.py acts)."""

import hashlib
import json
from copy import deepcopy

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from declarations import content as page_content
from editorial.claims import check_page
from roles.definitions import REVIEWERS

from .models import ClinicalPage


def fingerprint(kind, rows):
    """A fingerprint of what patients read of a page: equal exactly when they would read the same page.

    Only the fields each part compares (declarations.content.Part), with nothing, "" and [] alike: a row
    frozen before a field existed matches the same row read today.
    """
    seen = {}
    for part in kind.parts:
        names = [part.model._meta.get_field(name).attname for name in part.compared_fields()]
        seen[part.name] = sorted(
            ([row["id"], [row.get(name) or None for name in names]] for row in rows.get(part.name, [])),
            key=lambda item: item[0],
        )
    return hashlib.sha256(json.dumps(seen, sort_keys=True, separators=(",", ":"), default=str).encode()).hexdigest()


def find_page_record(kind, object_id=None):
    """The page's sign-off record if it has one, else an unsaved one to show: for pages that only read."""
    found = ClinicalPage.objects.filter(key=kind.key(object_id)).first()
    return found or ClinicalPage(key=kind.key(object_id), kind=kind.kind, object_id=object_id, title=kind.name)


def working(page):
    """The page's working copy as a `declarations.content.Content`."""
    return page_content.kind(page.kind).collect(page.object_id)


def live_rows(page):
    """The rows patients see: the live approval's, with whether the page is on the site now.

    Taking a page down changes `published` without an approval, so the live approval's own
    flag can say "on the site" when the page is not; republishing must then show as a change.
    """
    if page.live is None:
        return {}
    rows = deepcopy(page.live.snapshot["parts"])
    kind = page_content.kind(page.kind)
    if kind.root_model is not None and rows.get(kind.parts[0].name):
        root = rows[kind.parts[0].name][0]
        if "published" in root:
            root["published"] = page.published
    return rows


def live_pages(*, keys=(), kinds=(), slug=None):
    """Live pages with these keys, of these kinds, or reached at this address (`slug`): one query."""
    condition = Q(key__in=keys) | Q(kind__in=kinds)
    if slug:
        condition |= Q(slug=slug)
    return list(ClinicalPage.objects.live().filter(condition))


def live_content(page):
    """The live version as `Content`, for the public views; None when the page has none."""
    if page.live is None:
        return None
    return page_content.Content(page_content.kind(page.kind), page.object_id, live_rows(page))


def approval_content(approval):
    return page_content.Content(
        page_content.kind(approval.page.kind), approval.page.object_id, approval.snapshot["parts"]
    )


def changed_it(user, page, editors=None):
    """Whether `user` submitted `page` or changed it since its last approval: approving it is then
    self-approval. `editors` is `editors_since_approval(page)` when the caller has it already."""
    editors = editors_since_approval(page) if editors is None else editors
    return user.pk in editors or page.submitted_by_id == user.pk


def self_approval_refused(user, page, editors=None):
    """The one rule: someone who changed a page may approve it only where the clinic allows it
    (CLINICAL_SIGNOFF_SELF_APPROVAL). `approve` and the review screen ask here, and the desk and the mail
    through people.may_approve."""
    return not settings.CLINICAL_SIGNOFF_SELF_APPROVAL and changed_it(user, page, editors)


def editors_since_approval(page):
    """The ids of everyone who changed any part of the page since its live version was approved.

    Read from the content models' own history: every row the page has now or had when it was
    approved, deleted ones included (many-to-many changes are recorded there too).
    """
    kind = page_content.kind(page.kind)
    since = page.live.approved_at if page.live else None
    live = live_rows(page)
    users = set()
    for part in kind.parts:
        ids = {row["id"] for row in live.get(part.name, [])}
        ids.update(part.queryset(page.object_id).values_list("pk", flat=True))
        changes = part.model.history.filter(id__in=ids)
        if since is not None:
            changes = changes.filter(history_date__gt=since)
        users.update(changes.exclude(history_user=None).values_list("history_user_id", flat=True))
    return users


def reviewers():
    """Active clinical reviewers with an email address."""
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=REVIEWERS)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def claims_warnings(content):
    """The claims checker's warnings on everything patients would read of the page, as text."""
    return [str(finding) for finding in check_page(content)]
