"""Any saved or deleted content empties the public page cache, so an editor's change shows at once."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from .cache import invalidate_public_pages

CONTENT_MODELS = ("TreatmentArea", "Benefit", "Risk", "Milestone", "Faq", "PageText", "ClinicDetails")


def connect():
    for name in CONTENT_MODELS:
        model = apps.get_model("treatments", name)
        for signal in (post_save, post_delete):
            signal.connect(invalidate_public_pages, sender=model, dispatch_uid=f"invalidate-pages-{signal}-{name}")
