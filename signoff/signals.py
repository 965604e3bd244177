"""Taking a page off the site is immediate: unpublishing or deleting its object takes the live version down.

The person who did it is the one whose request saved or deleted the object (django-simple-history's
request middleware keeps it; a restore or the loader names its user on the object), so the page's
log names them rather than nobody.
"""

from django.db.models.signals import post_delete, post_save
from simple_history.models import HistoricalRecords

from declarations import content

from .services import take_down


def _clinical_root_kinds(sender):
    return [kind for kind in content.kinds() if kind.clinical and kind.root_model is sender]


def acting_user(instance):
    """Who is changing `instance`: the user set on it, else the signed-in user of the current request."""
    user = getattr(instance, "_history_user", None)
    if user is None:
        request = getattr(HistoricalRecords.context, "request", None)
        user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _on_save(sender, instance, **kwargs):
    for kind in _clinical_root_kinds(sender):
        if getattr(instance, "published", True) is False:
            take_down(kind, instance.pk, by=acting_user(instance))


def _on_delete(sender, instance, **kwargs):
    for kind in _clinical_root_kinds(sender):
        take_down(kind, instance.pk, by=acting_user(instance), deleted=True)


def connect():
    post_save.connect(_on_save, dispatch_uid="signoff-take-down-on-unpublish")
    post_delete.connect(_on_delete, dispatch_uid="signoff-take-down-on-delete")
