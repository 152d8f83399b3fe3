"""Contact, appointments, reminders, stage of change, goals, check-ins and services."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import selectors, services
from cases.choices import (
    AppointmentOutcome,
    CaseStatus,
    OutreachOutcome,
    RecoveryDomain,
    ReminderKind,
    Stage,
    TeamRole,
)
from cases.models import (
    Appointment,
    Case,
    Goal,
    GoalStep,
    OutreachAttempt,
    RecoveryCheckIn,
    ServiceRecord,
    StageEvent,
)
from reminders.models import Reminder

pytestmark = pytest.mark.django_db


def _url(name, case, **kwargs):
    return reverse(f"cases:{name}", kwargs={"case_id": case.pk, **kwargs})


def _now():
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def _today():
    return timezone.localdate().isoformat()


def _tomorrow():
    return (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


# Contact -----------------------------------------------------------------------------------------


def test_an_outreach_attempt_is_logged(case, advocate, client_for):
    response = client_for(advocate).post(
        _url("outreach", case),
        {"attempted_at": _now(), "method": "phone", "outcome": OutreachOutcome.NO_ANSWER},
    )
    assert response.status_code == 302
    attempt = OutreachAttempt.objects.get(case=case)
    assert attempt.outcome == OutreachOutcome.NO_ANSWER
    page = client_for(advocate).get(_url("outreach", case)).content.decode()
    assert "No answer" in page


def test_a_missed_appointment_is_recorded_and_changes_nothing_else(case, advocate, client_for):
    before = Case.objects.get(pk=case.pk)
    reminders_before = list(Reminder.objects.filter(case=case).values())
    response = client_for(advocate).post(
        _url("appointment", case),
        {"scheduled_for": _now(), "outcome": AppointmentOutcome.MISSED, "purpose": "Legal clinic"},
    )
    assert response.status_code == 302
    assert Appointment.objects.get(case=case).outcome == AppointmentOutcome.MISSED
    after = Case.objects.get(pk=case.pk)
    assert after.status == before.status == CaseStatus.ACTIVE
    assert after.version == before.version
    assert after.last_contact_at == before.last_contact_at
    assert after.closed_at is None and after.close_reason == ""
    assert list(Reminder.objects.filter(case=case).values()) == reminders_before
    assert not StageEvent.objects.filter(case=case).exists()


def test_reminders_show_on_the_case_page_and_can_be_marked_done(case, advocate, client_for):
    reminder = Reminder.objects.create(
        case=case, assignee=advocate, kind=ReminderKind.QUIET_CASE, due_on=timezone.localdate()
    )
    client = client_for(advocate)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    done_url = _url("reminder-done", case, reminder_id=reminder.pk)
    assert f'action="{done_url}"' in page
    assert client.post(done_url).status_code == 302
    reminder.refresh_from_db()
    assert reminder.done_at is not None


def test_a_reminder_of_another_case_is_404(case, other_case, advocate, client_for):
    theirs = Reminder.objects.create(
        case=other_case, assignee=advocate, kind=ReminderKind.FOLLOW_UP, due_on=timezone.localdate()
    )
    response = client_for(advocate).post(_url("reminder-done", case, reminder_id=theirs.pk))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.done_at is None


# Stage of change -------------------------------------------------------------------------------


def test_stage_history_and_a_recurrence_as_an_event(case, advocate, client_for):
    client = client_for(advocate)
    earlier = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    for data in (
        {"stage": Stage.CONTEMPLATION, "occurred_on": earlier},
        {"stage": Stage.ACTION, "occurred_on": _today()},
        {"stage": "", "is_recurrence": "on", "occurred_on": _today()},
    ):
        assert client.post(_url("stage", case), data).status_code == 302
    assert StageEvent.objects.filter(case=case).count() == 3
    page = client.get(_url("stage", case)).content.decode()
    assert "Contemplation" in page and "Action" in page
    assert "Recurrence, an event on the journey" in page
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Recurrence: an event on the journey" in detail
    # A recurrence is not a stage: the current stage stays Action; nothing closes.
    assert "<strong>Action</strong>" in detail
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ACTIVE


def test_a_stage_needs_a_stage_or_a_recurrence(case, advocate, client_for):
    response = client_for(advocate).post(_url("stage", case), {"occurred_on": _today()})
    assert response.status_code == 400
    assert "Choose a stage of change." in response.content.decode()
    assert not StageEvent.objects.exists()


# Goals -------------------------------------------------------------------------------------------


def test_a_goal_in_the_survivors_words_with_steps_and_status(case, advocate, client_for):
    client = client_for(advocate)
    response = client.post(
        _url("goal-create", case),
        {
            "domain": "housing",
            "own_words": "I want a place where my kids can sleep safe.",
            "steps": "Apply for the voucher\n\nVisit two flats\n",
        },
    )
    assert response.status_code == 302
    goal = Goal.objects.get(case=case)
    assert goal.own_words == "I want a place where my kids can sleep safe."
    assert [step.text for step in goal.steps.all()] == ["Apply for the voucher", "Visit two flats"]

    goal_url = _url("goal-edit", case, goal_id=goal.pk)
    assert (
        client.post(goal_url, {"own_words": goal.own_words, "status": "in_progress"}).status_code
        == 302
    )
    assert (
        client.post(
            _url("goal-step-add", case, goal_id=goal.pk), {"text": "Call the landlord"}
        ).status_code
        == 302
    )
    step = goal.steps.get(position=0)
    assert (
        client.post(
            _url("goal-step-done", case, goal_id=goal.pk, step_id=step.pk), {"done": "on"}
        ).status_code
        == 302
    )
    goal.refresh_from_db()
    step.refresh_from_db()
    assert goal.status == "in_progress" and step.done
    assert goal.steps.count() == 3
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "my kids can sleep safe" in page


def test_a_goal_of_another_case_is_404(case, other_case, advocate, client_for):
    theirs = services.goal_create(
        actor=other_case.created_by,
        case=other_case,
        domain="legal",
        own_words="T-visa",
        steps=["A"],
    )
    client = client_for(advocate)
    assert client.get(_url("goal-edit", case, goal_id=theirs.pk)).status_code == 404
    step = theirs.steps.get()
    url = _url("goal-step-done", case, goal_id=theirs.pk, step_id=step.pk)
    assert client.post(url, {"done": "on"}).status_code == 404
    assert not GoalStep.objects.get(pk=step.pk).done


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"domain": "astrology", "own_words": "x"}, "Choose one of the listed options."),
        ({"domain": "housing", "own_words": "  "}, "This field is required."),
        ({"domain": "housing", "own_words": "x" * 20_001}, "Keep this under 20000 characters"),
    ],
)
def test_bad_goal_input(case, advocate, client_for, data, message):
    response = client_for(advocate).post(_url("goal-create", case), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Goal.objects.exists()


# Recovery check-ins -------------------------------------------------------------------------


def test_the_check_in_form_groups_each_domain_in_a_fieldset(case, advocate, client_for):
    page = client_for(advocate).get(_url("check-in", case)).content.decode()
    assert page.count("<fieldset") == len(RecoveryDomain)
    for domain in RecoveryDomain:
        assert f"<legend>{domain.label}</legend>" in page
    assert page.count('type="radio"') == len(RecoveryDomain) * 6  # skip, then 1 to 5


def test_a_check_in_may_skip_a_domain(case, advocate, client_for):
    data = {"checked_on": _today(), "stability": "4", "self_worth": "2", "trusting": ""}
    assert client_for(advocate).post(_url("check-in", case), data).status_code == 302
    assert RecoveryCheckIn.objects.get(case=case).ratings == {"stability": 4, "self_worth": 2}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"stability": "0"}, "Rate from 1 to 5, or skip this one."),
        ({"stability": "6"}, "Rate from 1 to 5, or skip this one."),
        ({}, "Rate at least one area."),
        ({"stability": "3", "checked_on": "FUTURE"}, "This date is in the future."),
    ],
)
def test_bad_check_in_input(case, advocate, client_for, data, message):
    data = {"checked_on": _today(), **data}
    if data["checked_on"] == "FUTURE":
        data["checked_on"] = _tomorrow()
    response = client_for(advocate).post(_url("check-in", case), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RecoveryCheckIn.objects.exists()


def test_the_chart_draws_a_point_per_rating_with_the_same_data_as_a_table(
    case, advocate, clinician, client_for
):
    today = timezone.localdate()
    for days_ago, ratings in (
        (60, {"stability": 2, "trusting": 1}),
        (30, {"stability": 3}),
        (0, {"stability": 5, "trusting": 3}),
    ):
        services.check_in_record(
            actor=advocate,
            case=case,
            ratings=ratings,
            checked_on=today - datetime.timedelta(days=days_ago),
        )
    response = client_for(clinician).get(_url("check-ins", case))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="recovery-chart__point"') == 5
    assert page.count('role="img"') == len(RecoveryDomain)
    assert 'aria-labelledby="chart-stability-title chart-stability-desc"' in page
    assert '<title id="chart-stability-title">Stability</title>' in page
    # Stability is one unbroken line of three points; trusting skipped the middle check-in.
    stability = re.search(r'id="chart-stability-title".*?</svg>', page, re.S).group(0)
    assert stability.count("<polyline") == 1
    trusting = re.search(r'id="chart-trusting-title".*?</svg>', page, re.S).group(0)
    assert trusting.count("<polyline") == 0 and trusting.count("<circle") == 2
    table = page[page.index("<table") : page.index("</table>")]
    assert table.count("<tr>") == 4  # the header and one row per check-in
    assert "skipped" in table
    # Higher ratings sit higher on the chart (smaller y).
    ys = [float(y) for y in re.findall(r'cy="([\d.]+)"', stability)]
    assert ys[0] > ys[1] > ys[2]


def test_the_case_page_loads_the_latest_check_ins_chart_after_it(case, advocate, client_for):
    services.check_in_record(actor=advocate, case=case, ratings={"boundaries": 4})
    client = client_for(advocate)
    recent = reverse("cases:check-ins-recent", args=[case.pk])
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert f'hx-get="{recent}" hx-trigger="load"' in page
    assert f'href="{reverse("cases:check-ins", args=[case.pk])}"' in page  # without JavaScript

    fragment = client.get(recent, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "HX-Request" in fragment["Vary"]
    body = fragment.content.decode()
    assert "<html" not in body
    assert 'id="panel-chart-boundaries-title"' in body
    assert body.count('class="recovery-chart__point"') == 1


def test_the_recent_check_ins_address_without_javascript_goes_to_all_check_ins(
    case, advocate, client_for
):
    response = client_for(advocate).get(reverse("cases:check-ins-recent", args=[case.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:check-ins", args=[case.pk])


def test_an_outsider_gets_404_for_the_recent_check_ins(case, client_for, outsider):
    response = client_for(outsider).get(
        reverse("cases:check-ins-recent", args=[case.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 404


# Services ----------------------------------------------------------------------------------


def test_a_service_by_category_and_date(case, advocate, client_for):
    client = client_for(advocate)
    response = client.post(
        _url("service", case), {"category": "legal", "provided_on": _today(), "note": ""}
    )
    assert response.status_code == 302
    assert ServiceRecord.objects.get(case=case).category == "legal"
    assert "Legal services" in client.get(_url("service", case)).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"category": "magic", "provided_on": "TODAY"}, "Choose one of the listed options."),
        ({"category": "legal", "provided_on": "TOMORROW"}, "This date is in the future."),
    ],
)
def test_bad_service_input(case, advocate, client_for, data, message):
    data["provided_on"] = _today() if data["provided_on"] == "TODAY" else _tomorrow()
    response = client_for(advocate).post(_url("service", case), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ServiceRecord.objects.exists()


def test_an_auditor_on_the_team_cannot_record(case, advocate, auditor, client_for):
    services.team_member_add(actor=advocate, case=case, user=auditor, team_role=TeamRole.OTHER)
    services.service_record(actor=advocate, case=case, category="legal")
    client = client_for(auditor)
    assert client.get(_url("check-ins", case)).status_code == 200
    # The lists of what was recorded are readable; the forms are not there.
    for name in ("service", "stage", "outreach", "appointment"):
        response = client.get(_url(name, case))
        assert response.status_code == 200
        assert '<form method="post" action="' + _url(name, case) not in response.content.decode()
    assert "Legal services" in client.get(_url("service", case)).content.decode()
    assert client.get(_url("goal-create", case)).status_code == 403
    writes = [
        ("service", {"category": "legal", "provided_on": _today()}),
        ("check-in", {"checked_on": _today(), "stability": "3"}),
        ("stage", {"stage": "action", "occurred_on": _today()}),
        ("outreach", {"attempted_at": _now(), "method": "phone", "outcome": "no_answer"}),
    ]
    for name, data in writes:
        assert client.post(_url(name, case), data).status_code == 403
    assert ServiceRecord.objects.count() == 1 and not RecoveryCheckIn.objects.exists()
    assert not StageEvent.objects.exists() and not OutreachAttempt.objects.exists()


def test_an_appointment_cannot_be_missed_or_attended_in_the_future(case, advocate, client_for):
    later = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(advocate).post(
        _url("appointment", case), {"scheduled_for": later, "outcome": AppointmentOutcome.MISSED}
    )
    assert response.status_code == 400
    assert "This date and time is in the future." in response.content.decode()
    assert not Appointment.objects.exists()


def test_the_case_page_chart_shows_the_latest_check_ins_oldest_first(case, advocate):
    today = timezone.localdate()
    for days_ago in range(15, 0, -1):
        services.check_in_record(
            actor=advocate,
            case=case,
            ratings={"stability": 1 + days_ago % 5},
            checked_on=today - datetime.timedelta(days=days_ago),
        )
    recent = selectors.recent_check_ins(case=case, limit=12)
    assert [check_in.checked_on for check_in in recent] == [
        today - datetime.timedelta(days=days_ago) for days_ago in range(12, 0, -1)
    ]
