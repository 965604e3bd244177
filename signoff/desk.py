"""The editorial desk on the admin home: what waits for whom, for the person signed in.

- awaiting my review: pages submitted for sign-off that this reviewer may approve (signoff.people);
- waiting for others: for someone who cannot approve, every page in the reviewers' queue;
- sent back to me: pages a reviewer returned with a comment, that I had submitted;
- changed by me, not submitted: pages whose working copy I changed since their live version was
  approved, and that nobody has submitted (found from the content models' own history, so the desk
  reads only the pages I touched);
- going live later: approved versions waiting for their time (signoff.schedule);
- due for review: live pages whose review is overdue or due within 30 days.

Every item says how long it has waited and whose it is, and links to where to act. Reading the desk
writes nothing (a page never submitted has no record yet and is listed from its object).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from declarations import content as page_content

from . import people
from .models import ClinicalPage, PageEvent
from .status import standing


@dataclass(frozen=True)
class Item:
    title: str
    url: str
    since: datetime.datetime | datetime.date | None  # when it started waiting (or is due)
    who: str  # whose it is: the submitter, the reviewer who sent it back, the last approver
    note: str = ""


def _name(user):
    return (user.get_full_name() or user.get_username()) if user else "someone"


def awaiting_review(user):
    waiting = ClinicalPage.objects.waiting().select_related("submitted_by", "live").order_by("submitted_at")
    if not people.is_approver(user):
        return []
    return [
        Item(page.title, page.review_url(), page.submitted_at, _name(page.submitted_by))
        for page in waiting
        if people.may_approve(user, page)
    ]


def waiting_for_others(user):
    """For someone who cannot approve: what is in the reviewers' queue, with its record."""
    if people.is_approver(user):
        return []
    waiting = ClinicalPage.objects.waiting().select_related("submitted_by").order_by("submitted_at")
    return [Item(page.title, page.edit_url(), page.submitted_at, _name(page.submitted_by)) for page in waiting]


def sent_back_to(user):
    last_submitter = (
        PageEvent.objects.filter(page=OuterRef("pk"), action=PageEvent.Action.SUBMITTED)
        .order_by("-at", "-pk")
        .values("user")[:1]
    )
    pages = (
        ClinicalPage.objects.filter(changes_requested_at__isnull=False, submitted_at__isnull=True)
        .annotate(submitter=Subquery(last_submitter))
        .filter(submitter=user.pk)
        .select_related("changes_requested_by")
        .order_by("changes_requested_at")
    )
    return [
        Item(page.title, page.edit_url(), page.changes_requested_at, _name(page.changes_requested_by))
        for page in pages
    ]


def _touched(user):
    """{page key: (kind, object id, when I last changed it)} from the history of every clinical page's parts."""
    touched = {}
    for kind in page_content.kinds():
        if not kind.clinical:
            continue
        for part in kind.parts:
            if part.shared or not hasattr(part.model, "history"):
                continue
            mine = part.model.history.filter(history_user=user)
            if part.owner:
                owner = "id" if part.owner == "id" else f"{part.owner}_id"
                rows = mine.exclude(**{owner: None}).values(owner).annotate(last=Max("history_date"))
                found = [(row[owner], row["last"]) for row in rows]
            else:
                last = mine.filter(part.condition(None)).aggregate(last=Max("history_date"))["last"]
                found = [(None, last)] if last else []
            for object_id, last in found:
                key = kind.key(object_id)
                if key not in touched or touched[key][2] < last:
                    touched[key] = (kind, object_id, last)
    return touched


def changed_not_submitted(user):
    touched = _touched(user)
    records = ClinicalPage.objects.filter(key__in=list(touched)).select_related("live", "live__clinician", "scheduled")
    records = {page.key: page for page in records}
    items = []
    for key, (kind, object_id, last) in touched.items():
        page = records.get(key)
        if page is None:  # never submitted: listed from its object, if it still exists
            root = kind.root_model._default_manager.filter(pk=object_id).first() if kind.root_model else None
            if root is not None:
                opts = kind.root_model._meta
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])
                items.append(Item(str(root), url, last, _name(user), "never submitted"))
            continue
        if page.submitted_at or page.changes_requested_at:
            continue
        if page.live is not None and last <= page.live.approved_at:
            continue
        if kind.root_model is not None and not kind.root_model._default_manager.filter(pk=object_id).exists():
            continue  # deleted since
        if standing(page).changed:
            items.append(Item(page.title, page.edit_url(), last, _name(user)))
    return sorted(items, key=lambda item: item.since)


def going_live_later():
    pages = ClinicalPage.objects.filter(scheduled__isnull=False).select_related("scheduled", "scheduled__approved_by")
    return [
        Item(page.title, page.review_url(), page.scheduled.go_live_at, _name(page.scheduled.approved_by))
        for page in pages.order_by("scheduled__go_live_at")
    ]


def due_for_review(today=None):
    today = today or timezone.localdate()
    pages = ClinicalPage.objects.review_due(today).order_by("live__next_review_due", "title")
    return [
        Item(
            page.title,
            page.review_url(),
            page.live.next_review_due,
            page.live.reviewer()[0] or "not recorded",
            "overdue" if page.live.next_review_due < today else "due soon",
        )
        for page in pages
    ]


def desk(user):
    """Every list of the desk for `user`, in the order the admin home shows them."""
    return {
        "awaiting_review": awaiting_review(user),
        "waiting_for_others": waiting_for_others(user),
        "sent_back": sent_back_to(user),
        "changed": changed_not_submitted(user),
        "going_live": going_live_later(),
        "due": due_for_review(),
    }
