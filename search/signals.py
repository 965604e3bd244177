"""Keeps the search index with what patients see: re-indexes a page in the transaction that changes it."""

from django.db.models.signals import post_delete, post_save

from declarations import content as page_content
from signoff.models import ClinicalPage

from . import indexing


def _clinical_page_saved(sender, instance, **kwargs):
    # An approval, a take-down or a republish: sign-off saves the page record in its own transaction.
    indexing.index_clinical_page(instance)


def _clinical_page_deleted(sender, instance, **kwargs):
    indexing.unindex(instance.key)


def _direct_kinds_of(model):
    return [
        kind
        for kind in indexing.searched_kinds()
        if not kind.clinical and any(part.model is model for part in kind.parts)
    ]


def _row_changed(sender, instance, **kwargs):
    for kind in _direct_kinds_of(sender):
        indexing.index_direct_page(kind)


def connect():
    post_save.connect(_clinical_page_saved, sender=ClinicalPage, dispatch_uid="search-clinical-page-saved")
    post_delete.connect(_clinical_page_deleted, sender=ClinicalPage, dispatch_uid="search-clinical-page-deleted")
    models = {
        part.model for kind in page_content.kinds() if not kind.clinical and kind.url_name for part in kind.parts
    }
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(_row_changed, sender=model, dispatch_uid=f"search-{signal}-{model._meta.label}")
