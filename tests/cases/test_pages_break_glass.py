"""Break-glass: a supervisor opens a case outside their program with a reason, for a while only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import get_perms

from cases import services, tasks
from cases.choices import ReminderKind
from cases.models import BreakGlassGrant, Case
from organization.models import Program
from reminders.models import Reminder

BREAK_GLASS = reverse("cases:break-glass")
REVIEW = reverse("cases:break-glass-review")


@pytest.fixture
def program(db):
    return Program.objects.create(name="Their program")


@pytest.fixture
def case(advocate, program):
    return services.case_open(
        actor=advocate, program=program, identity=services.Identity(preferred_name="Noor")
    )


@pytest.fixture
def elsewhere(make_user):
    """A supervisor of another program."""
    supervisor = make_user("supervisor", full_name="Elif Elsewhere")
    Program.objects.create(name="Other program").supervisors.add(supervisor)
    return supervisor


def detail(case):
    return reverse("cases:detail", kwargs={"case_id": case.pk})


def test_supervisor_opens_a_case_through_break_glass_and_sees_the_notice(
    elsewhere, case, client_for
):
    client = client_for(elsewhere)
    assert client.get(detail(case)).status_code == 404

    response = client.post(
        BREAK_GLASS, {"number": case.number.lower(), "reason": "Police called about her safety"}
    )

    assert response.status_code == 302 and response["Location"] == detail(case)
    page = client.get(detail(case))
    assert page.status_code == 200
    grant = BreakGlassGrant.objects.get()
    until = timezone.localtime(grant.expires_at).strftime("%H:%M")
    assert f"You are here through break-glass until {until}" in page.content.decode()


def test_unknown_case_number_gets_a_clear_message(elsewhere, client_for):
    response = client_for(elsewhere).post(
        BREAK_GLASS, {"number": "AL-1999-99999", "reason": "Police called about her safety"}
    )
    assert response.status_code == 400
    assert "No case has this number" in response.content.decode()
    assert not BreakGlassGrant.objects.exists()


def test_a_short_reason_is_refused(elsewhere, case, client_for):
    response = client_for(elsewhere).post(BREAK_GLASS, {"number": case.number, "reason": "urgent"})
    assert response.status_code == 400
    assert "Give a reason a reviewer will understand." in response.content.decode()
    assert not BreakGlassGrant.objects.exists()


@pytest.mark.parametrize("role", ["advocate", "clinician", "administrator", "auditor", "partner"])
def test_only_supervisors_reach_break_glass(make_user, client_for, case, role):
    client = client_for(make_user(role))
    assert client.get(BREAK_GLASS).status_code == 403
    assert client.post(BREAK_GLASS, {"number": case.number, "reason": "x" * 20}).status_code == 403
    assert client.get(REVIEW).status_code == 403


def test_an_expired_grant_is_404_again_and_the_task_removes_the_permission(
    elsewhere, case, client_for
):
    grant = services.break_glass_open(actor=elsewhere, case=case, reason="Hospital called at 2am")
    client = client_for(elsewhere)
    assert client.get(detail(case)).status_code == 200

    BreakGlassGrant.objects.filter(pk=grant.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert client.get(detail(case)).status_code == 404
    assert "view_case" in get_perms(elsewhere, case)

    assert tasks.break_glass_expire.apply().get() == 1
    assert "view_case" not in get_perms(elsewhere, case)


def test_the_grant_appears_for_review_by_another_supervisor_of_the_program(
    elsewhere, supervisor, program, case, client_for
):
    program.supervisors.add(supervisor)
    grant = services.break_glass_open(actor=elsewhere, case=case, reason="Hospital called at 2am")
    client = client_for(supervisor)

    listed = client.get(REVIEW).content.decode()
    assert "Elif Elsewhere" in listed and case.number in listed
    assert "Hospital called at 2am" in listed

    reviewed = client.post(reverse("cases:break-glass-reviewed", kwargs={"grant_id": grant.pk}))
    assert reviewed.status_code == 302
    grant.refresh_from_db()
    assert grant.reviewed_by == supervisor
    assert "Hospital called at 2am" not in client.get(REVIEW).content.decode()


def test_a_supervisor_cannot_review_their_own_or_another_programs_grant(
    elsewhere, make_user, case, client_for
):
    grant = services.break_glass_open(actor=elsewhere, case=case, reason="Hospital called at 2am")
    own = client_for(elsewhere).post(
        reverse("cases:break-glass-reviewed", kwargs={"grant_id": grant.pk})
    )
    assert own.status_code == 404
    assert BreakGlassGrant.objects.get().reviewed_at is None


def test_a_supervisor_already_entitled_is_sent_straight_to_the_case(
    supervisor, program, case, client_for
):
    program.supervisors.add(supervisor)
    response = client_for(supervisor).post(
        BREAK_GLASS, {"number": case.number, "reason": "Checking on the case tonight"}
    )
    assert response.status_code == 302
    assert not BreakGlassGrant.objects.exists()


def test_quiet_cases_task_reminds_the_lead_advocate_and_closes_nothing(
    advocate, case, settings, client_for
):
    Case.objects.filter(pk=case.pk).update(
        opened_at=timezone.now() - datetime.timedelta(days=settings.QUIET_CASE_DAYS + 1)
    )

    assert tasks.quiet_cases_remind.apply().get() == 1
    assert tasks.quiet_cases_remind.apply().get() == 0  # one open reminder per case

    reminder = Reminder.objects.get()
    assert reminder.assignee == advocate and reminder.kind == ReminderKind.QUIET_CASE
    case.refresh_from_db()
    assert case.status == "active"
    home = client_for(advocate).get(reverse("home")).content.decode()
    assert "Your reminders" in home and case.number in home


def test_beat_schedules_both_tasks_without_arguments(settings):
    scheduled = {entry["task"]: entry for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"cases.break_glass_expire", "cases.quiet_cases_remind"} <= set(scheduled)
    assert all(not entry.get("args") for entry in scheduled.values())


def test_the_break_glass_notice_is_on_every_page_of_the_case(elsewhere, case, client_for):
    services.break_glass_open(actor=elsewhere, case=case, reason="Hospital called at 2am")
    client = client_for(elsewhere)
    for name in ("detail", "check-ins"):
        page = client.get(reverse(f"cases:{name}", kwargs={"case_id": case.pk}))
        assert page.status_code == 200, name
        assert "You are here through break-glass until" in page.content.decode(), name


def test_break_glass_opens_for_reading_only(elsewhere, case, client_for):
    """A supervisor in through break-glass cannot add themselves to the team (and so keep
    access after the grant ends), close the case, or change it."""
    services.break_glass_open(actor=elsewhere, case=case, reason="Hospital called at 2am")
    client = client_for(elsewhere)
    kwargs = {"case_id": case.pk}
    assert client.get(reverse("cases:detail", kwargs=kwargs)).status_code == 200
    for name in ("team", "close", "safety", "edit"):
        response = client.post(reverse(f"cases:{name}", kwargs=kwargs), {"user": elsewhere.pk})
        assert response.status_code == 403, name
    assert not case.team.filter(user=elsewhere).exists()


def test_the_typed_reason_is_what_the_review_list_shows_and_the_event_names_its_grant(
    elsewhere, supervisor, program, case, client_for
):
    from audit.models import AuditAction, AuditEvent

    program.supervisors.add(supervisor)
    typed = "Shelter called: she asked for her advocate's number"
    opened = client_for(elsewhere).post(BREAK_GLASS, {"number": case.number, "reason": typed})
    assert opened.status_code == 302
    grant = BreakGlassGrant.objects.get()
    assert grant.reason == typed
    listed = client_for(supervisor).get(REVIEW).content.decode()
    assert "Shelter called: she asked for her advocate&#x27;s number" in listed
    event = AuditEvent.objects.get(action=AuditAction.BREAK_GLASS)
    # Field names, never values: the event leads to the grant, not to a copy of its words.
    assert str(grant.pk) in event.reason and typed not in event.reason
    review = reverse("cases:break-glass-reviewed", kwargs={"grant_id": grant.pk})
    client_for(supervisor).post(review)
    reviewed = AuditEvent.objects.get(fields=["break_glass_review"])
    assert str(grant.pk) in reviewed.reason
