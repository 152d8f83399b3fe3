"""``flush`` that can empty the audit tables, which the database otherwise refuses to do.

``flush`` wipes the whole database; the test runner calls it after every transactional test.
PostgreSQL flushes with TRUNCATE, which the truncate trigger refuses, and SQLite with DELETE,
which the append-only trigger refuses. Here the triggers are dropped for the length of the flush
and put back afterwards (also when the flush fails).

Why lift the triggers rather than let the trigger itself admit a flush. Any exception in the
trigger (a session setting, a marker row, a role name) would be open to whoever wants one
inconvenient event gone: PostgreSQL lets every role set a custom session setting. Dropping a
trigger needs the tables' owner, and in production the web and the workers connect as a role
that owns nothing (``audit/database_roles.py``): there this command fails before it removes
anything, so production stays strict. Whoever holds the owner's password can drop the triggers,
or the database, anyway; the signed checkpoints (``audit/checkpoints.py``) are what reveal that.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import DEFAULT_DB_ALIAS, connections

from audit.triggers import audit_table_exists, triggers_install, triggers_remove


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options.get("database", DEFAULT_DB_ALIAS)]
        if not audit_table_exists(connection):
            return super().handle(**options)
        triggers_remove(connection)
        try:
            return super().handle(**options)
        finally:
            triggers_install(connection)
