from django.apps import AppConfig


class ContentloadConfig(AppConfig):
    name = "contentload"
    verbose_name = "Content loader"
