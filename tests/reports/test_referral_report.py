"""The referral report against figures worked out by hand from ``conftest.REFERRALS``."""

from reports.parameters import referral_parameters
from reports.referral_report import referral_cube, referral_report
from reports.results import HIDDEN
from tests.reports.attacker import check_witnesses
from tests.reports.conftest import END, START


def run(actor, threshold=1, **filters):
    parameters = referral_parameters(
        actor=actor, period_start=START, period_end=END, threshold=threshold, **filters
    )
    return referral_report(parameters)


def cells(report, table, row_label):
    return next(r.cells for r in report.table(table).rows if r.label == row_label)


def by_column(report, table, row_label):
    t = report.table(table)
    return dict(zip((c.code for c in t.columns), cells(report, table, row_label), strict=True))


def test_counts_by_partner_and_status(world, administrator):
    report = run(administrator, threshold=1)
    harbor = by_column(report, "by_partner_status", "Harbor House")
    assert (harbor["accepted"], harbor["declined"], harbor["completed"], harbor["total"]) == (
        8,
        2,
        3,
        14,
    )
    assert harbor["sent"] is HIDDEN  # 1: "fewer than 2"
    legal = by_column(report, "by_partner_status", "Legal Aid")
    assert (legal["accepted"], legal["total"]) == (5, 7)
    everyone = by_column(report, "by_partner_status", "All partners")
    assert (everyone["accepted"], everyone["declined"], everyone["completed"]) == (13, 3, 3)
    assert everyone["total"] == 21  # the April referral is outside the period


def test_the_cube_holds_the_hand_counts(world):
    canonical = referral_cube(period_start=START, period_end=END, threshold=4)
    cube = canonical.cube
    harbor, legal = str(world.harbor.pk), str(world.legal.pk)
    assert cube.value(cube.key(partner=harbor, state="sent")) == 1
    assert cube.value(cube.key(partner=legal, state="declined")) == 1
    assert cube.value(cube.key(partner=legal, state="withdrawn")) == 1
    assert cube.value(cube.key(program=str(world.north.pk))) == 15
    assert cube.value(cube.key(urgency="urgent")) == 6
    assert cube.value(cube.key(category=str(world.housing.pk))) == 14
    assert cube.value(cube.key(state="declined:no_capacity")) == 2
    assert cube.value(cube.key(state="completed:service_provided")) == 3
    assert [cube.value(cube.key(month=m)) for m in ("2026-01", "2026-02", "2026-03")] == [8, 7, 6]


def test_months_reasons_outcomes_deadlines_received(world, administrator):
    report = run(administrator, threshold=1)
    assert [r.cells[0] for r in report.table("by_month").rows] == [8, 7, 6, 21]
    reasons = {r.code: r.cells[0] for r in report.table("decline_reasons").rows}
    assert reasons["no_capacity"] == 2 and reasons["not_eligible"] is HIDDEN
    assert reasons["total"] == 3
    outcomes = {r.code: r.cells for r in report.table("outcomes").rows}
    assert outcomes["service_provided"] == (3, 0)
    deadlines = {r.label: r.cells for r in report.table("deadlines_missed").rows}
    assert deadlines["Harbor House"] == (4, HIDDEN)  # the one never acknowledged: 1
    assert deadlines["All partners"] == (5, HIDDEN)
    received = {r.label: r.cells[0] for r in report.table("received_back").rows}
    assert received == {"Legal Aid": 2, "Total": 2}


def test_medians_and_90th_percentiles(world, administrator):
    report = run(administrator, threshold=1)
    harbor = by_column(report, "timeliness", "Harbor House")
    assert harbor["acknowledge_median"] == 1.0 and harbor["acknowledge_p90"] == 3.8
    assert harbor["accept_median"] == 1.0 and harbor["accept_p90"] == 5.0
    assert harbor["complete_median"] == 11.0 and harbor["complete_p90"] == 11.8
    legal = by_column(report, "timeliness", "Legal Aid")
    assert legal["acknowledge_median"] == 2.0 and legal["acknowledge_p90"] == 2.4
    assert legal["accept_median"] == 5.0 and legal["accept_p90"] == 6.6
    assert legal["complete_median"] is None  # nothing completed: not applicable


def test_statistics_over_small_groups_are_hidden(world, administrator):
    report = run(administrator, threshold=4)
    harbor = by_column(report, "timeliness", "Harbor House")
    assert harbor["complete_median"] is HIDDEN  # 3 completed: not more than 4
    assert harbor["acknowledge_median"] == 1.0  # 13 acknowledged


def test_acceptance_rate(world, administrator):
    report = run(administrator, threshold=1)
    # Harbor: 11 accepted of 13 answered, but its row hides a 1: no rate beside it.
    assert cells(report, "acceptance_rate", "Harbor House") == (HIDDEN,)
    report = run(administrator, threshold=1, urgency="urgent")
    # Urgent: 6 of 6 accepted — the remainder (0) is not more than the threshold.
    assert cells(report, "acceptance_rate", "Harbor House") == (HIDDEN,)


def test_filters_slice_the_same_cube(world, administrator):
    north = run(administrator, threshold=1, program=world.north.pk)
    assert by_column(north, "by_partner_status", "All partners")["total"] == 15
    urgent = run(administrator, threshold=1, urgency="urgent")
    assert by_column(urgent, "by_partner_status", "All partners")["total"] == 6
    housing = run(administrator, threshold=1, category=world.housing.pk)
    assert by_column(housing, "by_partner_status", "All partners")["total"] == 14
    legal = run(administrator, threshold=1, partner=world.legal.pk)
    rows = legal.table("by_partner_status").rows
    assert [r.label for r in rows] == ["Legal Aid"]
    assert [r.cells[0] for r in legal.table("by_month").rows] == [0, 7, 0, 7]


def test_default_threshold_hides_and_protects(world, administrator):
    report = run(administrator, threshold=None)
    assert report.threshold == 4
    legal = by_column(report, "by_partner_status", "Legal Aid")
    hidden = [code for code, cell in legal.items() if cell is HIDDEN]
    assert "declined" in hidden and len(hidden) >= 2


def test_every_report_of_the_period_hides_the_same_cells(world, administrator):
    """Two reports of the same period show one cell the same way: both are slices of the
    one cube, suppressed once."""
    whole = run(administrator, threshold=4)
    north = run(administrator, threshold=4, program=world.north.pk)
    again = run(administrator, threshold=4)
    assert whole.tables == again.tables
    assert north.table("by_partner_status").rows != whole.table("by_partner_status").rows


def test_no_hidden_cell_of_the_period_can_be_worked_out(world):
    """Every report of the period, every filter: each primary cell's alternative data set,
    replayed from scratch, leaves every published number as it is."""
    canonical = referral_cube(period_start=START, period_end=END, threshold=4)
    assert canonical.cube.primary
    for cube in (canonical.cube, canonical.deadlines, canonical.received):
        assert check_witnesses(cube) == []
