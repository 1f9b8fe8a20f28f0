from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from civic_portal.core.demo import load_demo


class Command(BaseCommand):
    help = "Load demo accounts and content (idempotent; refused under production settings)."

    def handle(self, *args, **options):
        try:
            done = load_demo()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {', '.join(done)}"))
