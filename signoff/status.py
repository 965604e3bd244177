"""Where a clinical page stands, worded once for everywhere staff look: the sign-off panel on its change
forms, the Clinical pages list, the page's record, the review screen and the desk on the admin home.

Two questions, answered apart so that they can never contradict each other: is the page on the site
(and which approved version do patients see), and what is happening to its working copy (waiting for
sign-off, sent back, changed and not submitted, approved to go live later, or nothing).
"""

from dataclasses import dataclass

from django.utils import timezone

from declarations import content as page_content

from .selectors import fingerprint, live_rows, working


def _day(moment):
    return f"{timezone.localtime(moment):%-d %B %Y}"


def _when(moment):
    return f"{timezone.localtime(moment):%-d %B %Y at %H:%M}"


@dataclass(frozen=True)
class Standing:
    on_site: bool
    site: str  # a sentence: on the site or not, and which version patients see
    work: str  # a sentence: what is happening to the working copy
    label: str  # a few words for lists: "Waiting for sign-off", "Changed, not submitted"...
    changed: bool  # the working copy differs from what patients see

    def __str__(self):
        return f"{self.site} {self.work}"


def on_site(page):
    """Whether patients can read the page now: an approved version, and not taken down."""
    return bool(page.published and page.live_id)


def _site(page):
    if page.live_id is None:
        return "Not on the site: never approved, so patients cannot see it."
    version = f"the version approved on {_day(page.live.approved_at)}"
    name = page.live.reviewer()[0]
    version += f" by {name}" if name else ""
    if not page.published:
        return f"Not on the site: Published is off, so patients cannot see it ({version} is kept)."
    return f"On the site: patients see {version}."


def _work(page, changed):
    scheduled = getattr(page, "scheduled", None)
    if page.submitted_at:
        who = page.submitted_by.get_username() if page.submitted_by else "someone"
        return f"Waiting for clinical sign-off since {_when(page.submitted_at)} (submitted by {who}).", (
            "Waiting for sign-off"
        )
    if page.changes_requested_at:
        return f"Changes requested on {_when(page.changes_requested_at)}: sent back to its editor.", (
            "Changes requested"
        )
    if scheduled is not None and scheduled.go_live_at:
        return f"An approved version goes live on {_when(scheduled.go_live_at)}.", "Goes live later"
    if changed:
        return "Changed since it was approved: not yet submitted.", "Changed, not submitted"
    if page.live_id is None:
        return "Not submitted for review.", "Never approved"
    return "No changes since it was approved.", "Approved" if page.published else "Approved, off the site"


def standing(page, working_rows=None):
    """The page's `Standing`. `working_rows`: its working copy's rows when the caller has them."""
    kind = page_content.kind(page.kind)
    rows = working_rows if working_rows is not None else working(page).rows()
    changed = page.live_id is None or fingerprint(kind, rows) != fingerprint(kind, live_rows(page))
    work, label = _work(page, changed)
    return Standing(on_site(page), _site(page), work, label, changed)


def after_approval_on_site(page, working_rows):
    """Whether approving the working copy would put the page on the site (an area's Published tick)."""
    kind = page_content.kind(page.kind)
    if kind.root_model is None:
        return True
    root = (working_rows.get(kind.parts[0].name) or [{}])[0]
    return bool(root.get("published", True))
