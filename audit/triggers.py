"""The database's own refusal to change or remove audit events.

The ORM refuses too (``AuditEventQuerySet``), but only the database can stop raw SQL, a shell or
another program. On PostgreSQL a row trigger raises; on SQLite a pair of triggers abort.

TRUNCATE fires no row trigger, so on PostgreSQL a statement trigger refuses it on the events and
on the lane heads (emptying both together would leave a chain that verifies, with nothing in it).
None of these triggers has a way around it: no setting, marker row or session flag relaxes them,
since any of those would be open to whoever wants one inconvenient event gone. Only the tables'
owner can drop or disable a trigger, and in production the application is not the owner
(``audit/database_roles.py``).

SQLite rebuilds a table (and drops its triggers) whenever a migration alters it, so the triggers
are re-installed after every ``migrate`` (``install`` is idempotent).
"""

TABLE = "audit_auditevent"
HEADS_TABLE = "audit_auditchainhead"
MESSAGE = "audit events are append-only"

TRUNCATE_TABLES = (TABLE, HEADS_TABLE)

POSTGRESQL_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}: % refused on %', TG_OP, TG_TABLE_NAME;
    END;
    $$
    """,
    f"""
    CREATE OR REPLACE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()
    """,
    *(
        f"""
    CREATE OR REPLACE TRIGGER audit_refuse_truncate
    BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()
    """
        for table in TRUNCATE_TABLES
    ),
]
POSTGRESQL_REMOVE_TRUNCATE = [
    f"DROP TRIGGER IF EXISTS audit_refuse_truncate ON {table}" for table in TRUNCATE_TABLES
]
POSTGRESQL_REMOVE = [
    f"DROP TRIGGER IF EXISTS audit_event_append_only ON {TABLE}",
    *POSTGRESQL_REMOVE_TRUNCATE,
    "DROP FUNCTION IF EXISTS audit_event_refuse_change()",
]

SQLITE_NO_UPDATE = f"""
    CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}: UPDATE refused'); END
"""
SQLITE_NO_DELETE = f"""
    CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}: DELETE refused'); END
"""
SQLITE_INSTALL = [SQLITE_NO_UPDATE, SQLITE_NO_DELETE]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
]


def _statements(connection, *, install: bool) -> list[str]:
    if connection.vendor == "postgresql":
        return POSTGRESQL_INSTALL if install else POSTGRESQL_REMOVE
    if connection.vendor == "sqlite":
        return SQLITE_INSTALL if install else SQLITE_REMOVE
    raise NotImplementedError(f"No append-only triggers for {connection.vendor}.")


def triggers_install(connection) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, install=True):
            cursor.execute(statement)


def triggers_remove(connection) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, install=False):
            cursor.execute(statement)


def audit_table_exists(connection) -> bool:
    with connection.cursor() as cursor:
        return TABLE in connection.introspection.table_names(cursor)


def audit_chain_exists(connection) -> bool:
    """Whether the trail is migrated far enough to hold a chain (not after ``migrate audit 1``)."""
    with connection.cursor() as cursor:
        return {TABLE, HEADS_TABLE} <= set(connection.introspection.table_names(cursor))
