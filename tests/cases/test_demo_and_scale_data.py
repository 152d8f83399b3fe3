"""The demo seed's survivors and the scale data set: realistic, encrypted, idempotent."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import AccountChangeRequest, ChangeRequestStatus, User
from accounts.roles import Role
from accounts.seeding.demo import DEMO_PEOPLE
from cases.choices import CaseStatus
from cases.models import (
    Appointment,
    BreakGlassGrant,
    Case,
    CaseNote,
    Goal,
    MandatedReport,
    OutreachAttempt,
    RecoveryCheckIn,
    SafeContact,
    ServiceRecord,
    StageEvent,
    TeamMembership,
)
from cases.seeding.demo import DEMO_PROGRAM, NORTHSIDE_PROGRAM, NORTHSIDE_SURVIVORS, SURVIVORS
from cases.seeding.scale import SCALE_PROGRAM
from cases.selectors import CaseloadFilters, caseload, decrypt_page
from organization.models import Program
from organization.seeding.demo import PROGRAM_TO_RENAME
from protection.envelope import data_key_cache
from protection.models import DataKey
from protection.scanner import plaintext_findings
from reminders.models import Reminder

pytestmark = pytest.mark.django_db(transaction=True)

COUNTED = [Case, CaseNote, Goal, RecoveryCheckIn, ServiceRecord, StageEvent, TeamMembership]
COUNTED += [OutreachAttempt, Appointment, MandatedReport, SafeContact, DataKey]
COUNTED += [Reminder, Program, AccountChangeRequest, BreakGlassGrant]


def _counts() -> dict:
    return {model.__name__: model.objects.count() for model in COUNTED}


def demo_user(role: str) -> User:
    return User.objects.get(email=next(p.email for p in DEMO_PEOPLE if p.role == role))


def test_demo_seed_tells_survivors_stories_and_is_idempotent(capsys):
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    demo = Case.objects.filter(program__name=DEMO_PROGRAM)
    assert demo.count() == len(SURVIVORS) >= 12
    assert StageEvent.objects.filter(case__in=demo, is_recurrence=True).exists()
    assert Appointment.objects.filter(case__in=demo, outcome="missed").exists()
    assert OutreachAttempt.objects.filter(case__in=demo).count() == len(SURVIVORS)
    minors = demo.filter(minor_at_intake=True)
    assert minors.count() == 1
    assert MandatedReport.objects.get(case=minors.get()).completed_at is None
    assert {case.trafficking_type for case in demo} >= {"sex", "labor", "both", "unknown"}
    advocate, clinician = demo_user(Role.ADVOCATE), demo_user(Role.CLINICIAN)
    led = TeamMembership.objects.filter(case__in=demo, user=advocate, team_role="lead_advocate")
    assert led.count() > len(SURVIVORS) // 2
    assert TeamMembership.objects.filter(case__in=demo, user=clinician).exists()
    with data_key_cache():
        assert all(goal.own_words.startswith("I want") for goal in Goal.objects.all())
        months = {check_in.checked_on.month for check_in in RecoveryCheckIn.objects.all()}
        assert len(months) >= 4
        assert any(case.safety_flags for case in demo)
        assert any(contact.codeword for contact in SafeContact.objects.filter(case__in=demo))
    names = [survivor.preferred_name for survivor in SURVIVORS]
    assert plaintext_findings(names, include_dump=False) == []


def _person(key: str) -> User:
    return User.objects.get(email=next(p.email for p in DEMO_PEOPLE if p.seed_key == key))


def test_demo_shows_every_feature():
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first

    # A second program with its own supervisor and advocate: break-glass from one program into
    # the other, and its review, can be tried.
    northside = Program.objects.get(name=NORTHSIDE_PROGRAM)
    demo_program = Program.objects.get(name=DEMO_PROGRAM)
    northside_supervisor, northside_advocate = (
        _person("northside_supervisor"),
        _person("northside_advocate"),
    )
    assert list(northside.supervisors.all()) == [northside_supervisor]
    assert list(demo_program.supervisors.all()) == [demo_user(Role.SUPERVISOR)]
    northside_cases = Case.objects.filter(program=northside)
    assert northside_cases.count() == len(NORTHSIDE_SURVIVORS) >= 2
    assert set(
        TeamMembership.objects.filter(
            case__in=northside_cases, team_role="lead_advocate"
        ).values_list("user", flat=True)
    ) == {northside_advocate.pk}

    # Reminders are waiting: a quiet case and a follow-up due today.
    assert Reminder.objects.filter(
        kind="quiet_case", assignee=northside_advocate, done_at__isnull=True
    ).exists()
    assert Reminder.objects.filter(
        kind="follow_up", assignee=demo_user(Role.ADVOCATE), done_at__isnull=True
    ).exists()

    # Nobody wrote a note, a check-in or a goal on a case before joining its team.
    for note in CaseNote.objects.all():
        assert TeamMembership.objects.filter(
            case=note.case_id, user=note.author_id, since__lte=note.contact_at.date()
        ).exists(), note.pk
    for check_in in RecoveryCheckIn.objects.all():
        assert TeamMembership.objects.filter(
            case=check_in.case_id, user=check_in.recorded_by_id, since__lte=check_in.checked_on
        ).exists()

    # The administrator's new pages show something: a program to rename, a naming waiting.
    assert Program.objects.filter(name=PROGRAM_TO_RENAME).exists()
    waiting = AccountChangeRequest.objects.get(kind="program_supervisor")
    assert waiting.status == ChangeRequestStatus.PENDING
    assert waiting.subject == northside_supervisor
    assert waiting.target_id == demo_program.pk


def test_scale_seed_creates_what_it_says_encrypted():
    call_command("seed_demo", "--cases", "30", "--notes-per-case", "3")
    scale = Case.objects.filter(program__name=SCALE_PROGRAM)
    assert scale.count() == 30
    assert CaseNote.objects.filter(case__in=scale).count() == 90
    assert DataKey.objects.filter(owner_id__in=scale.values("pk")).count() == 30
    assert SafeContact.objects.filter(case__in=scale).count() == 30
    assert all(case.status == CaseStatus.ACTIVE for case in scale)
    advocate = demo_user(Role.ADVOCATE)
    with data_key_cache():
        rows = decrypt_page(caseload(actor=advocate, filters=CaseloadFilters())[:100])
        shown = {case.pk for case in rows}
        assert set(scale.values_list("pk", flat=True)) <= shown
        names = sorted({case.preferred_name for case in scale} | {c.legal_name for c in scale})
        bodies = sorted({note.body for note in CaseNote.objects.filter(case__in=scale)})
        # Every value opens under its own case's key and row: sealed with the right AAD.
        assert all(case.date_of_birth and case.phone for case in scale)
        searched = scale.filter(preferred_name_index__isnull=False).count()
        assert searched == 30
    assert plaintext_findings([*names, *bodies], include_dump=False) == []


def test_scale_seed_tops_up_rather_than_repeating():
    call_command("seed_demo", "--cases", "5", "--notes-per-case", "1")
    call_command("seed_demo", "--cases", "5", "--notes-per-case", "1")
    assert Case.objects.filter(program__name=SCALE_PROGRAM).count() == 5
    call_command("seed_demo", "--cases", "8", "--notes-per-case", "1")
    scale = Case.objects.filter(program__name=SCALE_PROGRAM)
    assert scale.count() == 8
    assert len(set(scale.values_list("number", flat=True))) == 8


def test_scale_seed_refuses_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo", "--cases", "5")
    assert not Case.objects.exists()
