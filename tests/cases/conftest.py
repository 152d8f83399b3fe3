"""Cases suites: the shared case (``tests/conftest.py``) in a program nobody supervises, so that
a supervisor reaches it only through break-glass; another case; notes to record on it."""

import pytest
from django.utils import timezone

from cases import services
from cases.choices import ContactMethod, NoteKind, TeamRole
from organization.models import Program
from tests.conftest import open_case


@pytest.fixture
def program_supervisors():
    return []


@pytest.fixture
def other_case(make_user, program):
    return open_case(make_user("advocate"), program, name="Another Survivor")


def write_note(case, author, body="Met at the office and talked about housing.", **values):
    return services.note_create(
        actor=author,
        case=case,
        kind=values.get("kind", NoteKind.CONTACT),
        body=body,
        contact_at=values.get("contact_at", timezone.now()),
        method=values.get("method", ContactMethod.IN_PERSON),
        duration_minutes=values.get("duration_minutes", 30),
    )


def note_post(**overrides):
    data = {
        "kind": NoteKind.CONTACT,
        "contact_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "method": ContactMethod.PHONE,
        "duration_minutes": "20",
        "body": "Talked about the lease; she wants to visit the flat on Friday.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def api_program(supervisor):
    """A program the ``supervisor`` persona supervises."""
    program = Program.objects.create(name="API program")
    program.supervisors.add(supervisor)
    return program


@pytest.fixture
def api_case(advocate, clinician, api_program):
    """A case in ``api_program`` led by ``advocate``, with ``clinician`` on the team."""
    case = open_case(advocate, api_program, name="Careful Testcase")
    services.team_member_add(
        actor=advocate, case=case, user=clinician, team_role=TeamRole.CLINICIAN
    )
    return case
