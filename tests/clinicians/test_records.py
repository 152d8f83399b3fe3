"""Sessions, notes, psychotherapy notes and measures: who reads what, bad input writes
nothing, and the PHQ-9 item 9 safety follow-up."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from accounts.roles import Role
from audit.models import AuditEvent
from clinicians import selectors, services
from clinicians.access import clinical_case_for, psychotherapy_note_for
from clinicians.choices import ClinicianReminderKind
from clinicians.models import (
    MeasureAdministration,
    PsychotherapyNote,
    SessionParticipation,
    TherapySession,
)
from reminders.models import Reminder
from tests.conftest import open_case

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _session(actor, participants, **overrides):
    values = {
        "held_on": TODAY(),
        "duration_minutes": 50,
        "modality": "emdr",
        "format": "individual" if len(participants) == 1 else "group",
        "participants": participants,
    }
    values.update(overrides)
    return services.session_record(actor=actor, **values)


# Sessions -----------------------------------------------------------------------------------


def test_group_session_shows_each_survivor_only_their_own_participation(
    advocate, supervisor, assigned, case, program
):
    clinician = assigned.clinician
    second = open_case(advocate, program, name="Second Groupmember")
    second_assignment = services.assignment_request(
        actor=advocate, case=second, clinician=clinician
    )
    services.assignment_approve(actor=supervisor, assignment=second_assignment)
    session = _session(clinician, {case: "attended", second: "did_not_attend"}, format="group")
    mine = list(selectors.sessions_of(case=case))
    assert [p.case_id for p in mine] == [case.pk]
    assert mine[0].session == session
    theirs = list(selectors.sessions_of(case=second))
    assert [p.attendance for p in theirs] == ["did_not_attend"]


def test_group_session_with_a_survivor_the_clinician_cannot_see(advocate, assigned, case, program):
    stranger = open_case(advocate, program, name="Not Mine")
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="not on your caseload"):
        _session(assigned.clinician, {case: "attended", stranger: "attended"}, format="group")
    assert not TherapySession.objects.exists()
    assert not SessionParticipation.objects.exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"held_on": None}, "Enter the date of the session."),
        ({"duration_minutes": 0}, "Enter minutes between 1 and 480."),
        ({"modality": "hypnosis"}, "Choose one of the listed approaches."),
        ({"format": "group"}, "A group session has two or more survivors."),
    ],
)
def test_session_bad_input(assigned, case, overrides, message):
    with pytest.raises(ValidationError) as raised:
        _session(assigned.clinician, {case: "attended"}, **overrides)
    assert message in str(raised.value)
    assert not TherapySession.objects.exists()


def test_session_dated_in_the_future(assigned, case):
    with pytest.raises(ValidationError, match="This date is in the future"):
        _session(assigned.clinician, {case: "attended"}, held_on=TODAY() + datetime.timedelta(1))
    assert not TherapySession.objects.exists()


def test_did_not_attend_closes_nothing(assigned, case):
    _session(assigned.clinician, {case: "did_not_attend"})
    case.refresh_from_db()
    assert case.status == "active"


# Access -------------------------------------------------------------------------------------


def test_unassigned_clinician_gets_404_for_the_survivor(other_clinician, assigned, case):
    with pytest.raises(Http404):
        clinical_case_for(other_clinician, case.pk)


def test_clinical_data_is_for_clinicians_on_the_case(advocate, supervisor, assigned, case):
    assert clinical_case_for(assigned.clinician, case.pk) == case
    for insider in (advocate, supervisor):
        with pytest.raises(PermissionDenied):
            clinical_case_for(insider, case.pk)


def test_psychotherapy_note_is_404_to_everyone_but_its_author(
    advocate, supervisor, administrator, make_user, assigned, case
):
    author = assigned.clinician
    note = services.psychotherapy_note_create(actor=author, case=case, body="Process note.")
    assert psychotherapy_note_for(author, case.pk, note.pk) == note
    colleague = make_user(Role.CLINICIAN, full_name="Colleague On Team")
    from cases import services as case_services

    case_services.team_member_add(
        actor=supervisor, case=case, user=colleague, team_role="clinician"
    )
    superuser = make_user(Role.SUPERVISOR, is_superuser=True)
    for reader in (advocate, supervisor, administrator, colleague, superuser):
        with pytest.raises(Http404):
            psychotherapy_note_for(reader, case.pk, note.pk)
        assert not selectors.psychotherapy_notes_for(actor=reader, case=case).exists()


def test_notes_signed_then_only_addenda(assigned, case):
    author = assigned.clinician
    for create, sign, update, addendum in (
        (
            services.clinical_note_create,
            services.clinical_note_sign,
            services.clinical_note_update,
            services.clinical_note_addendum,
        ),
        (
            services.psychotherapy_note_create,
            services.psychotherapy_note_sign,
            services.psychotherapy_note_update,
            services.psychotherapy_note_addendum,
        ),
    ):
        note = create(actor=author, case=case, body="First draft.")
        note = sign(actor=author, note=note, version=note.version)
        with pytest.raises(ValidationError, match="signed: add an addendum"):
            update(actor=author, note=note, version=note.version, body="Changed.")
        added = addendum(actor=author, note=note, body="A later thought.")
        assert added.body == "A later thought."


def test_only_the_author_signs(make_user, supervisor, assigned, case):
    note = services.clinical_note_create(actor=assigned.clinician, case=case, body="Draft.")
    colleague = make_user(Role.CLINICIAN)
    with pytest.raises(PermissionDenied):
        services.clinical_note_sign(actor=colleague, note=note, version=note.version)


def test_shredding_the_survivor_makes_both_notes_unreadable(supervisor, assigned, case):
    from protection.exceptions import DataShredded
    from protection.services import data_key_shred

    author = assigned.clinician
    clinical = services.clinical_note_create(actor=author, case=case, body="Clinical words.")
    private = services.psychotherapy_note_create(actor=author, case=case, body="Private words.")
    data_key_shred(actor=supervisor, owner=case, reason="Survivor asked for erasure.")
    from clinicians.models import ClinicalNote

    for model, pk in ((ClinicalNote, clinical.pk), (PsychotherapyNote, private.pk)):
        fresh = model.objects.get(pk=pk)
        with pytest.raises(DataShredded):
            _ = fresh.body


# Measures -----------------------------------------------------------------------------------


def _measure(actor, case, answers, instrument="phq9", **kw):
    return services.measure_record(
        actor=actor, case=case, instrument=instrument, answers=answers, **kw
    )


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ([0] * 8 + [4], "Item 9: answers run from 0 to 3, not 4."),
        ([0] * 8, "The PHQ-9 has 9 items: 8 answers were given."),
    ],
)
def test_measure_bad_answers_write_nothing(assigned, case, answers, message):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as raised:
        _measure(assigned.clinician, case, answers)
    assert message in str(raised.value)
    assert not MeasureAdministration.objects.exists()
    assert AuditEvent.objects.count() == events


def test_measure_in_the_future_writes_nothing(assigned, case):
    with pytest.raises(ValidationError, match="in the future"):
        _measure(assigned.clinician, case, [0] * 9, administered_on=TODAY() + datetime.timedelta(1))
    assert not MeasureAdministration.objects.exists()


def test_scores_and_change_computed_by_the_server(assigned, case):
    clinician = assigned.clinician
    first = _measure(
        clinician,
        case,
        [3, 3, 2, 2, 2, 2, 2, 1, 0],
        administered_on=TODAY() - datetime.timedelta(60),
    )
    assert (first.total, first.band, first.change_points) == (17, "moderately_severe", None)
    second = _measure(clinician, case, [1, 1, 1, 1, 1, 1, 1, 1, 0])
    assert (second.total, second.band, second.change_points) == (8, "mild", -9)
    assert second.meaningful_change and second.change_direction == "improved"
    series = selectors.progress_series(case=case, instrument="phq9")
    assert [p.total for p in series] == [17, 8]


def test_item_answers_are_stored_encrypted(assigned, case):
    administration = _measure(assigned.clinician, case, [1, 2, 3, 0, 1, 2, 3, 0, "declined"])
    # values() reads the column as stored, as any SQL reader would.
    raw = bytes(
        MeasureAdministration.objects.filter(pk=administration.pk)
        .values_list("answers", flat=True)
        .get()
    )
    assert b"declined" not in raw and b"[1," not in raw
    assert MeasureAdministration.objects.get(pk=administration.pk).answers[-1] == "declined"


def test_item_nine_above_zero_creates_safety_tasks_without_the_answer(supervisor, assigned, case):
    clinician = assigned.clinician
    administration = _measure(clinician, case, [0] * 8 + [2])
    mine = Reminder.objects.get(assignee=clinician)
    assert mine.kind == ClinicianReminderKind.SAFETY_CHECK
    assert mine.due_on == TODAY()
    theirs = Reminder.objects.get(assignee=supervisor)
    assert theirs.kind == ClinicianReminderKind.CLINICIAN_CHECK_IN
    assert "2" not in theirs.get_kind_display() and "self-harm" not in theirs.get_kind_display()
    assert administration.safety_follow_up


def test_item_nine_at_zero_creates_no_task(assigned, case):
    _measure(assigned.clinician, case, [3] * 8 + [0])
    assert not Reminder.objects.exists()


def test_only_clinicians_record_measures(advocate, assigned, case):
    with pytest.raises(PermissionDenied):
        _measure(advocate, case, [0] * 9)
