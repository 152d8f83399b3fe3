from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.seeding.demo import demo_codes


class Command(BaseCommand):
    help = "Print the current second-factor code of each demo account (development only)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("demo_totp does not exist in production mode.")
        codes = demo_codes()
        if not codes:
            raise CommandError("No demo accounts yet: run 'manage.py seed_demo' first.")
        for person, code in codes:
            self.stdout.write(f"{person.role:<14} {person.email:<40} {code}")
        self.stdout.write("Codes change every 30 seconds, and each works once.")
