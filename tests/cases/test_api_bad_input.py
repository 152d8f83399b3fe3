"""Bad input through the case API: a specific field message, and nothing written."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from cases.models import Case, CaseNote, Goal, RecoveryCheckIn, ServiceRecord, TeamMembership
from cases.services import MAX_TEXT

pytestmark = pytest.mark.django_db

JSON = "application/json"


def fields_of(response, status=400) -> dict:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    return error["fields"]


def test_birth_after_intake(client_for, advocate, api_program):
    response = client_for(advocate).post(
        "/api/v1/cases",
        {
            "program": str(api_program.pk),
            "preferred_name": "Born Later",
            "intake_date": "2024-01-01",
            "date_of_birth": "2024-06-01",
        },
        content_type=JSON,
    )
    assert fields_of(response) == {"date_of_birth": ["The date of birth is after the intake date."]}
    assert not Case.objects.exists()
    assert not AuditEvent.objects.filter(target_type="cases.case").exists()


def test_intake_in_the_future(client_for, advocate, api_program):
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    response = client_for(advocate).post(
        "/api/v1/cases",
        {"program": str(api_program.pk), "preferred_name": "Later", "intake_date": str(tomorrow)},
        content_type=JSON,
    )
    assert fields_of(response) == {"intake_date": ["This date is in the future."]}
    assert not Case.objects.exists()


def test_future_contact_on_a_note(client_for, advocate, api_case):
    future = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    response = client_for(advocate).post(
        f"/api/v1/cases/{api_case.pk}/notes",
        {"kind": "contact", "body": "Not yet", "contact_at": future, "method": "phone"},
        content_type=JSON,
    )
    assert fields_of(response) == {"contact_at": ["This date and time is in the future."]}
    assert not CaseNote.objects.exists()


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("notes", {"kind": "gossip", "body": "x", "method": "phone"}, "kind"),
        ("notes", {"kind": "contact", "body": "x", "method": "pigeon"}, "method"),
        ("goals", {"domain": "astrology", "own_words": "I want to"}, "domain"),
        ("services", {"category": "spa_day"}, "category"),
        ("check-ins", {"ratings": {"luck": 3}}, "ratings"),
        (
            "team",
            {"user": "00000000-0000-0000-0000-000000000000", "team_role": "boss"},
            "team_role",
        ),
    ],
)
def test_unknown_enums(client_for, supervisor, api_case, path, body, field):
    if path == "notes":
        body = body | {"contact_at": timezone.now().isoformat()}
    response = client_for(supervisor).post(
        f"/api/v1/cases/{api_case.pk}/{path}", body, content_type=JSON
    )
    fields = fields_of(response)
    assert field in fields
    assert any("valid choice" in message or "Unknown" in message for message in fields[field])
    assert not CaseNote.objects.exists()
    assert not Goal.objects.exists()
    assert not ServiceRecord.objects.exists()
    assert not RecoveryCheckIn.objects.exists()
    assert TeamMembership.objects.filter(case=api_case).count() == 2


def test_unknown_category_on_intake(client_for, advocate, api_program):
    response = client_for(advocate).post(
        "/api/v1/cases",
        {"program": str(api_program.pk), "preferred_name": "X Y", "trafficking_type": "other"},
        content_type=JSON,
    )
    assert fields_of(response) == {"trafficking_type": ['"other" is not a valid choice.']}
    assert not Case.objects.exists()


def test_rating_outside_one_to_five(client_for, advocate, api_case):
    response = client_for(advocate).post(
        f"/api/v1/cases/{api_case.pk}/check-ins", {"ratings": {"stability": 7}}, content_type=JSON
    )
    assert "ratings.stability" in fields_of(response)
    assert not RecoveryCheckIn.objects.exists()


def test_oversize_text(client_for, advocate, api_case):
    response = client_for(advocate).post(
        f"/api/v1/cases/{api_case.pk}/notes",
        {
            "kind": "contact",
            "body": "x" * (MAX_TEXT + 1),
            "contact_at": timezone.now().isoformat(),
            "method": "phone",
        },
        content_type=JSON,
    )
    assert fields_of(response) == {
        "body": [f"Ensure this field has no more than {MAX_TEXT} characters."]
    }
    assert not CaseNote.objects.exists()


def test_duplicate_team_membership(client_for, supervisor, clinician, api_case):
    response = client_for(supervisor).post(
        f"/api/v1/cases/{api_case.pk}/team",
        {"user": str(clinician.pk), "team_role": "clinician"},
        content_type=JSON,
    )
    assert fields_of(response) == {"user": ["This person is already on the team."]}
    assert TeamMembership.objects.filter(case=api_case, user=clinician).count() == 1


def test_role_that_does_not_fit_the_team_place(client_for, supervisor, make_user, api_case):
    partner = make_user("partner")
    response = client_for(supervisor).post(
        f"/api/v1/cases/{api_case.pk}/team",
        {"user": str(partner.pk), "team_role": "other"},
        content_type=JSON,
    )
    assert "user" in fields_of(response)
    assert not TeamMembership.objects.filter(user=partner).exists()


@pytest.mark.parametrize("body", [{}, {"reason": ""}])
def test_closing_without_a_reason(client_for, advocate, api_case, body):
    response = client_for(advocate).post(
        f"/api/v1/cases/{api_case.pk}/close", body, content_type=JSON
    )
    assert fields_of(response) == {"reason": ["Say why the case is closing."]}
    api_case.refresh_from_db()
    assert api_case.status == "active"


def test_closing_twice(client_for, advocate, api_case):
    client = client_for(advocate)
    url = f"/api/v1/cases/{api_case.pk}/close"
    assert client.post(url, {"reason": "moved"}, content_type=JSON).status_code == 200
    again = client.post(url, {"reason": "moved"}, content_type=JSON)
    assert fields_of(again) == {"non_field_errors": ["This case is already closed."]}


def test_patch_needs_the_version(client_for, advocate, api_case):
    response = client_for(advocate).patch(
        f"/api/v1/cases/{api_case.pk}", {"preferred_name": "No Version"}, content_type=JSON
    )
    assert fields_of(response) == {"version": ["This field is required."]}
    api_case.refresh_from_db()
    assert api_case.preferred_name == "Careful Testcase"


def test_blank_preferred_name_on_patch(client_for, advocate, api_case):
    response = client_for(advocate).patch(
        f"/api/v1/cases/{api_case.pk}", {"version": 1, "preferred_name": ""}, content_type=JSON
    )
    assert "preferred_name" in fields_of(response)


@pytest.mark.parametrize("path", ["", "/search", "/{case}/notes", "/{case}/goals"])
def test_non_json_body(client_for, advocate, api_case, path):
    url = "/api/v1/cases" + path.format(case=api_case.pk)
    response = client_for(advocate).post(url, "name=Careful&body=x", content_type=JSON)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"
    assert Case.objects.count() == 1
    assert not CaseNote.objects.exists()
    assert not Goal.objects.exists()


def test_errors_never_echo_survivor_text(client_for, advocate, api_program):
    response = client_for(advocate).post(
        "/api/v1/cases",
        {
            "program": str(api_program.pk),
            "preferred_name": "Echo Canary Name",
            "date_of_birth": "not-a-date",
        },
        content_type=JSON,
    )
    assert response.status_code == 400
    assert "Echo Canary Name" not in response.content.decode()
    assert "not-a-date" not in response.content.decode()
