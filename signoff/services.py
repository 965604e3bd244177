"""The sign-off workflow, one function per action: submit, approve, request changes, restore, take down.

Views and admin actions call these; they never repeat them. Each records what happened on the page's
log, and its side effects (page cache, mail) take effect after commit. Approve and request changes
check who may act; submit and restore leave that to the admin's permissions, and take down acts for
whoever unpublished or deleted the object (signoff.signals).
"""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from declarations import content as page_content
from pagecache.cache import invalidate_public_pages

from . import mail
from .models import Approval, ClinicalPage, PageEvent
from .rows import write_rows
from .selectors import (
    approval_content,
    changed_it,
    claims_warnings,
    editors_since_approval,
    fingerprint,
    live_rows,
    self_approval_refused,
)

logger = logging.getLogger(__name__)

APPROVE_PERMISSION = "signoff.approve_clinicalpage"


class SignoffError(Exception):
    """An action that cannot be done as asked; the message says why, for the person who asked."""


class WarningsNeedReason(SignoffError):
    """The page has wording the claims checker flags, and the reviewer gave no reason to approve it."""


class StaleReview(SignoffError):
    """The working copy changed after the review screen was opened."""


def a_year_after(day):
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


# --- Acting ------------------------------------------------------------------------------


def page_record(kind, object_id=None):
    """The page's sign-off record, made on first use: for the actions that may come first (submit, and
    load_content's approve_as_signed; `approve` is given a record that exists)."""
    page, _ = ClinicalPage.objects.get_or_create(
        key=kind.key(object_id), defaults={"kind": kind.kind, "object_id": object_id, "title": kind.name}
    )
    return page


def _log(page, action, user, comment=""):
    PageEvent.objects.create(
        page=page, action=action, user=user, username=user.get_username() if user else "", comment=comment
    )


def _root_values(kind, content):
    """What the page record keeps of its root object: its title, address and whether it is on the site."""
    root = content.root
    if kind.root_model is None:
        return {"title": kind.name, "published": True}
    return {"title": str(root), "slug": getattr(root, "slug", ""), "published": bool(getattr(root, "published", True))}


def submit(kind, object_id, *, by, site_url):
    """Put the page in the clinical reviewers' queue and tell them, with a link and no content."""
    content = kind.collect(object_id)
    if kind.root_model is not None and content.root is None:
        raise SignoffError("This page no longer exists.")
    problems = content.problems()
    if problems:
        raise SignoffError("It cannot be submitted yet: " + " ".join(problems))
    with transaction.atomic():
        page = page_record(kind, object_id)
        page.title = _root_values(kind, content)["title"]
        same = page.live is not None and fingerprint(kind, content.rows()) == fingerprint(kind, live_rows(page))
        if same and page.published:
            raise SignoffError("Nothing to review: patients already see this version.")
        page.submitted_at, page.submitted_by = timezone.now(), by
        page.changes_requested_at = page.changes_requested_by = None
        page.changes_requested_comment = ""
        page.save()
        _log(page, PageEvent.Action.SUBMITTED, by)
        mail.review_requested(page, site_url=site_url)
    logger.info("event=signoff_submitted page=%s user_id=%s", page.key, by.pk)
    return page


def approver_clinician(user):
    """The active team-register entry linked to `user`, or a SignoffError that says what to do."""
    if not user.has_perm(APPROVE_PERMISSION):
        raise SignoffError("Only clinical reviewers can approve or send back clinical content.")
    clinician = getattr(user, "clinician", None)
    if clinician is None or not clinician.active:
        raise SignoffError(
            "Your login is not linked to an active clinician in the team register, so your approval could not "
            "name you to patients. Ask an administrator to link your login to your entry under Team register."
        )
    return clinician


