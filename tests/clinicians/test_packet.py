"""The clinical summary a partner receives under a release that names it: who the clinician
is, the approaches and how many sessions were attended, the latest band of each measure —
never a raw score, an item answer, a note, a missed session or another group member."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone

from clinicians import services
from clinicians.measures import DECLINED
from consent.packet import packet_build, section_owners
from tests.conftest import open_case

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
CLINICAL_CANARY = "Clinical canary: nightmares about the van"
PSYCHOTHERAPY_CANARY = "Psychotherapy canary: the grandmother's house"


def _session(clinician, participants, day, modality="emdr"):
    return services.session_record(
        actor=clinician,
        held_on=day,
        duration_minutes=50,
        modality=modality,
        format="individual" if len(participants) == 1 else "group",
        participants=participants,
    )


def _summary(case) -> dict[str, str]:
    packet = packet_build(case=case, categories=["clinical_summary"])
    assert packet.categories == ["clinical_summary"]
    return dict(packet.sections[0].fields)


def test_the_clinicians_app_fills_the_clinical_summary():
    assert section_owners("clinical_summary") == ["clinicians"]


def test_without_a_clinician_or_records_the_summary_says_so(advocate, program):
    case = open_case(advocate, program, name="Quiet Survivor")
    assert _summary(case) == {
        "Clinician": "None at present",
        "Sessions attended": "None yet",
        "Outcome measures": "None recorded yet",
    }


def test_the_summary_holds_bands_and_attendance_never_scores_or_notes(
    advocate, program, assigned, case
):
    clinician = assigned.clinician
    today = timezone.localdate()
    other = open_case(advocate, program, name="Other Groupmember")
    services.assignment_approve(
        actor=program.supervisors.get(),
        assignment=services.assignment_request(actor=advocate, case=other, clinician=clinician),
    )
    _session(clinician, {case: "attended"}, today - 30 * DAY, modality="tf_cbt")
    _session(clinician, {case: "did_not_attend"}, today - 20 * DAY)
    _session(clinician, {case: "attended"}, today - 10 * DAY)
    _session(clinician, {case: "attended", other: "attended"}, today - 5 * DAY, modality="group")
    services.measure_record(
        actor=clinician,
        case=case,
        instrument="phq9",
        answers=[1] * 9,
        administered_on=today - 20 * DAY,
    )
    services.measure_record(
        actor=clinician,
        case=case,
        instrument="phq9",
        answers=[2, 2, 2, 2, 2, 2, 2, 2, 0],
        administered_on=today - 5 * DAY,
    )
    services.measure_record(
        actor=clinician,
        case=case,
        instrument="pcl5",
        answers=[2] * 19 + [DECLINED],
        administered_on=today - 5 * DAY,
    )
    services.clinical_note_create(actor=clinician, case=case, body=CLINICAL_CANARY)
    services.psychotherapy_note_create(actor=clinician, case=case, body=PSYCHOTHERAPY_CANARY)

    with CaptureQueriesContext(connection) as queries:
        summary = _summary(case)
    assert len(queries) <= 3
    assert not any("answers" in query["sql"] for query in queries.captured_queries)

    assert summary["Clinician"] == f"{clinician.full_name} (Licensed clinical social worker)"
    assert summary["Approaches"] == (
        "Group therapy, EMDR, TF-CBT (trauma-focused cognitive behavioural therapy)"
    )
    # Attended only: the session not attended is nobody's business outside.
    assert summary["Sessions attended"] == "3"
    # The band and its date, never the total (16).
    assert summary["Latest PHQ-9"] == f"Moderately severe ({formats.date_format(today - 5 * DAY)})"
    assert summary["Latest PCL-5"].startswith("Not scored: too many items unanswered")
    assert "GAD-7" not in str(summary)
    shown = str(summary)
    for never in (CLINICAL_CANARY, PSYCHOTHERAPY_CANARY, "Other Groupmember", "total"):
        assert never not in shown
