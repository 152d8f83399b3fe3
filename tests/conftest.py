"""Personas and signed-in clients shared by every suite (STYLE.md habit 9)."""

import os

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from accounts.roles import Role
from tests.factories import UserFactory, device_of

ROLES = [role.value for role in Role]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (tested on its own); tests hash thousands of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _isolated_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def sign_in(client: Client, user) -> Client:
    """Sign ``user`` in with both factors passed, as the sign-in pages would."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device_of(user).persistent_id
    session.save()
    return client


@pytest.fixture
def make_user(db):
    def make(role: str | None = None, **fields):
        return UserFactory(role=role, **fields)

    return make


@pytest.fixture
def advocate(make_user):
    return make_user(Role.ADVOCATE, full_name="Alice Advocate")


@pytest.fixture
def clinician(make_user):
    return make_user(Role.CLINICIAN, full_name="Carmen Clinician")


@pytest.fixture
def supervisor(make_user):
    return make_user(Role.SUPERVISOR, full_name="Sofia Supervisor")


@pytest.fixture
def administrator(make_user):
    return make_user(Role.ADMINISTRATOR, full_name="Ada Administrator")


@pytest.fixture
def partner(make_user):
    return make_user(Role.PARTNER, full_name="Parker Partner")


@pytest.fixture
def auditor(make_user):
    return make_user(Role.AUDITOR, full_name="Audrey Auditor")


@pytest.fixture
def outsider(make_user):
    """Signed in, but with no role in the organization."""
    return make_user(None, full_name="Oscar Outsider")


@pytest.fixture
def persona(request, make_user):
    """Indirect parametrisation: ``@pytest.mark.parametrize("persona", ROLES, indirect=True)``."""
    role = request.param
    return make_user(None if role == "outsider" else role)


@pytest.fixture
def client_for():
    """A fresh client signed in as the given user."""

    def make(user) -> Client:
        return sign_in(Client(), user)

    return make


def running_in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}
