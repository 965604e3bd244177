"""manage.py setup_roles: create or update the staff groups (roles.definitions)."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.core.management.base import BaseCommand
from django.db import transaction

from roles.definitions import setup_roles


class Command(BaseCommand):
    help = "Create or update the staff groups (roles.definitions) with exactly their permissions. Safe to rerun."

    def handle(self, *args, **options):
        # Permissions are made after migrate; make sure none is missing for a model added since.
        for app_config in apps.get_app_configs():
            create_permissions(app_config, verbosity=0)
        with transaction.atomic():
            result = setup_roles()
        parts = [
            f"{name} {'created' if created else 'updated'} with {group.permissions.count()} permissions"
            for name, (group, created) in result.items()
        ]
        self.stdout.write(self.style.SUCCESS(f"setup_roles: {'; '.join(parts)}"))
