"""The funder report against figures worked out by hand (``conftest``): five survivors
served — three North (adult, labor, woman, foreign national, continuing), two South (adult,
sex, man, U.S. citizen, new)."""

import datetime

from cases.models import ServiceRecord
from clinicians.models import SessionParticipation, TherapySession
from reports.funder_report import funder_report
from reports.parameters import funder_parameters
from reports.results import HIDDEN
from tests.reports.conftest import END, START


def run(actor, threshold=1, **filters):
    parameters = funder_parameters(
        actor=actor, period_start=START, period_end=END, threshold=threshold, **filters
    )
    return funder_report(parameters)


def row(report, table, code):
    t = report.table(table)
    found = next(r for r in t.rows if r.code == code)
    return dict(zip((c.code for c in t.columns), found.cells, strict=True))


def test_survivors_by_age_type_gender_citizenship(world, administrator):
    report = run(administrator, threshold=1)
    labor = row(report, "survivors_by_gender", "adult.labor")
    assert (labor["woman"], labor["total"]) == (3, 3)
    sex = row(report, "survivors_by_gender", "adult.sex")
    assert (sex["man"], sex["total"]) == (2, 2)
    assert row(report, "survivors_by_gender", "total")["total"] == 5
    citizenship = row(report, "survivors_by_citizenship", "total")
    assert (citizenship["foreign_national"], citizenship["us_citizen"]) == (3, 2)
    new = row(report, "survivors_by_new", "total")
    assert (new["new"], new["continuing"], new["total"]) == (2, 3, 5)
    assert row(report, "survivors_by_gender", "minor.sex")["total"] == 0


def test_one_programs_funder_report(world, administrator):
    report = run(administrator, threshold=1, program=world.north.pk)
    assert row(report, "survivors_by_gender", "total")["total"] == 3
    assert row(report, "referrals", "made")["count"] == 15
    assert row(report, "referrals", "received")["count"] == 2


def test_services_referrals_and_clinical_engagement(world, administrator, clinician):
    north = world.cases[:3]
    for case in north:
        ServiceRecord.objects.create(
            case=case,
            category="legal",
            provided_on=datetime.date(2026, 2, 2),
            recorded_by=administrator,
        )
    ServiceRecord.objects.create(
        case=north[0],
        category="housing",
        provided_on=datetime.date(2026, 2, 3),
        recorded_by=administrator,
    )
    ServiceRecord.objects.create(  # outside the period
        case=north[1],
        category="housing",
        provided_on=datetime.date(2026, 5, 3),
        recorded_by=administrator,
    )
    session = TherapySession.objects.create(
        clinician=clinician,
        held_on=datetime.date(2026, 3, 1),
        duration_minutes=50,
        modality="tf_cbt",
        format="group",
    )
    for case, attendance in zip(
        world.cases[:3], ("attended", "attended", "did_not_attend"), strict=True
    ):
        SessionParticipation.objects.create(
            session=session,
            case=case,
            attendance=attendance,
            held_on=session.held_on,
            recorded_by=clinician,
        )
    report = run(administrator, threshold=1)
    services = {r.code: r.cells[0] for r in report.table("services_by_category").rows}
    assert services["legal"] == 3 and services["housing"] is HIDDEN and services["medical"] == 0
    assert row(report, "referrals", "made")["count"] == 21
    assert row(report, "referrals", "received")["count"] == 2
    engagement = {r.code: r.cells[0] for r in report.table("clinical_engagement").rows}
    assert engagement["sessions"] == 2  # did not attend: not counted
    assert engagement["measures"] == 0


def test_small_counts_hidden_at_the_default_threshold(world, administrator):
    report = run(administrator, threshold=None)
    assert report.threshold == 4
    assert row(report, "survivors_by_gender", "adult.labor")["woman"] is HIDDEN
    assert row(report, "survivors_by_gender", "total")["total"] in (5, HIDDEN)
    # The funder report's "referrals made" is the referral report's own cell of the period.
    assert row(report, "referrals", "made")["count"] == 21
