import contextlib

import pytest
from django.db import connection

from audit.models import AuditAction
from audit.services import audit_record
from audit.triggers import triggers_install, triggers_remove


@contextlib.contextmanager
def triggers_lifted():
    """Tamper the way an intruder with database rights would: drop the triggers first.

    Inside a test's transaction the DROP itself is rolled back at the end of the test on both
    databases; putting the triggers back here keeps the rest of the test honest.
    """
    triggers_remove(connection)
    try:
        yield
    finally:
        triggers_install(connection)


def raw(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def write_events(advocate):
    def write(count: int, *, actor=None, action=AuditAction.VIEW, **kwargs):
        return [
            audit_record(actor=actor or advocate, action=action, target=advocate, **kwargs)
            for _ in range(count)
        ]

    return write


@pytest.fixture(autouse=True)
def _checkpoints_in_a_temporary_directory(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"
