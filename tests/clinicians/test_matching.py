"""Matching, in named scenarios: the survivor's wishes rule people out, nobody who would need an
override is offered, and the rest are ranked with their reasons."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.roles import Role
from clinicians import services
from clinicians.matching import match_for
from tests.clinicians.conftest import give_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(make_user):
    """Four clinicians who differ in language, gender, modality and training."""
    people = {}
    for name, profile in {
        "Elena": {"gender": "woman", "languages": ["spanish", "english"], "modalities": ["emdr"]},
        "Beatriz": {"gender": "woman", "languages": ["spanish"], "modalities": ["tf_cbt"]},
        "Mateo": {"gender": "man", "languages": ["spanish"], "modalities": ["emdr"]},
        "Hana": {"gender": "woman", "languages": ["english"], "modalities": ["emdr", "dbt"]},
    }.items():
        person = make_user(Role.CLINICIAN, full_name=name)
        give_profile(person, **profile)
        people[name] = person
    services.clinician_training_add(
        actor=people["Elena"],
        clinician=people["Elena"],
        kind="certification",
        name="EMDR Basic Training",
        modality="emdr",
        completed_on=datetime.date(2021, 3, 1),
    )
    return people


def names(candidates):
    return [c.clinician.full_name for c in candidates]


def test_a_woman_who_speaks_spanish_and_offers_emdr(advocate, case, team):
    services.wishes_update(
        actor=advocate,
        case=case,
        language="spanish",
        clinician_gender="woman",
        modalities_wanted=["emdr"],
    )
    result = match_for(case=case)
    # Mateo (a man) and Hana (no Spanish, no interpreter) are ruled out, never offered.
    assert names(result.offered) == ["Elena", "Beatriz"]
    assert result.ruled_out == 2
    elena, beatriz = result.offered
    assert elena.rank == 1
    assert any("EMDR" in reason and "as asked" in reason for reason in elena.reasons)
    assert any("EMDR Basic Training (2021)" in reason for reason in elena.reasons)
    assert any("Speaks spanish" in reason for reason in elena.reasons)
    assert "Does not offer EMDR" in beatriz.unmet
    assert "No trauma-specific training on record" in beatriz.unmet


def test_interpreter_acceptable_opens_the_list(advocate, case, team):
    services.wishes_update(actor=advocate, case=case, language="spanish", interpreter_ok=True)
    result = match_for(case=case)
    assert set(names(result.offered)) == {"Elena", "Beatriz", "Mateo", "Hana"}
    hana = next(c for c in result.offered if c.clinician.full_name == "Hana")
    assert "Would need an interpreter for spanish" in hana.unmet
    # Speaking the language still ranks above needing an interpreter.
    assert names(result.offered)[0] == "Elena"


def test_not_this_person_is_always_honoured(advocate, case, team):
    services.wishes_update(actor=advocate, case=case, clinicians_not_to_see=[team["Elena"].pk])
    result = match_for(case=case)
    assert "Elena" not in names(result.offered) + names(result.needs_override)


def test_not_accepting_or_full_is_held_back_for_an_override(advocate, case, team):
    give_profile(team["Elena"], accepting_new=False, languages=["spanish", "english"])
    give_profile(team["Hana"], caseload_capacity=0, modalities=["emdr", "dbt"])
    result = match_for(case=case)
    assert "Elena" not in names(result.offered) and "Hana" not in names(result.offered)
    held = {c.clinician.full_name: c.blocked_by for c in result.needs_override}
    assert held["Elena"] == ["Not accepting new survivors"]
    assert held["Hana"] == ["At or over caseload capacity"]


def test_unwanted_modality_ranks_lower(advocate, case, team):
    services.wishes_update(actor=advocate, case=case, modalities_not_wanted=["dbt"])
    offered = match_for(case=case).offered
    assert names(offered)[-1] == "Hana"
    assert any("does not want" in reason for reason in offered[-1].reasons)


def test_remaining_capacity_breaks_ties(advocate, supervisor, case, team, program):
    from tests.conftest import open_case

    other = open_case(advocate, program, name="Tie Breaker")
    request = services.assignment_request(actor=advocate, case=other, clinician=team["Mateo"])
    services.assignment_approve(actor=supervisor, assignment=request)
    offered = match_for(case=case).offered
    # Beatriz, Mateo and Hana have equal points; Mateo has one place fewer.
    tied = [n for n in names(offered) if n in {"Beatriz", "Mateo", "Hana"}]
    assert tied[-1] == "Mateo"


def test_expired_licence_is_held_back(advocate, case, team):
    today = timezone.localdate()
    give_profile(
        team["Beatriz"],
        languages=["spanish"],
        modalities=["tf_cbt"],
        licence_issued_on=today - datetime.timedelta(days=900),
        licence_expires_on=today - datetime.timedelta(days=1),
    )
    held = {c.clinician.full_name: c.blocked_by for c in match_for(case=case).needs_override}
    assert held["Beatriz"] == ["No current licence on record"]


def test_matching_reads_in_constant_queries(advocate, case, team, make_user):
    services.wishes_update(actor=advocate, case=case, modalities_wanted=["emdr"])

    def count():
        with CaptureQueriesContext(connection) as captured:
            match_for(case=case)
        return len(captured)

    before = count()
    for number in range(5):
        give_profile(make_user(Role.CLINICIAN, full_name=f"Extra {number}"))
    # The wishes, the case's data key (to open who not to see), the clinicians, trainings.
    assert count() == before == 4
