"""The access policy's edges: removal takes effect at once; account roles bound team places."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from cases import services
from cases.access import CaseAction, active_membership, allowed, case_for, cases_visible_to
from cases.choices import CaseStatus, TeamRole
from cases.models import TeamMembership
from tests.conftest import open_case

pytestmark = pytest.mark.django_db


def test_someone_removed_from_the_team_loses_access_at_once(
    program, advocate, clinician, supervisor, client_for
):
    program.supervisors.add(supervisor)
    case = open_case(advocate, program)
    membership = services.team_member_add(
        actor=supervisor, case=case, user=clinician, team_role=TeamRole.CLINICIAN
    )
    client = client_for(clinician)
    detail = reverse("cases:detail", kwargs={"case_id": case.pk})
    assert client.get(detail).status_code == 200

    services.team_member_end(actor=supervisor, membership=membership)
    assert client.get(detail).status_code == 404
    assert case not in cases_visible_to(clinician)

    # ... and can be added back the same day.
    services.team_member_add(
        actor=supervisor, case=case, user=clinician, team_role=TeamRole.CLINICIAN
    )
    assert client.get(detail).status_code == 200


def test_a_lead_advocate_who_became_an_administrator_cannot_close(
    program, advocate, administrator, client_for
):
    case = open_case(advocate, program)
    account_services.user_update(
        actor=administrator,
        user=advocate,
        email=advocate.email,
        full_name=advocate.full_name,
        role="administrator",
    )
    advocate.refresh_from_db()
    assert not allowed(advocate, case, CaseAction.CLOSE)
    response = client_for(advocate).post(
        reverse("cases:close", kwargs={"case_id": case.pk}), {"reason": "goals_met"}
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE


def test_a_duplicate_check_that_counts_hidden_cases_is_audited_as_a_disclosure(
    program, advocate, make_user, settings
):
    settings.DUPLICATE_COUNT_ACROSS_PROGRAMS = True
    import datetime

    from audit.models import AuditAction, AuditEvent
    from cases import selectors

    other_advocate = make_user("advocate")
    services.case_open(
        actor=other_advocate,
        program=program,
        identity=services.Identity(
            preferred_name="Ines Hidden", date_of_birth=datetime.date(1990, 5, 6)
        ),
    )
    warning = selectors.likely_duplicates(
        actor=advocate, name="ines hidden", date_of_birth=datetime.date(1990, 5, 6)
    )
    assert warning.hidden_count == 1 and not warning.visible
    event = AuditEvent.objects.get(action=AuditAction.DISCLOSURE, actor=advocate)
    assert event.fields == ["date_of_birth", "name"]
    assert "Ines" not in event.reason


def test_grants_in_a_program_without_supervisors_go_to_the_administrators(advocate, make_user):
    from cases import selectors
    from organization.models import Program

    lonely = Program.objects.create(name="No supervisors here")
    case = open_case(advocate, lonely)
    opener = make_user("supervisor")
    other_supervisor = make_user("supervisor")
    grant = services.break_glass_open(
        actor=opener, case=case, reason="Police asked for a welfare check"
    )
    assert list(selectors.break_glass_for_review(actor=other_supervisor)) == []
    assert list(selectors.break_glass_for_review(actor=opener)) == []
    administrator = make_user("administrator")
    assert list(selectors.break_glass_unsupervised(actor=administrator)) == [grant]


@pytest.mark.parametrize("page", ["edit", "safety", "safe-contact", "team", "stage", "check-ins"])
def test_reading_any_page_of_a_case_is_audited(program, advocate, supervisor, client_for, page):
    from audit.models import AuditAction, AuditEvent

    program.supervisors.add(supervisor)
    case = open_case(advocate, program)
    before = AuditEvent.objects.filter(action=AuditAction.VIEW, target_id=case.pk).count()
    response = client_for(supervisor).get(reverse(f"cases:{page}", kwargs={"case_id": case.pk}))
    assert response.status_code == 200
    after = AuditEvent.objects.filter(action=AuditAction.VIEW, target_id=case.pk).count()
    assert after == before + 1


def test_the_api_note_list_records_a_view_of_each_note(api_case, advocate, client_for):
    from django.utils import timezone

    from audit.models import AuditAction, AuditEvent

    notes = [
        services.note_create(
            actor=advocate,
            case=api_case,
            kind="contact",
            body=f"Talked about week {week}.",
            contact_at=timezone.now(),
            method="phone",
        )
        for week in range(3)
    ]
    response = client_for(advocate).get(f"/api/v1/cases/{api_case.pk}/notes")
    assert response.status_code == 200
    viewed = set(
        AuditEvent.objects.filter(
            action=AuditAction.VIEW, target_type="cases.casenote"
        ).values_list("target_id", flat=True)
    )
    assert viewed == {note.pk for note in notes}


def test_the_sql_policy_and_active_membership_agree_on_every_kind_of_team_place(
    program, advocate, clinician, make_user
):
    """``cases_visible_to`` and ``allowed`` run the membership rule as SQL text; the
    memberships themselves are read through ``active_membership``. Places that start later,
    ended yesterday, end today, end tomorrow, or never end: both must give the same answer."""
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    lead = make_user("advocate")
    places = {
        "open": (today - day, None),
        "starts tomorrow": (today + day, None),
        "ended yesterday": (today - 3 * day, today - day),
        "ends today": (today - 3 * day, today),
        "ends tomorrow": (today - 3 * day, today + day),
    }
    cases = {}
    for name, (since, until) in places.items():
        cases[name] = open_case(lead, program, name=f"Survivor {name}")
        TeamMembership.objects.create(
            case=cases[name],
            user=advocate,
            team_role=TeamRole.ADVOCATE,
            since=since,
            until=until,
            added_by=lead,
        )
    by_rule = set(active_membership(advocate).values_list("case", flat=True))
    by_policy = set(cases_visible_to(advocate).values_list("pk", flat=True))
    assert by_policy == by_rule == {cases["open"].pk, cases["ends tomorrow"].pk}
    for name, case in cases.items():
        if case.pk in by_rule:
            seen = case_for(advocate, case.pk)
            assert allowed(advocate, seen, CaseAction.EDIT), name
    assert not cases_visible_to(clinician).filter(pk__in=by_rule).exists()


def test_the_policy_works_nested_in_other_queries(program, advocate, clinician, make_user):
    """The policy's SQL names the outer case through the ORM, so it follows Django's aliases
    when the scoped cases are a subquery of another query (a wrong name would fail here)."""
    lead = make_user("advocate")
    mine = open_case(advocate, program, name="Survivor Mine")
    theirs = open_case(lead, program, name="Survivor Theirs")
    on_my_cases = TeamMembership.objects.filter(case__in=cases_visible_to(advocate))
    assert set(on_my_cases.values_list("case", flat=True)) == {mine.pk}
    with_case_joined = on_my_cases.select_related("case").order_by("case__number")
    assert {membership.case for membership in with_case_joined} == {mine}
    assert not cases_visible_to(clinician).filter(pk=theirs.pk).exists()
