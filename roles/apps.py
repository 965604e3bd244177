"""The roles app: the staff groups and the permissions each holds, made by `setup_roles`."""

from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Staff roles"
