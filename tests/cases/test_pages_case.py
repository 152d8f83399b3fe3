"""The case page and its forms: banner, safe contact, viewers, identity conflicts, status, team."""

import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from cases import services
from cases.choices import CaseStatus, SafetyFlag, TeamRole
from cases.models import Case, MandatedReport, TeamMembership
from organization.models import Program


@pytest.fixture
def program(db):
    return Program.objects.create(name="Case page program")


@pytest.fixture
def case(advocate, clinician, program):
    case = services.case_open(
        actor=advocate,
        program=program,
        identity=services.Identity(preferred_name="Lena", legal_name="Lena Moreau"),
    )
    services.team_member_add(
        actor=advocate, case=case, user=clinician, team_role=TeamRole.CLINICIAN
    )
    return case


@pytest.fixture
def other_case(make_user, program):
    return services.case_open(
        actor=make_user("advocate"),
        program=program,
        identity=services.Identity(preferred_name="Someone Else"),
    )


def url(name, case, **kwargs):
    return reverse(f"cases:{name}", kwargs={"case_id": case.pk, **kwargs})


def test_case_page_shows_banner_safe_contact_team_and_is_audited(advocate, case, client_for):
    services.safety_update(
        actor=advocate, case=case, flags=[SafetyFlag.DO_NOT_DISCLOSE_LOCATION], plan="Shelter"
    )
    services.safe_contact_update(actor=advocate, case=case, calls_ok=False, codeword="blue kite")

    response = client_for(advocate).get(url("detail", case))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Do not disclose location" in body
    assert "blue kite" in body and "No calls" in body
    assert "Show legal name" in body
    assert "Who has seen this record" in body
    assert f'hx-get="{url("viewers", case)}" hx-trigger="load"' in body
    assert "Show legal name" in body and "Log a note" in body and "Timeline" in body
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, target_type="cases.case", target_id=case.pk, actor=advocate
    ).exists()


def test_another_teams_case_id_in_the_url_is_404_everywhere(advocate, other_case, client_for):
    client = client_for(advocate)
    for name in ("detail", "edit", "close", "safety", "safe-contact", "team"):
        assert client.get(url(name, other_case)).status_code == 404, name
    for name in ("status", "reopen"):
        assert client.post(url(name, other_case)).status_code == 404, name


def test_team_end_with_a_membership_of_another_case_is_404(
    supervisor, program, case, other_case, client_for
):
    program.supervisors.add(supervisor)
    foreign = other_case.team.get()

    response = client_for(supervisor).post(url("team-end", case, membership_id=foreign.pk))

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.until is None


def test_identity_edit_saves_with_the_current_version(advocate, case, client_for):
    data = {"version": case.version, "preferred_name": "Lena M", "legal_name": "Lena Moreau"}
    response = client_for(advocate).post(url("edit", case), data)

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.preferred_name == "Lena M"


def test_a_stale_identity_save_is_refused_with_both_versions_shown(
    advocate, clinician, case, client_for
):
    stale = case.version
    client_for(clinician).post(
        url("edit", case), {"version": stale, "preferred_name": "Lena (by clinician)"}
    )

    response = client_for(advocate).post(
        url("edit", case), {"version": stale, "preferred_name": "Lena (by advocate)"}
    )

    body = response.content.decode()
    assert response.status_code == 409
    assert "Lena (by clinician)" in body and "Lena (by advocate)" in body
    assert "Nothing was overwritten" in body
    case.refresh_from_db()
    assert case.preferred_name == "Lena (by clinician)"


def test_identity_edit_bad_input_writes_nothing(advocate, case, client_for):
    response = client_for(advocate).post(
        url("edit", case),
        {"version": case.version, "preferred_name": "Lena", "date_of_birth": "2999-01-01"},
    )

    assert response.status_code == 400
    assert "after the intake date" in response.content.decode()
    case.refresh_from_db()
    assert case.date_of_birth is None and case.version == 1


def test_closing_needs_a_reason_and_reopening_keeps_history(advocate, case, client_for):
    client = client_for(advocate)

    refused = client.post(url("close", case), {"reason": ""})
    assert refused.status_code == 400
    assert "Say why the case is closing." in refused.content.decode()
    unknown = client.post(url("close", case), {"reason": "non_compliant"})
    assert unknown.status_code == 400
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE

    assert client.post(url("close", case), {"reason": "moved"}).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.close_reason == "moved"

    assert client.post(url("reopen", case)).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE
    assert case.team.count() == 2


def test_clinician_on_the_team_cannot_close(clinician, case, client_for):
    assert client_for(clinician).post(url("close", case), {"reason": "moved"}).status_code == 403


def test_status_refuses_closed_without_a_reason(advocate, case, client_for):
    client_for(advocate).post(url("status", case), {"status": CaseStatus.CLOSED})
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE


