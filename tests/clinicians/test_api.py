"""The clinicians API: the issue's bad input through the API (a specific field message,
nothing written), the survivor's own sessions only, and psychotherapy notes 404 to a
superuser."""

import datetime

import pytest
from django.utils import timezone

from accounts.roles import Role
from audit.models import AuditEvent
from clinicians import services
from clinicians.models import Assignment, MeasureAdministration, TherapySession
from tests.clinicians.conftest import give_profile
from tests.conftest import open_case

pytestmark = pytest.mark.django_db

JSON = "application/json"


def fields_of(response, status=400) -> dict:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    return error["fields"]


def measure_post(client, case, answers, **extra):
    return client.post(
        f"/api/v1/cases/{case.pk}/measures",
        {"instrument": "phq9", "answers": answers, **extra},
        content_type=JSON,
    )


def test_answer_outside_the_range(client_for, assigned, case):
    response = measure_post(client_for(assigned.clinician), case, [0] * 8 + [4])
    assert fields_of(response) == {"answers": ["Item 9: answers run from 0 to 3, not 4."]}
    assert not MeasureAdministration.objects.exists()


def test_wrong_number_of_items(client_for, assigned, case):
    response = measure_post(client_for(assigned.clinician), case, [0] * 10)
    assert fields_of(response) == {"answers": ["The PHQ-9 has 9 items: 10 answers were given."]}
    assert not MeasureAdministration.objects.exists()


def test_measure_recorded_and_scored(client_for, assigned, case):
    response = measure_post(client_for(assigned.clinician), case, [2] * 8 + ["declined"])
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["total"], body["prorated"], body["band"], body["declined_items"]) == (
        18,
        True,
        "moderately_severe",
        1,
    )
    assert "answers" not in body


def session_post(client, participants, **overrides):
    body = {
        "held_on": timezone.localdate().isoformat(),
        "duration_minutes": 60,
        "modality": "group",
        "format": "group" if len(participants) > 1 else "individual",
        "participants": [
            {"case": str(case.pk), "attendance": attendance} for case, attendance in participants
        ],
    }
    body.update(overrides)
    return client.post("/api/v1/therapy-sessions", body, content_type=JSON)


def test_session_dated_in_the_future(client_for, assigned, case):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = session_post(client_for(assigned.clinician), [(case, "attended")], held_on=tomorrow)
    assert fields_of(response) == {"held_on": ["This date is in the future."]}
    assert not TherapySession.objects.exists()


def test_group_session_with_a_survivor_the_clinician_cannot_see(
    client_for, advocate, assigned, case, program
):
    stranger = open_case(advocate, program, name="Stranger Survivor")
    response = session_post(
        client_for(assigned.clinician), [(case, "attended"), (stranger, "attended")]
    )
    assert fields_of(response) == {
        "participants": ["A survivor in this session is not on your caseload."]
    }
    assert not TherapySession.objects.exists()


def test_group_session_shows_no_other_name(
    client_for, advocate, supervisor, assigned, case, program
):
    clinician = assigned.clinician
    other = open_case(advocate, program, name="Unmistakable Othername")
    request = services.assignment_request(actor=advocate, case=other, clinician=clinician)
    services.assignment_approve(actor=supervisor, assignment=request)
    client = client_for(clinician)
    assert session_post(client, [(case, "attended"), (other, "cancelled")]).status_code == 201
    for reader in (client, client_for(advocate)):
        listing = reader.get(f"/api/v1/cases/{case.pk}/therapy-sessions")
        assert listing.status_code == 200
        assert "Unmistakable" not in listing.content.decode()
        assert str(other.pk) not in listing.content.decode()
        assert [row["attendance"] for row in listing.json()["results"]] == ["attended"]


@pytest.mark.parametrize(
    ("profile", "problem"),
    [
        ({"accepting_new": False}, "is not accepting new survivors"),
        ({"licence_number": ""}, "has no current licence on record"),
    ],
)
def test_assignment_without_override(client_for, advocate, clinician, case, profile, problem):
    give_profile(clinician, **profile)
    response = client_for(advocate).post(
        f"/api/v1/cases/{case.pk}/assignments",
        {"clinician": str(clinician.pk)},
        content_type=JSON,
    )
    assert problem in fields_of(response)["override_reason"][0]
    assert not Assignment.objects.exists()


def test_assignment_to_an_inactive_clinician(client_for, advocate, clinician, case):
    give_profile(clinician)
    clinician.is_active = False
    clinician.save()
    response = client_for(advocate).post(
        f"/api/v1/cases/{case.pk}/assignments",
        {"clinician": str(clinician.pk), "override_reason": "Nobody else speaks Tigrinya."},
        content_type=JSON,
    )
    assert fields_of(response) == {"clinician": ["This clinician's account is inactive."]}
    assert not Assignment.objects.exists()


def test_licence_that_expired_before_it_was_issued(client_for, clinician):
    client = client_for(clinician)
    version = client.get("/api/v1/clinicians/me").json()["version"]
    events = AuditEvent.objects.count()
    response = client.put(
        "/api/v1/clinicians/me",
        {
            "version": version,
            "licence_issued_on": "2024-05-01",
            "licence_expires_on": "2024-04-30",
        },
        content_type=JSON,
    )
    assert fields_of(response) == {
        "licence_expires_on": ["The licence cannot expire before it was issued."]
    }
    assert AuditEvent.objects.count() == events


def test_psychotherapy_note_answers_404_to_a_superuser(
    client_for, make_user, supervisor, assigned, case
):
    note = services.psychotherapy_note_create(
        actor=assigned.clinician, case=case, body="Mine alone."
    )
    superuser = make_user(Role.SUPERVISOR, is_superuser=True)
    case.program.supervisors.add(superuser)
    url = f"/api/v1/cases/{case.pk}/psychotherapy-notes/{note.pk}"
    assert client_for(assigned.clinician).get(url).status_code == 200
    for reader in (superuser, supervisor):
        assert client_for(reader).get(url).status_code == 404


def test_unassigned_clinician_gets_404_everywhere(client_for, other_clinician, assigned, case):
    client = client_for(other_clinician)
    for path in (
        "clinician-wishes",
        "assignments",
        "therapy-sessions",
        "clinical-notes",
        "psychotherapy-notes",
        "measures",
        "progress/phq9",
    ):
        assert client.get(f"/api/v1/cases/{case.pk}/{path}").status_code == 404, path
