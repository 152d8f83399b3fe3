"""The case API: caseload, exact search, intake with the duplicate check, the case, edits."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from cases import services
from cases.choices import CaseStatus, ReminderKind, TeamRole
from cases.models import Case
from organization.models import Program
from reminders.models import Reminder
from tests.conftest import open_case

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def api_case(advocate, clinician, api_program):
    case = open_case(
        advocate,
        api_program,
        name="Rowan Testcase",
        legal_name="Rowan Legal-Testcase",
        date_of_birth=datetime.date(1994, 3, 2),
        phone="+1 202 555 0188",
    )
    services.team_member_add(
        actor=advocate, case=case, user=clinician, team_role=TeamRole.CLINICIAN
    )
    return case


def test_caseload_lists_the_team_cases_with_names(client_for, advocate, api_case, api_program):
    open_case(advocate, api_program, name="Second Testcase")
    body = client_for(advocate).get("/api/v1/cases").json()
    assert body["count"] == 2
    row = next(row for row in body["results"] if row["id"] == str(api_case.pk))
    assert row["preferred_name"] == "Rowan Testcase"
    assert row["number"] == api_case.number
    assert row["status"] == "active"
    assert set(row) >= {"safety_flags", "last_contact_at", "next_reminder_on"}


def test_caseload_filters(client_for, advocate, supervisor, api_case, api_program, make_user):
    other = open_case(make_user("advocate"), api_program, name="Not Mine")
    services.safety_update(
        actor=advocate, case=api_case, flags=["trafficker_in_contact"], plan="Meet at the clinic"
    )
    services.case_set_status(actor=supervisor, case=other, status=CaseStatus.INACTIVE)
    client = client_for(supervisor)

    def ids(query):
        return {row["id"] for row in client.get(f"/api/v1/cases{query}").json()["results"]}

    assert ids("") == {str(api_case.pk), str(other.pk)}
    assert ids("?status=inactive") == {str(other.pk)}
    assert ids("?flag=trafficker_in_contact") == {str(api_case.pk)}
    assert ids("?mine=true") == set()
    response = client.get("/api/v1/cases?status=nonsense")
    assert response.status_code == 400
    assert "status" in response.json()["error"]["fields"]


def test_caseload_shows_the_next_reminder(client_for, advocate, api_case):
    Reminder.objects.create(
        case=api_case, assignee=advocate, kind=ReminderKind.FOLLOW_UP, due_on=timezone.localdate()
    )
    row = client_for(advocate).get("/api/v1/cases").json()["results"][0]
    assert row["next_reminder_on"] == timezone.localdate().isoformat()
    assert row["next_reminder_kind"] == "follow_up"


def test_caseload_is_paginated(client_for, advocate, api_program):
    for number in range(30):
        open_case(advocate, api_program, name=f"Paged Testcase {number}")
    body = client_for(advocate).get("/api/v1/cases").json()
    assert body["count"] == 30
    assert len(body["results"]) == 25
    assert body["next"]


def _caseload_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/cases?page_size=100").status_code == 200
    return len(queries)


def test_caseload_queries_do_not_grow_with_the_caseload(client_for, advocate, api_program):
    client = client_for(advocate)
    for number in range(10):
        case = open_case(advocate, api_program, name=f"Counted Testcase {number}")
        Reminder.objects.create(
            case=case, assignee=advocate, kind=ReminderKind.FOLLOW_UP, due_on=timezone.localdate()
        )
    client.get("/api/v1/cases")  # warm the session and role lookups
    with_ten = _caseload_queries(client)
    for number in range(90):
        open_case(advocate, api_program, name=f"More Testcase {number}")
    with_hundred = _caseload_queries(client)
    assert with_ten == with_hundred
    assert with_hundred <= 12


def test_search_finds_by_exact_name_in_the_body(client_for, advocate, api_case):
    client = client_for(advocate)
    found = client.post("/api/v1/cases/search", {"name": "rowan  testcase"}, content_type=JSON)
    assert found.status_code == 200
    assert [row["id"] for row in found.json()["results"]] == [str(api_case.pk)]
    by_legal = client.post(
        "/api/v1/cases/search", {"name": "Rowan Legal-Testcase"}, content_type=JSON
    )
    assert by_legal.json()["count"] == 1
    by_phone = client.post("/api/v1/cases/search", {"phone": "(202) 555-0188"}, content_type=JSON)
    assert by_phone.json()["count"] == 1
    partial = client.post("/api/v1/cases/search", {"name": "Rowan"}, content_type=JSON)
    assert partial.json()["count"] == 0


def test_search_is_not_offered_by_query_string(client_for, advocate, api_case):
    response = client_for(advocate).get("/api/v1/cases/search?name=Rowan+Testcase")
    assert response.status_code == 405


def test_search_needs_something_to_search_for(client_for, advocate):
    response = client_for(advocate).post("/api/v1/cases/search", {}, content_type=JSON)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["non_field_errors"]


def test_intake_opens_a_case_with_the_actor_as_lead(client_for, advocate, api_program):
    response = client_for(advocate).post(
        "/api/v1/cases",
        {
            "program": str(api_program.pk),
            "preferred_name": "Intake Testcase",
            "date_of_birth": "2010-05-01",
            "trafficking_type": "labor",
            "declined_fields": ["phone"],
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    case = Case.objects.get(pk=body["id"])
    assert case.preferred_name == "Intake Testcase"
    assert case.minor_at_intake and body["minor_at_intake"]
    assert body["declined_fields"] == ["phone"]
    assert case.team.get().team_role == TeamRole.LEAD_ADVOCATE
    assert body["safe_contact"]["voicemail"] == "none"


def test_intake_warns_of_likely_duplicates_until_confirmed(
    client_for, advocate, make_user, api_case, api_program, settings
):
    settings.DUPLICATE_COUNT_ACROSS_PROGRAMS = True
    client = client_for(make_user("advocate"))  # cannot see api_case
    intake = {
        "program": str(api_program.pk),
        "preferred_name": "Rowan Testcase",
        "date_of_birth": "1994-03-02",
    }
    warned = client.post("/api/v1/cases", intake, content_type=JSON)
    assert warned.status_code == 409
    body = warned.json()
    assert body["error"]["code"] == "likely_duplicate"
    assert body["likely_duplicates"] == {"count": 1, "visible": []}
    assert Case.objects.count() == 1
    confirmed = client.post(
        "/api/v1/cases", intake | {"confirm_not_duplicate": True}, content_type=JSON
    )
    assert confirmed.status_code == 201
    assert Case.objects.count() == 2


def test_duplicate_by_phone_names_the_cases_you_can_see(
    client_for, advocate, api_case, api_program
):
    response = client_for(advocate).post(
        "/api/v1/cases",
        {"program": str(api_program.pk), "preferred_name": "Someone Else", "phone": "2025550188"},
        content_type=JSON,
    )
    assert response.status_code == 409
    duplicates = response.json()["likely_duplicates"]
    assert duplicates["count"] == 1
    assert duplicates["visible"] == [{"id": str(api_case.pk), "number": api_case.number}]


def test_intake_under_a_program_you_do_not_supervise_is_refused(client_for, make_user, api_program):
    elsewhere = make_user("supervisor")
    Program.objects.create(name="Elsewhere").supervisors.add(elsewhere)
    response = client_for(elsewhere).post(
        "/api/v1/cases",
        {"program": str(api_program.pk), "preferred_name": "Elsewhere Testcase"},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["program"]
    assert not Case.objects.exists()


def test_retrieve_is_audited(client_for, clinician, api_case):
    response = client_for(clinician).get(f"/api/v1/cases/{api_case.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["legal_name"] == "Rowan Legal-Testcase"
    assert body["date_of_birth"] == "1994-03-02"
    assert AuditEvent.objects.filter(
        actor=clinician, action=AuditAction.VIEW, target_id=api_case.pk
    ).exists()


def test_patch_identity_changes_only_what_was_sent(client_for, advocate, api_case):
    response = client_for(advocate).patch(
        f"/api/v1/cases/{api_case.pk}",
        {"version": api_case.version, "preferred_name": "Ro Testcase", "gender_identity": "woman"},
        content_type=JSON,
    )
    assert response.status_code == 200, response.json()
    api_case.refresh_from_db()
    assert api_case.preferred_name == "Ro Testcase"
    assert api_case.legal_name == "Rowan Legal-Testcase"
    assert api_case.gender_identity == "woman"
    assert response.json()["version"] == 2


def test_patch_with_a_stale_version_gets_409_with_the_current_one(
    client_for, advocate, clinician, api_case
):
    first = client_for(clinician).patch(
        f"/api/v1/cases/{api_case.pk}",
        {"version": 1, "other_names": "Ro"},
        content_type=JSON,
    )
    assert first.status_code == 200
    second = client_for(advocate).patch(
        f"/api/v1/cases/{api_case.pk}",
        {"version": 1, "other_names": "Rowie"},
        content_type=JSON,
    )
    assert second.status_code == 409
    body = second.json()
    assert body["error"]["code"] == "conflict"
    assert body["current"]["version"] == 2
    assert body["current"]["other_names"] == "Ro"
    api_case.refresh_from_db()
    assert api_case.other_names == "Ro"


def test_lead_advocate_closes_with_a_reason(client_for, advocate, api_case):
    response = client_for(advocate).post(
        f"/api/v1/cases/{api_case.pk}/close", {"reason": "goals_met"}, content_type=JSON
    )
    assert response.status_code == 200
    assert response.json()["status"] == "closed"


def test_schema_documents_the_case_api_without_warnings(client_for, advocate):
    from django.core.management import call_command

    call_command("spectacular", "--fail-on-warn", "--file", "/dev/null")
    schema = client_for(advocate).get("/api/schema/").content.decode()
    for route in ("/api/v1/cases/search", "/api/v1/cases/{case_id}/notes/{note_id}/sign"):
        assert route in schema
