from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.seeding.demo import DEMO_PASSWORD, DEMO_PEOPLE
from alongside.seeding import DemoSeed, seed_run


class Command(BaseCommand):
    help = (
        "Fill a development database with a demo organization (idempotent); with --cases, "
        "also a large synthetic data set for measuring."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--cases",
            type=int,
            default=0,
            help="Top the scale program up to this many synthetic cases (bulk inserts).",
        )
        parser.add_argument(
            "--notes-per-case",
            type=int,
            default=10,
            help="Notes for each new synthetic case (default 10).",
        )

    def handle(self, *args, cases=0, notes_per_case=10, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo runs only in development mode: it creates known logins.")
        if cases < 0 or notes_per_case < 0:
            raise CommandError("--cases and --notes-per-case must be zero or more.")
        # Each app seeds its own part (its ``seeding`` package), in order.
        seed = seed_run(
            DemoSeed(
                cases=cases,
                notes_per_case=notes_per_case,
                progress=lambda text: self.stdout.write(text, ending="\r"),
            )
        )
        for line in seed.report:
            self.stdout.write("")
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write("")
        self.stdout.write(
            "Sign in at http://127.0.0.1:8000 with any of these (password for all: "
            f"{DEMO_PASSWORD}):"
        )
        for person in DEMO_PEOPLE:
            self.stdout.write(f"  {person.role:<14} {person.email:<40} {person.full_name}")
        self.stdout.write("")
        self.stdout.write(
            "The two Northside accounts work in a second program: try break-glass and its "
            "review between the two supervisors (README, Trying the demo)."
        )
        self.stdout.write("The second step asks for a code. Print current codes with:")
        self.stdout.write("  .venv/bin/python manage.py demo_totp")