def _may_approve(page, kind, content, by, shown_fingerprint, warnings_reason):
    """Refuse the approval unless the reviewer saw this working copy, it has no problems, flagged wording
    has a reason and the self-approval rule allows it: (the checker's warnings, whether it is self-approval)."""
    rows = content.rows()
    if fingerprint(kind, rows) != shown_fingerprint:
        raise StaleReview(
            "The page changed after you opened this review, so nothing was approved. "
            "The changes below are the latest: check them, then approve again."
        )
    problems = content.problems() + _address_taken(page, kind, content)
    if problems:
        raise SignoffError("It cannot be approved yet: " + " ".join(problems))
    warnings = claims_warnings(content)
    if warnings and not warnings_reason:
        raise WarningsNeedReason(
            f"The claims checker flags {len(warnings)} phrase(s) on this page. Nothing was approved: say why "
            "the wording is right as it is, or request changes."
        )
    editors = editors_since_approval(page)
    self_approved = changed_it(by, page, editors)
    if self_approval_refused(by, page, editors):
        raise SignoffError("You changed this page since it was last approved, so another clinician must approve it.")
    return warnings, self_approved


def approve(
    page, *, by, shown_fingerprint, comment="", next_review_due=None, site_url="", go_live_at=None, warnings_reason=""
):
    """Publish exactly the working copy the reviewer saw, and record who approved it: at once, or at
    `go_live_at` (signoff.schedule; patients keep the live version until then).

    `shown_fingerprint` is the fingerprint of the working copy on the review screen: if it has changed
    since, nothing is approved (StaleReview) and the reviewer looks again. Wording the claims
    checker flags is approved only with the reviewer's reason, kept with the approval.
    """
    clinician = approver_clinician(by)
    warnings_reason = warnings_reason.strip()
    kind = page_content.kind(page.kind)
    today = timezone.localdate()
    if next_review_due is not None and next_review_due <= today:
        raise SignoffError("The next review must be due after today.")
    with transaction.atomic():
        page = ClinicalPage.objects.select_for_update(of=("self",)).select_related("live").get(pk=page.pk)
        content = kind.collect(page.object_id)
        if kind.root_model is not None and content.root is None:
            raise SignoffError("This page has been deleted since; there is nothing to approve.")
        warnings, self_approved = _may_approve(page, kind, content, by, shown_fingerprint, warnings_reason)
        submitter = page.submitted_by
        approval = _publish(
            page,
            kind,
            content,
            clinician,
            by=by,
            comment=comment.strip(),
            self_approved=self_approved,
            next_review_due=next_review_due or a_year_after(today),
            go_live_at=go_live_at if go_live_at and go_live_at > timezone.now() else None,
            warnings=warnings,
            warnings_reason=warnings_reason if warnings else "",
        )
        if submitter and submitter.email:
            mail.decided(page, submitter.email, approved=True, site_url=site_url)
    logger.info("event=signoff_approved page=%s user_id=%s self_approved=%s", page.key, by.pk, self_approved)
    return approval


def _address_taken(page, kind, content):
    """Two live pages at one address would hide one of them."""
    slug = getattr(content.root, "slug", "") if kind.root_model is not None else ""
    if slug and ClinicalPage.objects.live().filter(slug=slug).exclude(pk=page.pk).exists():
        return [f"Another page on the site already uses the address {slug!r}: give this one another slug."]
    return []


def _publish(page, kind, content, clinician, *, by=None, comment="", **approval):
    """Record the approval of `content` by `clinician` (the register's entry, copied too), make it live
    at once or schedule it (its `go_live_at`), and close the page's review. `approval` holds the
    Approval's other fields."""
    rows = content.rows()
    approval = Approval.objects.create(
        page=page,
        snapshot={"parts": rows},
        fingerprint=fingerprint(kind, rows),
        approved_by=by,
        clinician=clinician,
        approver_name=clinician.name,
        approver_profession=clinician.profession,
        approver_registration=clinician.registration(),
        comment=comment,
        **approval,
    )
    page.submitted_at = page.submitted_by = None
    page.changes_requested_at = page.changes_requested_by = None
    page.changes_requested_comment = ""
    if approval.go_live_at is not None:
        from .schedule import schedule  # the schedule's task runs make_live from this module

        page.scheduled = approval
        page.save()
        _log(page, PageEvent.Action.SCHEDULED, by, comment)
        schedule(page, approval.go_live_at)
        return approval
    make_live(page, approval)
    _log(page, PageEvent.Action.APPROVED, by, comment)
    return approval


