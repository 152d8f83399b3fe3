"""Personas, signed-in clients, and the program and case most suites work on (STYLE.md habit 9)."""

import datetime
import os

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from accounts.roles import Role
from cases import services as case_services
from cases.choices import TeamRole
from organization.models import Program
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


# The program and the case most suites work on ------------------------------------------------
#
# One survivor in one program, led by Alice Advocate. A suite varies them through two small
# fixtures instead of a copy of its own: ``program_supervisors`` (Sofia Supervisor, unless the
# suite needs a program nobody supervises) and ``case_team`` (who is on the team besides the
# lead: Carmen Clinician, unless the suite's clinicians join through an assignment).

SURVIVOR = case_services.Identity(
    preferred_name="Rosa Record",
    legal_name="Rosa Maria Record",
    phone="+1 202 555 0111",
    date_of_birth=datetime.date(1990, 4, 2),
)
# The legal name is the canary: searched for wherever it must not be (raw columns, logs,
# timelines, audit events).
CANARY = SURVIVOR.legal_name


def open_case(lead, program, name="Another Survivor", **identity):
    """A case ``lead`` opens in ``program`` (and leads), with only what the test gives."""
    return case_services.case_open(
        actor=lead,
        program=program,
        identity=case_services.Identity(preferred_name=name, **identity),
    )


@pytest.fixture
def program_supervisors(supervisor):
    return [supervisor]


@pytest.fixture
def program(db, program_supervisors):
    program = Program.objects.create(name="Survivor services")
    program.supervisors.add(*program_supervisors)
    return program


@pytest.fixture
def case_team(clinician):
    """``(person, team role)`` on ``case``'s team besides its lead advocate."""
    return [(clinician, TeamRole.CLINICIAN)]


@pytest.fixture
def case(advocate, program, case_team):
    case = case_services.case_open(actor=advocate, program=program, identity=SURVIVOR)
    for person, team_role in case_team:
        case_services.team_member_add(actor=advocate, case=case, user=person, team_role=team_role)
    return case
