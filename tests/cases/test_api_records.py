"""The case API's records: notes (edit, sign, addenda), the team, goals, check-ins, services."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from cases.access import SIGNED_NOTE_LOCKED
from cases.models import CaseNote, Goal, RecoveryCheckIn, ServiceRecord, TeamMembership

pytestmark = pytest.mark.django_db

JSON = "application/json"


def an_hour_ago() -> str:
    return (timezone.now() - datetime.timedelta(hours=1)).isoformat()


def post_note(client, case, **overrides):
    body = {
        "kind": "contact",
        "body": "We met at the library and planned the week.",
        "contact_at": an_hour_ago(),
        "method": "in_person",
        "duration_minutes": 45,
    } | overrides
    return client.post(f"/api/v1/cases/{case.pk}/notes", body, content_type=JSON)


def test_note_create_list_and_retrieve(client_for, advocate, clinician, api_case):
    created = post_note(client_for(advocate), api_case)
    assert created.status_code == 201, created.json()
    note_id = created.json()["id"]
    assert created.json()["body"] == "We met at the library and planned the week."
    listing = client_for(clinician).get(f"/api/v1/cases/{api_case.pk}/notes").json()
    assert [note["id"] for note in listing["results"]] == [note_id]
    one = client_for(clinician).get(f"/api/v1/cases/{api_case.pk}/notes/{note_id}")
    assert one.json()["author"] == str(advocate.pk)
    assert AuditEvent.objects.filter(
        actor=clinician, action=AuditAction.VIEW, target_id=note_id
    ).exists()
    api_case.refresh_from_db()
    assert api_case.last_contact_at is not None


def test_note_edit_conflict_shows_the_current_version(client_for, advocate, clinician, api_case):
    note_id = post_note(client_for(advocate), api_case).json()["id"]
    url = f"/api/v1/cases/{api_case.pk}/notes/{note_id}"
    first = client_for(clinician).patch(
        url, {"version": 1, "body": "Clinician's words"}, content_type=JSON
    )
    assert first.status_code == 200
    assert first.json()["version"] == 2
    second = client_for(advocate).patch(
        url, {"version": 1, "body": "Advocate's words"}, content_type=JSON
    )
    assert second.status_code == 409
    assert second.json()["current"]["body"] == "Clinician's words"
    assert CaseNote.objects.get(pk=note_id).body == "Clinician's words"


def test_signed_note_is_locked_and_takes_addenda(client_for, advocate, api_case):
    client = client_for(advocate)
    note_id = post_note(client, api_case).json()["id"]
    base = f"/api/v1/cases/{api_case.pk}/notes/{note_id}"
    signed = client.post(f"{base}/sign", {"version": 1}, content_type=JSON)
    assert signed.status_code == 200
    assert signed.json()["signed_at"]
    edit = client.patch(base, {"version": 2, "body": "Changed after signing"}, content_type=JSON)
    # A right, not a shape: 403 with the page's words.
    assert edit.status_code == 403
    assert edit.json()["error"]["message"] == str(SIGNED_NOTE_LOCKED)
    added = client.post(f"{base}/addenda", {"body": "She called back later."}, content_type=JSON)
    assert added.status_code == 201
    note = client.get(base).json()
    assert note["body"] == "We met at the library and planned the week."
    assert [addendum["body"] for addendum in note["addenda"]] == ["She called back later."]


def test_only_the_author_signs(client_for, advocate, clinician, api_case):
    note_id = post_note(client_for(advocate), api_case).json()["id"]
    response = client_for(clinician).post(
        f"/api/v1/cases/{api_case.pk}/notes/{note_id}/sign", {"version": 1}, content_type=JSON
    )
    # A right, not a shape: 403, as the page answers.
    assert response.status_code == 403
    assert CaseNote.objects.get(pk=note_id).signed_at is None


def test_supervisor_adds_and_ends_team_members(client_for, supervisor, make_user, api_case):
    client = client_for(supervisor)
    newcomer = make_user("advocate")
    added = client.post(
        f"/api/v1/cases/{api_case.pk}/team",
        {"user": str(newcomer.pk), "team_role": "advocate"},
        content_type=JSON,
    )
    assert added.status_code == 201, added.json()
    membership_id = added.json()["id"]
    team = client.get(f"/api/v1/cases/{api_case.pk}/team").json()
    assert {member["user"] for member in team["results"]} >= {str(newcomer.pk)}
    ended = client.post(f"/api/v1/cases/{api_case.pk}/team/{membership_id}/end")
    assert ended.status_code == 200
    assert ended.json()["until"] == timezone.localdate().isoformat()
    again = client.post(f"/api/v1/cases/{api_case.pk}/team/{membership_id}/end")
    assert again.status_code == 400


def test_goals_in_the_survivors_words(client_for, advocate, api_case):
    client = client_for(advocate)
    created = client.post(
        f"/api/v1/cases/{api_case.pk}/goals",
        {"domain": "housing", "own_words": "I want my own front door", "steps": ["Visit flats"]},
        content_type=JSON,
    )
    assert created.status_code == 201, created.json()
    goal_id = created.json()["id"]
    assert created.json()["steps"][0]["text"] == "Visit flats"
    updated = client.patch(
        f"/api/v1/cases/{api_case.pk}/goals/{goal_id}", {"status": "achieved"}, content_type=JSON
    )
    assert updated.status_code == 200
    goal = Goal.objects.get(pk=goal_id)
    assert (goal.status, goal.own_words) == ("achieved", "I want my own front door")
    listing = client.get(f"/api/v1/cases/{api_case.pk}/goals").json()
    assert listing["results"][0]["own_words"] == "I want my own front door"


def test_check_ins_and_services(client_for, clinician, api_case):
    client = client_for(clinician)
    check_in = client.post(
        f"/api/v1/cases/{api_case.pk}/check-ins",
        {"ratings": {"stability": 3, "trusting": None}, "note": "A steadier month"},
        content_type=JSON,
    )
    assert check_in.status_code == 201, check_in.json()
    assert check_in.json()["ratings"] == {"stability": 3}
    service = client.post(
        f"/api/v1/cases/{api_case.pk}/services",
        {"category": "mental_health", "note": "First session"},
        content_type=JSON,
    )
    assert service.status_code == 201
    assert client.get(f"/api/v1/cases/{api_case.pk}/check-ins").json()["count"] == 1
    services_listed = client.get(f"/api/v1/cases/{api_case.pk}/services").json()
    assert services_listed["results"][0]["category"] == "mental_health"
    assert RecoveryCheckIn.objects.count() == 1
    assert ServiceRecord.objects.count() == 1


def test_api_token_reaches_the_case_api(advocate, api_case):
    from rest_framework.test import APIClient

    from accounts import services as account_services

    _token, text = account_services.api_token_create(actor=advocate, name="script")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
    assert client.get(f"/api/v1/cases/{api_case.pk}").status_code == 200
    assert TeamMembership.objects.filter(case=api_case).count() == 2
