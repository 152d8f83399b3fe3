"""The trail cannot be changed or removed, neither through the ORM nor by raw SQL."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction  # noqa: F401 - skipif reads it

from audit.models import AuditAction, AuditEvent
from tests.audit.conftest import raw


@pytest.mark.django_db
def test_orm_refuses_to_update_or_delete(write_events):
    event = write_events(1)[0]
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="changed")
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(TypeError):
        event.delete()
    event.reason = "changed"
    with pytest.raises(TypeError):
        event.save()


@pytest.mark.django_db
def test_orm_refuses_an_event_outside_the_chain(advocate):
    with pytest.raises(TypeError):
        AuditEvent.objects.create(occurred_at=advocate.date_joined, action=AuditAction.VIEW)


@pytest.mark.django_db
def test_database_refuses_raw_update(write_events):
    event = write_events(1)[0]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("UPDATE audit_auditevent SET reason = 'changed' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


@pytest.mark.django_db
def test_database_refuses_raw_delete(write_events):
    event = write_events(1)[0]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_whole_database_flush_still_works_and_keeps_the_triggers(write_events, make_user):
    # The test runner flushes after transactional tests; on SQLite that is a DELETE.
    write_events(2)
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
    write_events(1, actor=make_user())
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("DELETE FROM audit_auditevent")
    call_command("audit_verify", verbosity=0)


postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="SQLite has no TRUNCATE"
)


def settle_deferred_checks() -> None:
    # The events were written in the test's own transaction, whose deferred foreign-key checks
    # would make PostgreSQL refuse the TRUNCATE for its own reason before the trigger runs.
    raw("SET CONSTRAINTS ALL IMMEDIATE")


@postgresql_only
@pytest.mark.django_db
@pytest.mark.parametrize(
    "tables",
    ["audit_auditevent", "audit_auditchainhead", "audit_auditevent, audit_auditchainhead"],
)
def test_database_refuses_truncate_even_to_a_superuser(write_events, tables):
    # The tests connect as a superuser: the trigger, not a missing privilege, refuses.
    write_events(2)
    settle_deferred_checks()
    with pytest.raises(DatabaseError, match="append-only: TRUNCATE refused"), transaction.atomic():
        raw(f"TRUNCATE {tables} CASCADE")
    assert AuditEvent.objects.count() == 2
    call_command("audit_verify", verbosity=0)


@postgresql_only
@pytest.mark.django_db
def test_a_session_setting_does_not_let_a_truncate_through(write_events):
    write_events(1)
    settle_deferred_checks()
    with pytest.raises(DatabaseError, match="TRUNCATE refused"), transaction.atomic():
        raw("SET LOCAL session_replication_role = 'origin'")
        raw("SET LOCAL alongside.allow_truncate = 'on'")
        raw("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.count() == 1
