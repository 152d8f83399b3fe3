"""The clinicians' demo data tells its story, runs twice without change, and nothing of it —
notes, psychotherapy notes, the survivor's words, item answers — is stored as plaintext."""

import json

import pytest
from django.core.management import call_command

from accounts.roles import Role
from clinicians import selectors, services
from clinicians.matching import match_for
from clinicians.models import (
    Assignment,
    ClinicianProfile,
    MeasureAdministration,
    SessionParticipation,
    SurvivorWishes,
    TherapySession,
)
from clinicians.seeding.demo import PCL5_SERIES, PHQ9_SERIES
from protection.envelope import data_key_cache
from protection.scanner import plaintext_findings
from tests.clinicians.conftest import give_profile

pytestmark = pytest.mark.django_db(transaction=True)


def _counts():
    return [
        model.objects.count()
        for model in (ClinicianProfile, Assignment, TherapySession, MeasureAdministration)
    ]


def test_demo_clinicians_and_an_improving_survivor():
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    assert ClinicianProfile.objects.count() == 4
    assignment = Assignment.objects.get(status="approved")
    case = assignment.case
    phq9 = [p.total for p in selectors.progress_series(case=case, instrument="phq9")]
    pcl5 = [p.total for p in selectors.progress_series(case=case, instrument="pcl5")]
    assert phq9 == [17, 13, 8, 4] and pcl5 == [52, 41, 29, 18]
    assert any(p.meaningful_change for p in selectors.progress_series(case=case, instrument="pcl5"))
    group = TherapySession.objects.get(format="group")
    assert SessionParticipation.objects.filter(session=group).count() == 2
    with data_key_cache():
        offered = match_for(case=case).offered
        assert offered[0].clinician == assignment.clinician
        rows = selectors.my_survivors(actor=assignment.clinician)
        assert any(row.latest for row in rows)


def test_no_plaintext_in_notes_psychotherapy_notes_or_answers(
    advocate, supervisor, clinician, make_user
):
    from organization.models import Program
    from tests.conftest import open_case

    program = Program.objects.create(name="Scanned program")
    program.supervisors.add(supervisor)
    case = open_case(advocate, program, name="Scannable Survivor")
    give_profile(clinician)
    request = services.assignment_request(actor=advocate, case=case, clinician=clinician)
    services.assignment_approve(actor=supervisor, assignment=request)
    clinical = "Canary clinical words Zephyrine"
    private = "Canary process words Quillonbe"
    own_words = "Canary wish words Marvelstone"
    answers = [3, 1, 2, 0, 3, 1, 2, 0, 1]
    services.clinical_note_create(actor=clinician, case=case, body=clinical)
    note = services.psychotherapy_note_create(actor=clinician, case=case, body=private)
    note = services.psychotherapy_note_sign(actor=clinician, note=note, version=note.version)
    services.psychotherapy_note_addendum(actor=clinician, note=note, body=private + " addendum")
    services.wishes_update(
        actor=advocate, case=case, in_own_words=own_words, clinicians_not_to_see=[clinician.pk]
    )
    services.measure_record(actor=clinician, case=case, instrument="phq9", answers=answers)
    canaries = [
        clinical,
        private,
        own_words,
        json.dumps(answers, separators=(",", ":")),
        *(json.dumps(series, separators=(",", ":")) for series in PHQ9_SERIES + PCL5_SERIES),
    ]
    assert plaintext_findings(canaries, include_dump=False) == []
    # Whom the survivor does not want to see is sealed in the wishes' row (the clinician's id
    # is rightly plaintext where it names them: their account, assignments, the trail).
    wishes_table = SurvivorWishes._meta.db_table
    assert not [
        finding
        for finding in plaintext_findings([str(clinician.pk)], include_dump=False)
        if finding.table == wishes_table
    ]
    assert make_user(Role.CLINICIAN)  # the scan ran over a database with other people in it
