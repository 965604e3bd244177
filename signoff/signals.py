"""Taking a page off the site is immediate: unpublishing or deleting its object takes the live version down."""

from django.db.models.signals import post_delete, post_save

from declarations import content

from .services import take_down


def _clinical_root_kinds(sender):
    return [kind for kind in content.kinds() if kind.clinical and kind.root_model is sender]


def _on_save(sender, instance, **kwargs):
    for kind in _clinical_root_kinds(sender):
        if getattr(instance, "published", True) is False:
            take_down(kind, instance.pk)


def _on_delete(sender, instance, **kwargs):
    for kind in _clinical_root_kinds(sender):
        take_down(kind, instance.pk)


def connect():
    post_save.connect(_on_save, dispatch_uid="signoff-take-down-on-unpublish")
    post_delete.connect(_on_delete, dispatch_uid="signoff-take-down-on-delete")
