"""Cross-team attempts through the API: ids, child ids, filters and search all look missing."""

import datetime
import uuid

import pytest
from django.utils import timezone

from cases import services
from cases.models import CaseNote, Goal, TeamMembership
from organization.models import Program

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def ours(advocate):
    program = Program.objects.create(name="Our program")
    return services.case_open(
        actor=advocate, program=program, identity=services.Identity(preferred_name="Our Testcase")
    )


@pytest.fixture
def theirs(make_user):
    """Another team's case, in another program, with a note and a goal."""
    lead = make_user("advocate")
    program = Program.objects.create(name="Their program")
    case = services.case_open(
        actor=lead,
        program=program,
        identity=services.Identity(preferred_name="Hidden Testcase", phone="+1 202 555 0101"),
    )
    services.note_create(
        actor=lead,
        case=case,
        kind="contact",
        body="Their private note",
        contact_at=timezone.now() - datetime.timedelta(hours=1),
        method="phone",
    )
    services.goal_create(actor=lead, case=case, domain="legal", own_words="I want a lawyer")
    return case


def test_another_teams_case_is_missing_whatever_the_method(client_for, advocate, ours, theirs):
    client = client_for(advocate)
    base = f"/api/v1/cases/{theirs.pk}"
    gets = [base, f"{base}/notes", f"{base}/team", f"{base}/goals", f"{base}/check-ins"]
    gets.append(f"{base}/services")
    for url in gets:
        assert client.get(url).status_code == 404, url
    writes = [
        ("patch", base, {"version": 1, "preferred_name": "Taken"}),
        ("post", f"{base}/close", {"reason": "other"}),
        ("post", f"{base}/notes", {"kind": "contact", "body": "x", "method": "phone"}),
        ("post", f"{base}/goals", {"domain": "legal", "own_words": "x"}),
        ("post", f"{base}/check-ins", {"ratings": {"stability": 1}}),
        ("post", f"{base}/services", {"category": "legal"}),
    ]
    for method, url, data in writes:
        response = getattr(client, method)(url, data, content_type=JSON)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found"
    assert CaseNote.objects.filter(case=theirs).count() == 1
    theirs.refresh_from_db()
    assert theirs.preferred_name == "Hidden Testcase"
    assert theirs.status == "active"


def test_a_missing_case_and_a_hidden_one_answer_alike(client_for, advocate, theirs):
    client = client_for(advocate)
    hidden = client.get(f"/api/v1/cases/{theirs.pk}")
    missing = client.get(f"/api/v1/cases/{uuid.uuid4()}")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_child_ids_of_another_case_under_our_url_are_missing(client_for, advocate, ours, theirs):
    client = client_for(advocate)
    note = CaseNote.objects.get(case=theirs)
    goal = Goal.objects.get(case=theirs)
    membership = TeamMembership.objects.get(case=theirs)
    base = f"/api/v1/cases/{ours.pk}"
    assert client.get(f"{base}/notes/{note.pk}").status_code == 404
    assert (
        client.patch(
            f"{base}/notes/{note.pk}", {"version": 1, "body": "Overwritten"}, content_type=JSON
        ).status_code
        == 404
    )
    assert (
        client.post(f"{base}/notes/{note.pk}/sign", {"version": 1}, content_type=JSON).status_code
        == 404
    )
    assert (
        client.post(f"{base}/notes/{note.pk}/addenda", {"body": "x"}, content_type=JSON).status_code
        == 404
    )
    assert (
        client.patch(
            f"{base}/goals/{goal.pk}", {"status": "achieved"}, content_type=JSON
        ).status_code
        == 404
    )
    note.refresh_from_db()
    goal.refresh_from_db()
    assert (note.body, note.signed_at, note.version) == ("Their private note", None, 1)
    assert goal.status == "not_started"
    assert membership.until is None


def test_supervisor_cannot_end_another_cases_membership_through_their_case(
    client_for, supervisor, ours, theirs
):
    ours.program.supervisors.add(supervisor)
    membership = TeamMembership.objects.get(case=theirs)
    response = client_for(supervisor).post(f"/api/v1/cases/{ours.pk}/team/{membership.pk}/end")
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.until is None


def test_filters_never_widen_the_caseload(client_for, advocate, ours, theirs):
    client = client_for(advocate)
    for query in ("", "?mine=true", "?status=active", "?status=closed", "?page_size=100"):
        ids = {row["id"] for row in client.get(f"/api/v1/cases{query}").json()["results"]}
        assert str(theirs.pk) not in ids, query


def test_search_does_not_find_another_teams_case(client_for, advocate, ours, theirs):
    client = client_for(advocate)
    for body in ({"name": "Hidden Testcase"}, {"phone": "2025550101"}):
        response = client.post("/api/v1/cases/search", body, content_type=JSON)
        assert response.status_code == 200
        assert response.json()["count"] == 0


def test_team_cannot_be_extended_to_reach_another_case(client_for, make_user, theirs):
    """Adding oneself needs the team right; an outsider cannot even see the case."""
    intruder = make_user("supervisor")
    response = client_for(intruder).post(
        f"/api/v1/cases/{theirs.pk}/team",
        {"user": str(intruder.pk), "team_role": "supervisor"},
        content_type=JSON,
    )
    assert response.status_code == 404
    assert not TeamMembership.objects.filter(user=intruder).exists()
