"""``flush`` that can empty the audit table on SQLite, as it already can on PostgreSQL.

``flush`` wipes the whole database; the test runner calls it after every transactional test.
PostgreSQL flushes with TRUNCATE, which row triggers do not see, but SQLite flushes with DELETE,
which the append-only trigger refuses. Here the SQLite DELETE trigger is lifted for the length of
the flush and put back afterwards, so a flush behaves the same on both databases. Nothing else
can lift it: no setting, marker row or session flag relaxes the trigger, since any of those would
also be open to whoever wants to delete one inconvenient event. Anyone who can run ``flush`` can
already drop a trigger or the database itself.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import DEFAULT_DB_ALIAS, connections

from audit.triggers import audit_table_exists, triggers_install, triggers_remove


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options.get("database", DEFAULT_DB_ALIAS)]
        if connection.vendor != "sqlite" or not audit_table_exists(connection):
            return super().handle(**options)
        triggers_remove(connection)
        try:
            return super().handle(**options)
        finally:
            triggers_install(connection)