def test_supervisor_adds_and_ends_team_members_with_restricted_choices(
    supervisor, make_user, program, case, client_for
):
    program.supervisors.add(supervisor)
    newcomer = make_user("advocate", full_name="Nia Newcomer")
    partner = make_user("partner", full_name="Pat Partner")
    client = client_for(supervisor)

    page = client.get(url("team", case)).content.decode()
    assert "Nia Newcomer" in page and "Pat Partner" not in page

    added = client.post(url("team", case), {"user": newcomer.pk, "team_role": TeamRole.ADVOCATE})
    assert added.status_code == 302
    membership = TeamMembership.objects.get(case=case, user=newcomer)

    not_offered = client.post(url("team", case), {"user": partner.pk, "team_role": "other"})
    assert not_offered.status_code == 400

    assert client.post(url("team-end", case, membership_id=membership.pk)).status_code == 302
    membership.refresh_from_db()
    assert membership.until is not None


def test_a_duplicate_team_membership_gets_a_clear_message(
    supervisor, advocate, program, case, client_for
):
    program.supervisors.add(supervisor)
    lead_again = client_for(supervisor).post(
        url("team", case), {"user": advocate.pk, "team_role": TeamRole.ADVOCATE}
    )
    # The lead advocate is not even offered: the choice is restricted to people not on the team.
    assert lead_again.status_code == 400
    newcomer_role = client_for(supervisor).post(
        url("team", case), {"user": "", "team_role": "captain"}
    )
    assert "Choose one of the listed team roles." in newcomer_role.content.decode()
    assert TeamMembership.objects.filter(case=case).count() == 2


def test_team_member_add_service_message_for_a_duplicate(supervisor, advocate, case):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="already on the team"):
        services.team_member_add(
            actor=supervisor, case=case, user=advocate, team_role=TeamRole.ADVOCATE
        )


def test_team_page_is_403_for_the_team_and_404_for_outsiders(
    advocate, clinician, make_user, case, client_for
):
    assert client_for(advocate).get(url("team", case)).status_code == 403
    assert client_for(clinician).get(url("team", case)).status_code == 403
    assert client_for(make_user("advocate")).get(url("team", case)).status_code == 404


def test_safety_flags_and_unknown_flag(advocate, case, client_for):
    client = client_for(advocate)
    bad = client.post(url("safety", case), {"flags": ["secret_flag"], "plan": ""})
    assert bad.status_code == 400
    case.refresh_from_db()
    assert case.safety_flags == []

    ok = client.post(url("safety", case), {"flags": [SafetyFlag.MONITORED_PHONE], "plan": "x"})
    assert ok.status_code == 302
    page = client.get(url("detail", case)).content.decode()
    assert "Phone may be monitored" in page


def test_safe_contact_bad_input_writes_nothing(advocate, case, client_for):
    response = client_for(advocate).post(
        url("safe-contact", case), {"voicemail": "shout", "codeword": "x" * 101}
    )
    assert response.status_code == 400
    case.safe_contact.refresh_from_db()
    assert not case.safe_contact.codeword


def test_mandated_report_checklist_until_completed(advocate, case, client_for):
    MandatedReport.objects.create(case=case)
    Case.objects.filter(pk=case.pk).update(minor_at_intake=True)
    client = client_for(advocate)
    assert "not complete yet" in client.get(url("detail", case)).content.decode()

    future = client.post(
        url("mandated-report", case),
        {"report_made_to": "CPS hotline", "reported_at": "2999-01-01T10:00"},
    )
    assert future.status_code == 400

    done = client.post(
        url("mandated-report", case),
        {
            "report_made_to": "CPS hotline",
            "reported_at": "2024-01-01T10:00",
            "reference": "R-1",
            "survivor_informed": "on",
        },
    )
    assert done.status_code == 302
    assert "checklist completed" in client.get(url("detail", case)).content.decode()


def test_an_adults_case_has_no_mandated_report_page(advocate, case, client_for):
    assert client_for(advocate).get(url("mandated-report", case)).status_code == 404


def test_who_has_seen_the_record_loads_after_the_page(advocate, clinician, case, client_for):
    client_for(clinician).get(url("detail", case))
    client = client_for(advocate)
    client.get(url("detail", case))

    fragment = client.get(url("viewers", case), headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "HX-Request" in fragment["Vary"]
    body = fragment.content.decode()
    assert "<html" not in body
    assert advocate.full_name in body and clinician.full_name in body


def test_who_has_seen_the_record_is_a_page_of_its_own_without_javascript(
    advocate, case, client_for
):
    client = client_for(advocate)
    client.get(url("detail", case))
    response = client.get(url("viewers", case))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" in body and "Who has seen this record" in body
    assert "Safe contact" in body  # every page of a case keeps the safe-contact block
    assert body.count(advocate.full_name) >= 2  # the header and the table


def test_an_outsider_gets_404_for_who_has_seen_the_record(outsider, case, client_for):
    response = client_for(outsider).get(url("viewers", case), headers={"HX-Request": "true"})
    assert response.status_code == 404
