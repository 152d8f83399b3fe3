"""Every answer that shows survivors' names or flags in a list is audited: one event per answer,
naming the cases it showed, so "who has seen this record" can say "saw in a list"."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from audit.selectors import record_viewers
from cases import services
from cases.choices import ReminderKind, SafetyFlag
from reminders.models import Reminder
from tests.conftest import open_case

CASELOAD = reverse("cases:caseload")
JSON = "application/json"
FRAGMENT = {"HX-Request": "true"}


def listed(actor=None):
    events = AuditEvent.objects.filter(action=AuditAction.LIST_VIEW)
    return events.filter(actor=actor) if actor else events


def ids(*cases):
    return sorted(str(case.pk) for case in cases)


def audit_statements() -> int:
    """What one audit event costs: one statement on PostgreSQL; on SQLite the lane head is
    locked, the event inserted and the head moved (audit.chain.chain_append)."""
    return 1 if connection.vendor == "postgresql" else 3


def test_the_caseload_page_is_one_event_naming_the_cases_shown(advocate, program, client_for):
    shown = [open_case(advocate, program, f"Listed {number}") for number in range(3)]
    client_for(advocate).get(CASELOAD)

    event = listed(advocate).get()
    assert event.fields == ids(*shown) and event.reason == "caseload"
    assert event.target_type == "cases.case"
    assert "Listed" not in str(event.fields) + event.reason


def test_the_flag_filter_names_only_the_flagged_cases(advocate, program, client_for):
    flagged = open_case(advocate, program, "Flagged")
    open_case(advocate, program, "Unflagged")
    services.safety_update(
        actor=advocate, case=flagged, flags=[SafetyFlag.PROTECTIVE_ORDER], plan=""
    )
    client_for(advocate).get(CASELOAD, {"flag": SafetyFlag.PROTECTIVE_ORDER})

    event = listed(advocate).get()
    assert event.fields == ids(flagged) and event.reason == "caseload: flag filter"


def test_an_exact_name_search_on_the_page_is_audited(advocate, program, client_for):
    rosa = open_case(advocate, program, "Rosa Mine")
    open_case(advocate, program, "Other Person")
    client_for(advocate).post(CASELOAD, {"name": "Rosa Mine"}, headers=FRAGMENT)

    event = listed(advocate).get()
    assert event.fields == ids(rosa) and event.reason == "search"


def test_a_search_that_shows_nobody_writes_nothing(advocate, program, client_for):
    open_case(advocate, program, "Rosa Mine")
    client_for(advocate).post(CASELOAD, {"name": "Nobody Here"}, headers=FRAGMENT)
    assert not listed().exists()


def test_the_api_caseload_and_search_are_audited(advocate, api_program, client_for):
    rosa = open_case(advocate, api_program, "Rosa Api")
    other = open_case(advocate, api_program, "Other Api")
    client = client_for(advocate)

    client.get("/api/v1/cases")
    client.post("/api/v1/cases/search", {"name": "Rosa Api"}, content_type=JSON)

    caseload, search = listed(advocate).order_by("id")
    assert (caseload.reason, caseload.fields) == ("caseload", ids(rosa, other))
    assert (search.reason, search.fields) == ("search", ids(rosa))


def test_the_api_flag_filter_is_audited(advocate, api_program, client_for):
    flagged = open_case(advocate, api_program, "Flagged Api")
    services.safety_update(
        actor=advocate, case=flagged, flags=[SafetyFlag.THREATS_TO_FAMILY], plan=""
    )
    client_for(advocate).get("/api/v1/cases", {"flag": SafetyFlag.THREATS_TO_FAMILY})
    event = listed(advocate).get()
    assert (event.reason, event.fields) == ("caseload: flag filter", ids(flagged))


def test_reminders_on_the_home_page_are_audited(advocate, program, client_for):
    cases = [open_case(advocate, program, f"Reminded Person {number}") for number in range(2)]
    for case in cases:
        Reminder.objects.create(
            case=case, assignee=advocate, kind=ReminderKind.FOLLOW_UP, due_on=timezone.localdate()
        )
    page = client_for(advocate).get(reverse("home")).content.decode()

    assert "Reminded Person 1" in page
    event = listed(advocate).get()
    assert (event.reason, event.fields) == ("reminders", ids(*cases))


def test_the_api_team_list_is_a_view_of_the_case(advocate, api_program, client_for):
    case = open_case(advocate, api_program, "Team Person")
    assert client_for(advocate).get(f"/api/v1/cases/{case.pk}/team").status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, actor=advocate, target_id=case.pk
    ).exists()


def test_record_viewers_says_who_saw_the_case_in_a_list(
    advocate, clinician, program, client_for, supervisor
):
    case = open_case(advocate, program, "Seen Person")
    services.team_member_add(actor=advocate, case=case, user=clinician, team_role="clinician")
    client = client_for(clinician)
    client.get(CASELOAD)
    client.get(CASELOAD)
    first, last = listed(clinician).order_by("id")

    viewers = record_viewers(actor=supervisor, target_type="cases.case", target_id=case.pk)

    [carmen] = [viewer for viewer in viewers if viewer.user_id == clinician.pk]
    assert (carmen.listings, carmen.views) == (2, 0)
    assert (carmen.first_listed, carmen.last_listed) == (first.occurred_at, last.occurred_at)
    assert carmen.first_viewed is None


def test_record_viewers_ignores_lists_that_did_not_show_the_case(
    advocate, program, client_for, supervisor, make_user
):
    case = open_case(advocate, program, "Seen Person")
    other_lead = make_user("advocate")
    open_case(other_lead, program, "Someone Else")
    client_for(other_lead).get(CASELOAD)
    assert listed(other_lead).exists()
    viewers = record_viewers(actor=supervisor, target_type="cases.case", target_id=case.pk)
    assert other_lead.pk not in {viewer.user_id for viewer in viewers}


@pytest.mark.parametrize("cases", [3, 40])
def test_the_caseload_page_costs_one_audit_event_whatever_its_length(
    advocate, program, client_for, django_assert_num_queries, cases
):
    for number in range(cases):
        open_case(advocate, program, f"Survivor {number}")
    client = client_for(advocate)
    client.get(CASELOAD)  # the session warms up once
    # Before lists were audited the page took 7 queries (the session, the user with its role,
    # its second factor, the page of cases with their data keys and total, the session's
    # save); the audit event adds only its own statements, not one per row.
    with django_assert_num_queries(7 + audit_statements()):
        response = client.get(CASELOAD)
    assert response.status_code == 200
    assert len(listed(advocate).last().fields) == min(cases, 25)


def test_the_api_caseload_costs_one_audit_event(advocate, api_program, client_for):
    for number in range(30):
        open_case(advocate, api_program, f"Api Survivor {number}")
    client = client_for(advocate)
    client.get("/api/v1/cases")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/cases?page_size=100").status_code == 200
    assert len(queries) == 8 + audit_statements()


def test_the_case_page_shows_saw_in_a_list(advocate, clinician, program, client_for):
    case = open_case(advocate, program, "Seen Person")
    services.team_member_add(actor=advocate, case=case, user=clinician, team_role="clinician")
    client_for(clinician).get(CASELOAD)
    client_for(clinician).get(CASELOAD)

    page = client_for(advocate).get(reverse("cases:viewers", kwargs={"case_id": case.pk}))

    body = page.content.decode()
    assert "Saw in a list" in body and "Carmen Clinician" in body and "2 times" in body
