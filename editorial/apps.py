"""The editorial app: the tools behind every field an editor writes or uploads.

Markdown to safe HTML, the claims checker, reading age, uploaded images, and the staff-only
endpoints of the Markdown editor. No models: content apps use these for their own fields.
"""

from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial tools"
