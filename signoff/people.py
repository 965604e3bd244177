"""Who may approve a clinical page: the people its review request goes to, and whose desk lists it.

A reviewer is asked to approve a page when they hold the approve permission, their login is linked to
an active entry in the team register (their approval names them to patients), they did not submit it,
and, unless the clinic allows self-approval, they did not change it since its last approval. (Where
self-approval is allowed, `approve` itself still lets the submitter approve: they are just not asked.)
"""

from django.contrib.auth import get_user_model

from . import selectors, services


def _candidates():
    """Active users linked to an active clinician: the only people whose approval can name someone."""
    users = get_user_model().objects.filter(is_active=True, clinician__active=True)
    return [user for user in users if user.has_perm(services.APPROVE_PERMISSION)]


def may_approve(user, page, editors=None):
    """Whether to ask `user` to approve `page` (its editors since approval, `editors`, when already known):
    never the person who submitted it, even where self-approval is allowed; otherwise sign-off's one rule."""
    if page.submitted_by_id is not None and page.submitted_by_id == user.pk:
        return False
    return not selectors.self_approval_refused(user, page, editors)


def approvers(page):
    """Everyone who may approve `page` and has an email address: its review request goes to them."""
    editors = selectors.editors_since_approval(page)
    return [user for user in _candidates() if user.email and may_approve(user, page, editors)]


def all_approvers():
    """Everyone who may approve clinical pages at all, with an email address: the weekly reminder's readers."""
    return [user for user in _candidates() if user.email]


def is_approver(user):
    linked = getattr(user, "clinician", None)
    return bool(user.has_perm(services.APPROVE_PERMISSION) and linked is not None and linked.active)