def make_live(page, approval):
    """Patients see `approval` (whose page is `page`, locked by the caller) from this commit on."""
    kind = page_content.kind(page.kind)
    for name, value in _root_values(kind, approval_content(approval)).items():
        setattr(page, name, value)
    page.live = approval
    if page.scheduled_id is not None and page.scheduled_id != approval.pk:
        logger.info("event=signoff_schedule_superseded page=%s approval_id=%s", page.key, page.scheduled_id)
    page.scheduled = None  # a later decision supersedes a version waiting for its time
    page.save()
    transaction.on_commit(invalidate_public_pages)


def approve_as_signed(kind, object_id, clinician, *, approved_on=None, next_review_due=None):
    """`load_content`: publish the working copy as signed off by `clinician` in a content file.

    Does nothing when patients already see exactly this version. Returns the approval or None.
    """
    content = kind.collect(object_id)
    rows = content.rows()
    page = page_record(kind, object_id)
    if page.live is not None and fingerprint(kind, rows) == fingerprint(kind, live_rows(page)):
        return None
    problems = content.problems()
    if problems:
        raise SignoffError(" ".join(problems))
    approved_at = timezone.now()
    if approved_on is not None:
        approved_at = timezone.make_aware(datetime.datetime.combine(approved_on, datetime.time(12)))
    return _publish(
        page,
        kind,
        content,
        clinician,
        comment="Loaded from content/ as signed in the file.",
        approved_at=approved_at,
        next_review_due=next_review_due or a_year_after(timezone.localdate(approved_at)),
        source=Approval.Source.CONTENT,
    )


def request_changes(page, *, by, comment, site_url=""):
    """Send the page back to its editor with the reviewer's comment; patients keep the live version."""
    if not by.has_perm(APPROVE_PERMISSION):
        raise SignoffError("Only clinical reviewers can approve or send back clinical content.")
    comment = (comment or "").strip()
    if not comment:
        raise SignoffError("Say what needs to change: the editor sees your comment on the page.")
    with transaction.atomic():
        page = ClinicalPage.objects.select_for_update().get(pk=page.pk)
        submitter = page.submitted_by
        page.submitted_at = page.submitted_by = None
        page.changes_requested_at, page.changes_requested_by = timezone.now(), by
        page.changes_requested_comment = comment
        page.save()
        _log(page, PageEvent.Action.CHANGES_REQUESTED, by, comment)
        if submitter and submitter.email:
            mail.decided(page, submitter.email, approved=False, site_url=site_url)
    logger.info("event=signoff_changes_requested page=%s user_id=%s", page.key, by.pk)
    return page


def take_down(kind, object_id, *, by=None, deleted=False):
    """Take the page off the site at once: removing wrong information must not wait for anyone.

    A deletion is logged even when the page was already off the site: its record outlives it."""
    page = ClinicalPage.objects.filter(key=kind.key(object_id)).first()
    if page is None or not (page.published or deleted or page.scheduled_id):
        return
    page.published = False
    page.scheduled = None  # a page taken down stays down: a version waiting for its time is dropped
    page.save(update_fields=["published", "scheduled"])
    _log(page, PageEvent.Action.DELETED if deleted else PageEvent.Action.TAKEN_DOWN, by)
    transaction.on_commit(invalidate_public_pages)
    logger.info("event=signoff_taken_down page=%s user_id=%s", page.key, getattr(by, "pk", None))


def restore(approval, *, by):
    """Make an earlier approved version the working copy again, children included; it needs approval again."""
    page = approval.page
    kind = page_content.kind(page.kind)
    rows = approval.snapshot["parts"]
    try:
        with transaction.atomic():
            write_rows(kind, page.object_id, rows, by)
            when = timezone.localtime(approval.approved_at)
            _log(page, PageEvent.Action.RESTORED, by, f"Restored the version approved on {when:%-d %B %Y}.")
    except IntegrityError:
        raise SignoffError(
            "This version cannot be restored as it is: another page now uses the same address (slug) or key. "
            "Change that page first, then restore again."
        ) from None
    logger.info("event=signoff_restored page=%s approval_id=%s user_id=%s", page.key, approval.pk, by.pk)
