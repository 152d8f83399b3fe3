"""'My survivors' in constant queries, the supervisors' view, licence reminders, and the
clinicians' timeline entries with scores only for those who may read clinical data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.selectors import case_record
from clinicians import selectors, services
from clinicians.models import LicenceReminder
from protection.envelope import data_key_cache
from tests.clinicians.conftest import give_profile
from tests.conftest import open_case

pytestmark = pytest.mark.django_db


def _caseload(advocate, supervisor, clinician, program, count):
    for number in range(count):
        case = open_case(advocate, program, name=f"Survivor {number}")
        assignment = services.assignment_request(actor=advocate, case=case, clinician=clinician)
        assignment = services.assignment_approve(actor=supervisor, assignment=assignment)
        services.measure_schedule_set(
            actor=supervisor, assignment=assignment, instrument="phq9", every_sessions=4
        )
        services.session_record(
            actor=clinician,
            held_on=timezone.localdate(),
            duration_minutes=50,
            modality="emdr",
            format="individual",
            participants={case: "attended"},
        )
        services.measure_record(actor=clinician, case=case, instrument="phq9", answers=[1] * 9)
        services.measure_record(actor=clinician, case=case, instrument="pcl5", answers=[2] * 20)


def _queries(clinician) -> tuple[int, list]:
    with data_key_cache(), CaptureQueriesContext(connection) as captured:
        rows = selectors.my_survivors(actor=clinician)
        names = [row.case.preferred_name for row in rows]
    assert all(names)
    return len(captured), rows


def test_my_survivors_reads_in_constant_queries(advocate, supervisor, clinician, program):
    give_profile(clinician, caseload_capacity=20)
    _caseload(advocate, supervisor, clinician, program, 2)
    with_two, rows = _queries(clinician)
    _caseload(advocate, supervisor, clinician, program, 5)
    with_seven, rows = _queries(clinician)
    assert with_two == with_seven
    assert with_seven <= 6
    assert len(rows) == 7
    row = rows[0]
    assert [score.instrument for score in row.latest] == ["pcl5", "phq9"]
    assert row.latest[1].total == 9 and row.latest[1].band == "mild"
    assert row.due == []  # given today, no session since
    assert row.last_session_on == timezone.localdate()


def test_measure_due_after_scheduled_sessions(advocate, supervisor, assigned, case):
    clinician = assigned.clinician
    services.measure_schedule_set(
        actor=supervisor, assignment=assigned, instrument="gad7", every_sessions=1
    )
    with data_key_cache():
        assert selectors.my_survivors(actor=clinician)[0].due == ["gad7"]  # never given


def test_supervisors_view(advocate, supervisor, assigned, other_clinician, case):
    give_profile(
        other_clinician,
        gender="man",
        languages=["english"],
        licence_expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    rows = {row.clinician: row for row in selectors.clinicians_overview(actor=supervisor)}
    assert rows[assigned.clinician].load == 1 and rows[assigned.clinician].capacity == 5
    assert rows[other_clinician].licence_expiring is True
    assert rows[assigned.clinician].licence_expiring is False
    services.assignment_request(actor=advocate, case=case, clinician=other_clinician)
    assert [a.clinician for a in selectors.pending_requests(actor=supervisor)] == [other_clinician]
    assert selectors.clinicians_overview(actor=advocate) == []


def test_licence_reminder_sixty_days_before_and_once(clinician):
    today = timezone.localdate()
    give_profile(clinician, licence_expires_on=today + datetime.timedelta(days=61))
    assert services.licence_reminders_create(today=today) == 0
    give_profile(clinician, licence_expires_on=today + datetime.timedelta(days=60))
    assert services.licence_reminders_create(today=today) == 1
    assert services.licence_reminders_create(today=today) == 0
    assert LicenceReminder.objects.filter(done_at__isnull=True).count() == 1
    # Renewed: the reminder about the old date is answered.
    give_profile(clinician, licence_expires_on=today + datetime.timedelta(days=800))
    assert not LicenceReminder.objects.filter(done_at__isnull=True).exists()


def test_timeline_scores_only_for_clinical_readers(advocate, supervisor, assigned, case):
    clinician = assigned.clinician
    services.measure_record(actor=clinician, case=case, instrument="phq9", answers=[2] * 9)
    services.session_record(
        actor=clinician,
        held_on=timezone.localdate(),
        duration_minutes=50,
        modality="emdr",
        format="individual",
        participants={case: "attended"},
    )
    kinds = {entry.kind: entry for entry in case_record(case=case, viewer=clinician).timeline}
    assert kinds["measure"].total == 18 and kinds["measure"].band == "moderately_severe"
    assert "measure_done" not in kinds
    assert {"therapy_session", "clinician_assignment"} <= set(kinds)
    for reader in (advocate, supervisor):
        seen = {entry.kind: entry for entry in case_record(case=case, viewer=reader).timeline}
        assert "measure" not in seen
        # The entry others see carries no score at all, not an empty one.
        assert seen["measure_done"].instrument == "phq9"
        assert not hasattr(seen["measure_done"], "total")
        assert not hasattr(seen["measure_done"], "band")


def test_timeline_entries_render_without_other_survivors(advocate, supervisor, assigned, case):
    from alongside.timeline import timeline

    clinician = assigned.clinician
    services.measure_record(actor=clinician, case=case, instrument="pcl5", answers=[3] * 20)
    services.session_record(
        actor=clinician,
        held_on=timezone.localdate(),
        duration_minutes=90,
        modality="group",
        format="individual",
        participants={case: "did_not_attend"},
    )
    for viewer in (clinician, advocate):
        for entry in case_record(case=case, viewer=viewer).timeline:
            html = timeline.source_of(entry.kind).prepare(case)(entry)
            assert html
            if entry.kind == "measure":
                assert "60" in html and "Provisional PTSD" in html
            if entry.kind == "measure_done":
                assert "60" not in html
            if entry.kind == "therapy_session":
                assert "Did not attend" in html and "90 min" in html
