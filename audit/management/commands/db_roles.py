"""Print the SQL that creates the owner and application database roles and their grants."""

import re

from django.core.management.base import BaseCommand, CommandError

from audit.database_roles import roles_sql

IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class Command(BaseCommand):
    help = (
        "Print the psql script a superuser runs once to create the owner role (migrations) "
        "and the application role (web, workers), which may only add to and read the audit "
        "trail."
    )

    def add_arguments(self, parser):
        parser.add_argument("--owner", default="alongside_owner", help="The owner role's name.")
        parser.add_argument("--app", default="alongside_app", help="The application role's name.")
        parser.add_argument("--database", default="alongside", help="The database's name.")

    def handle(self, **options):
        names = {key: options[key] for key in ("owner", "app", "database")}
        for key, name in names.items():
            # Names go into SQL unquoted: accept only plain lower-case identifiers.
            if not IDENTIFIER.match(name):
                raise CommandError(
                    f"--{key} must be a lower-case name of letters, digits and underscores "
                    f"starting with a letter, not {name!r}."
                )
        if names["owner"] == names["app"]:
            raise CommandError("--owner and --app must be different roles.")
        self.stdout.write(roles_sql(**names), ending="")
