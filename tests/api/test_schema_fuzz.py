"""The API answers as its schema says: every operation, for every role and signed out.

schemathesis generates requests from the schema (valid ones, and ones that break it) and sends
them to the Django app in-process through WSGI. Any server error, undocumented status, wrong
content type or body outside the documented shape fails the test. Path ids are sometimes the
real records of a case the roles stand in different relations to, so the fuzzing reaches past
404s into the views themselves.
"""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts import services as account_services
from cases import services
from cases.choices import ContactMethod, GoalDomain, NoteKind, TeamRole
from consent import services as consent_services
from consent.choices import ConsentMethod, Relationship, Signer
from consent.recipients import Recipient
from directory import services as directory_services
from directory.models import PartnerUser
from organization.models import Program
from referrals import services as referral_services

pytestmark = pytest.mark.django_db

ROLES = [
    "advocate",
    "clinician",
    "supervisor",
    "administrator",
    "partner",
    "auditor",
    "signed_out",
]

# Bounded so that the whole module stays well under two minutes on two cores.
POSITIVE_EXAMPLES = 3
NEGATIVE_EXAMPLES = 2

CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def _schema():
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(document)))
    loaded.app = get_wsgi_application()
    return loaded


SCHEMA = _schema()
OPERATIONS = {operation.ok().label: operation.ok() for operation in SCHEMA.get_all_operations()}


@pytest.fixture
def in_test_transaction():
    """Requests through WSGI must not close the connection holding the test's transaction.

    Django's test client does the same for the requests it makes.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(advocate, clinician, supervisor, administrator, partner, auditor):
    """A case led by the advocate, with the clinician on it, in the supervisor's program."""
    people = {
        "advocate": advocate,
        "clinician": clinician,
        "supervisor": supervisor,
        "administrator": administrator,
        "partner": partner,
        "auditor": auditor,
    }
    program = Program.objects.create(name="Fuzzed program")
    program.supervisors.add(supervisor)
    case = services.case_open(
        actor=advocate,
        program=program,
        identity=services.Identity(preferred_name="Fuzz Survivor", phone="+1 555 0100"),
    )
    membership = services.team_member_add(
        actor=advocate, case=case, user=clinician, team_role=TeamRole.CLINICIAN
    )
    note = services.note_create(
        actor=advocate,
        case=case,
        kind=NoteKind.CONTACT,
        body="Talked about housing.",
        contact_at=timezone.now(),
        method=ContactMethod.PHONE,
    )
    goal = services.goal_create(
        actor=advocate, case=case, domain=GoalDomain.HOUSING, own_words="A flat of my own."
    )
    consent = _consent(case, advocate, administrator)
    # The partner works at the agency the referral went to: the portal's operations answer.
    PartnerUser.objects.create(
        user=partner, organization_id=consent["organization_id"][0], added_by=administrator
    )
    run = _report_run(administrator)
    return {
        "people": people,
        "ids": {
            "case_id": [str(case.pk)],
            "note_id": [str(note.pk)],
            "goal_id": [str(goal.pk)],
            "membership_id": [str(membership.pk)],
            "run_id": [str(run.pk)],
            **consent,
        },
    }


def _report_run(administrator):
    """A finished report run of the administrator's, so the result and file operations answer."""
    from reports.choices import RunStatus
    from reports.models import ReportRun
    from reports.serialize import report_to_json
    from tests.reports.built import built_report

    return ReportRun.objects.create(
        requested_by=administrator,
        kind="referral",
        parameters={"period_start": "2026-01-01", "period_end": "2026-06-30"},
        status=RunStatus.DONE,
        progress=100,
        result=report_to_json(built_report()),
    )


def _consent(case, advocate, administrator) -> dict[str, list[str]]:
    """A partner agency, the people around the survivor, releases (written and verbal) and a
    restriction, so that the consent and directory operations reach their views."""
    agency = directory_services.organization_create(actor=administrator, name="Fuzz Housing")
    directory_services.service_create(actor=administrator, organization=agency, name="Shelter")
    supporter = consent_services.person_add(
        actor=advocate, case=case, relationship=Relationship.SUPPORT_PERSON, name="Fuzz Friend"
    )
    recipient = Recipient.organization(agency.pk)
    releases = [
        consent_services.release_grant(
            actor=advocate,
            case=case,
            recipient=recipient,
            categories=["identity", "contact"],
            purposes=["referral"],
            method=method,
            signer=Signer.SURVIVOR,
        )
        for method in (ConsentMethod.WRITTEN, ConsentMethod.VERBAL)
    ]
    restriction = consent_services.restriction_add(
        actor=advocate, case=case, recipient=recipient, categories=["contact"]
    )
    referral = referral_services.referral_make(
        actor=advocate,
        case=case,
        service=agency.services.get(),
        purpose="referral",
        urgency="routine",
        categories=["identity"],
    )
    return {
        "organization_id": [str(agency.pk)],
        "referral_id": [str(referral.pk)],
        "person_id": [str(supporter.pk)],
        "release_id": [str(release.pk) for release in releases],
        "restriction_id": [str(restriction.pk)],
    }


def _credentials(world, role: str) -> tuple[dict, list[str]]:
    """The Authorization header for ``role``, and a token of theirs the fuzzing may revoke.

    The token that signs the requests is never offered as a path id: revoking it would turn
    the rest of the run into 401s.
    """
    if role == "signed_out":
        return {}, []
    user = world["people"][role]
    _token, text = account_services.api_token_create(actor=user, name="fuzzing")
    spare, _text = account_services.api_token_create(actor=user, name="spare")
    return {"Authorization": f"Bearer {text}"}, [str(spare.pk)]


def _has_input(operation) -> bool:
    return bool(operation.body or operation.query or operation.path_parameters)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_operation_answers_as_documented(label, role, world, in_test_transaction):
    operation = OPERATIONS[label]
    headers, own_tokens = _credentials(world, role)
    known_ids = world["ids"] | {"token_id": own_tokens}
    modes = [(schemathesis.GenerationMode.POSITIVE, POSITIVE_EXAMPLES, CONFORMANCE)]
    if _has_input(operation):
        # Input that breaks the schema must be refused (4xx), in the documented shape.
        modes.append(
            (
                schemathesis.GenerationMode.NEGATIVE,
                NEGATIVE_EXAMPLES,
                [*CONFORMANCE, negative_data_rejection],
            )
        )
    for mode, examples, checks in modes:
        _fuzz(operation, mode, examples, checks, headers=headers, known_ids=known_ids)


def _fuzz(operation, mode, examples, checks, *, headers, known_ids):
    @given(data=st.data())
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(data):
        case = data.draw(operation.as_strategy(generation_mode=mode))
        for name in list(case.path_parameters or {}):
            if known_ids.get(name) and data.draw(st.booleans(), label=f"real {name}"):
                case.path_parameters[name] = data.draw(st.sampled_from(known_ids[name]))
        case.call_and_validate(headers=headers, checks=checks)

    answers_as_documented()
