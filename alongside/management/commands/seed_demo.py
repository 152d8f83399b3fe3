from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_PASSWORD, DEMO_PEOPLE, seed_demo_users


class Command(BaseCommand):
    help = "Fill a development database with a demo organization (idempotent)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo runs only in development mode: it creates known logins.")
        seed_demo_users()
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write("")
        self.stdout.write(
            "Sign in at http://127.0.0.1:8000 with any of these (password for all: "
            f"{DEMO_PASSWORD}):"
        )
        for person in DEMO_PEOPLE:
            self.stdout.write(f"  {person.role:<14} {person.email}")
        self.stdout.write("")
        self.stdout.write("The second step asks for a code. Print current codes with:")
        self.stdout.write("  .venv/bin/python manage.py demo_totp")
