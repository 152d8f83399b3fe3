import contextlib
import secrets

import pytest
from django.db import connection

from audit.models import AuditAction
from audit.services import audit_record
from audit.triggers import triggers_install, triggers_remove
from tests.factories import UserFactory


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


@pytest.fixture(autouse=True)
def _no_axes_for_forced_sign_in(settings):
    # force_login has no request, so django-axes records the address "unknown", which
    # PostgreSQL's inet column refuses. Sign-in and lockout are tested in tests/accounts; these
    # suites only need someone signed in.
    settings.AXES_ENABLED = False


@pytest.fixture
def make_user(db):
    # accounts.User.session_salt defaults to 64 hex characters in a 32-character column, which
    # PostgreSQL refuses; until accounts fixes it, these suites give a salt that fits.
    def make(role: str | None = None, **fields):
        fields.setdefault("session_salt", secrets.token_hex(16))
        return UserFactory(role=role, **fields)

    return make


@pytest.fixture
def write_events(advocate):
    def write(count: int, *, actor=None, action=AuditAction.VIEW, **kwargs):
        return [
            audit_record(actor=actor or advocate, action=action, target=advocate, **kwargs)
            for _ in range(count)
        ]

    return write
