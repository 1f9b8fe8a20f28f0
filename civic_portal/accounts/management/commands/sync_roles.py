from django.core.management.base import BaseCommand

from civic_portal.accounts.roles import ROLE_LABELS, sync_roles


class Command(BaseCommand):
    help = "Give each role exactly the permissions of civic_portal/accounts/roles.py (safe to run again)."

    def handle(self, *args, **options):
        for role, count in sync_roles().items():
            self.stdout.write(f"{role} ({ROLE_LABELS[role]}): {count} permissions")
