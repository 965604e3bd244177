"""The feedback app: "Was this page helpful?" on every content page, and what editors and reviewers see of it."""

from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "Page feedback"
