"""As the application's database role, the audit trail can only be read and added to."""

import uuid

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.database_roles import roles_sql
from audit.models import AuditEvent

ROOT_SQL = "deploy/postgres/roles.sql"

postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="database roles are PostgreSQL's"
)


def _connect(user: str | None = None):
    settings = connection.settings_dict
    database = psycopg2.connect(
        dbname=settings["NAME"],
        user=user or settings["USER"],
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        password=(settings["PASSWORD"] or None) if user is None else "test-password",
    )
    database.autocommit = True
    return database


def _as_psql_would(script: str) -> list[str]:
    """The script's statements, with its psql variables filled in and its commands dropped."""
    script = script.replace(":'owner_password'", "'test-password'")
    script = script.replace(":'app_password'", "'test-password'")
    lines = [line for line in script.splitlines() if not line.startswith(("\\", "--"))]
    text = "\n".join(lines)
    # Statements end with ";" at the end of a line; the DO block's inner ones do not.
    statements, current = [], []
    for line in text.splitlines():
        current.append(line)
        if line.rstrip().endswith(";") and not line.startswith((" ", "\t", "DECLARE")):
            statements.append("\n".join(current).strip().rstrip(";"))
            current = []
    return [statement for statement in statements if statement]


@pytest.fixture
def app_role(db):
    suffix = uuid.uuid4().hex[:8]
    owner, app = f"alongside_owner_{suffix}", f"alongside_app_{suffix}"
    database = connection.settings_dict["NAME"]
    superuser = _connect()
    with superuser.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [database]
        )
        (database_owner,) = cursor.fetchone()
        for statement in _as_psql_would(roles_sql(owner=owner, app=app, database=database)):
            cursor.execute(statement)
    app_connection = _connect(app)
    try:
        yield app_connection
    finally:
        app_connection.close()
        with superuser.cursor() as cursor:
            cursor.execute(f"ALTER DATABASE {database} OWNER TO {database_owner}")
            cursor.execute(f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO PUBLIC")
            cursor.execute(f"DROP OWNED BY {app}, {owner}")
            cursor.execute(f"DROP ROLE {app}, {owner}")
        superuser.close()


def _refused(app_connection, sql: str) -> str:
    with app_connection.cursor() as cursor, pytest.raises(psycopg2.Error) as refusal:
        cursor.execute(sql)
    return str(refusal.value)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_app_role_cannot_change_remove_or_unprotect_audit_events(app_role, write_events):
    write_events(2)
    assert "permission denied" in _refused(app_role, "UPDATE audit_auditevent SET reason = 'x'")
    assert "permission denied" in _refused(app_role, "DELETE FROM audit_auditevent")
    assert "permission denied" in _refused(app_role, "TRUNCATE audit_auditevent")
    assert "permission denied" in _refused(app_role, "TRUNCATE audit_auditchainhead")
    assert "permission denied" in _refused(app_role, "DELETE FROM audit_auditchainhead")
    for trigger in ("audit_event_append_only", "audit_refuse_truncate", "ALL"):
        message = _refused(app_role, f"ALTER TABLE audit_auditevent DISABLE TRIGGER {trigger}")
        assert "must be owner" in message
    assert "must be owner" in _refused(
        app_role, "DROP TRIGGER audit_event_append_only ON audit_auditevent"
    )
    assert AuditEvent.objects.count() == 2
    call_command("audit_verify", verbosity=0)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_app_role_reads_and_appends_and_is_neither_owner_nor_superuser(app_role, write_events):
    write_events(1)
    with app_role.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (False,)
        cursor.execute(
            "SELECT pg_get_userbyid(relowner) = current_user FROM pg_class "
            "WHERE relname = 'audit_auditevent'"
        )
        assert cursor.fetchone() == (False,)
        cursor.execute("SELECT count(*) FROM audit_auditevent")
        assert cursor.fetchone() == (1,)
        # What appending needs: a new row and moving a lane head.
        cursor.execute(
            "SELECT has_table_privilege('audit_auditevent', 'INSERT'), "
            "has_table_privilege('audit_auditchainhead', 'UPDATE'), "
            "has_sequence_privilege('audit_auditevent_id_seq', 'USAGE'), "
            "has_table_privilege('cases_case', 'UPDATE')"
        )
        assert cursor.fetchone() == (True, True, True, True)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_migrate_takes_back_grants_beyond_reading_and_adding(app_role, write_events):
    # A table created by a later migration gets the owner's default grants, UPDATE among them.
    with connection.cursor() as cursor:
        app = app_role.info.user
        cursor.execute(f"GRANT UPDATE, DELETE, TRUNCATE ON audit_auditevent TO {app}, PUBLIC")
    call_command("migrate", verbosity=0)
    assert "permission denied" in _refused(app_role, "DELETE FROM audit_auditevent")
    assert "permission denied" in _refused(app_role, "TRUNCATE audit_auditevent")


def test_the_compose_init_script_is_the_commands_output(capsys):
    call_command("db_roles")
    with open(ROOT_SQL, encoding="utf-8") as committed:
        assert committed.read() == capsys.readouterr().out, "regenerate: manage.py db_roles"


def test_db_roles_refuses_names_it_cannot_put_in_sql_unquoted():
    with pytest.raises(CommandError, match="--app must be a lower-case name"):
        call_command("db_roles", app="app; DROP TABLE x")
    with pytest.raises(CommandError, match="must be different roles"):
        call_command("db_roles", owner="same", app="same")
