"""`check --deploy` in production mode: one error per example item still live, naming it and where to change it."""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError

from .examples import live_items


@checks.register("golive", deploy=True)
def example_content_is_live(app_configs=None, **kwargs):
    if not settings.PRODUCTION:
        return []
    try:
        items = live_items()
    except DatabaseError:  # no tables yet (a new database): nothing is live
        return []
    return [
        checks.Error(
            f"Example content is live: {item.kind}: {item.what}.",
            hint=f"{item.fix} In the admin: {item.url}",
            id="golive.E001",
        )
        for item in items
    ]
