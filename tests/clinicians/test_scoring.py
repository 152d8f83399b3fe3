"""Scoring with known answer sets: every band's edges, clusters, declined and missing items,
the rule for when a total may be shown, and clinically meaningful change."""

import pytest

from clinicians.measures import (
    DECLINED,
    GAD7,
    PCL5,
    PHQ9,
    AnswersInvalid,
    change_between,
    score,
)


def answers_totalling(total: int, items: int, item_max: int) -> list[int]:
    """A full answer set with the given total, filled from the first item."""
    answers = []
    for _ in range(items):
        answers.append(min(item_max, total))
        total -= answers[-1]
    assert total == 0
    return answers


def by_cluster(b, c, d, e) -> list:
    """PCL-5 answers written cluster by cluster (B 1–5, C 6–7, D 8–14, E 15–20)."""
    assert (len(b), len(c), len(d), len(e)) == (5, 2, 7, 6)
    return [*b, *c, *d, *e]


PHQ9_EDGES = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "moderately_severe"),
    (19, "moderately_severe"),
    (20, "severe"),
    (27, "severe"),
]
GAD7_EDGES = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "severe"),
    (21, "severe"),
]
PCL5_EDGES = [
    (0, "below_cut_point"),
    (32, "below_cut_point"),
    (33, "provisional_ptsd"),
    (80, "provisional_ptsd"),
]


@pytest.mark.parametrize(("total", "band"), PHQ9_EDGES)
def test_phq9_band_edges(total, band):
    result = score("phq9", answers_totalling(total, 9, 3))
    assert (result.total, result.band, result.prorated) == (total, band, False)


@pytest.mark.parametrize(("total", "band"), GAD7_EDGES)
def test_gad7_band_edges(total, band):
    result = score("gad7", answers_totalling(total, 7, 3))
    assert (result.total, result.band) == (total, band)


@pytest.mark.parametrize(("total", "band"), PCL5_EDGES)
def test_pcl5_cut_point_edges(total, band):
    result = score("pcl5", answers_totalling(total, 20, 4))
    assert (result.total, result.band) == (total, band)
    assert result.provisional_ptsd_by_cut_point is (total >= 33)


def test_five_to_nine_is_mild_never_moderate():
    # A defect seen elsewhere: 5–9 labelled "moderate".
    assert PHQ9.band_for(5).code == "mild"
    assert str(PHQ9.band_for(9).label) == "Mild"


def test_loinc_codes_on_the_instruments():
    assert (PHQ9.loinc_panel, PHQ9.loinc_total) == ("44249-1", "44261-6")
    assert GAD7.loinc_total == "70274-6"


def test_pcl5_cluster_scores():
    answers = by_cluster([1, 2, 3, 4, 0], [4, 3], [1, 1, 1, 1, 1, 1, 1], [0, 0, 2, 2, 2, 2])
    result = score("pcl5", answers)
    assert result.clusters == {"B": 10, "C": 7, "D": 7, "E": 8}
    assert result.total == 32
    assert result.provisional_ptsd_by_cut_point is False
    # B, C and E are endorsed but D has no item at 2 or more.
    assert result.provisional_ptsd_by_symptom_rule is False


def test_pcl5_symptom_rule_met_with_exactly_the_minimum():
    answers = by_cluster([2, 0, 0, 0, 0], [2, 0], [2, 2, 0, 0, 0, 0, 0], [2, 2, 0, 0, 0, 0])
    result = score("pcl5", answers)
    assert result.provisional_ptsd_by_symptom_rule is True
    assert result.total == 12  # the rule and the cut-point are separate answers
    assert result.provisional_ptsd_by_cut_point is False


def test_pcl5_symptom_rule_one_item_short():
    answers = by_cluster([2, 0, 0, 0, 0], [2, 0], [2, 2, 0, 0, 0, 0, 0], [2, 1, 1, 1, 1, 1])
    assert score("pcl5", answers).provisional_ptsd_by_symptom_rule is False


def test_pcl5_unanswered_item_hides_total_and_its_cluster_only():
    answers = [2] * 20
    answers[6] = DECLINED  # item 7, cluster C
    result = score("pcl5", answers)
    assert result.total is None
    assert result.band == ""
    assert result.provisional_ptsd_by_cut_point is None
    assert result.clusters == {"B": 10, "C": None, "D": 14, "E": 12}
    # Item 6 is endorsed, so C is met whatever item 7 was: the rule is still decided.
    assert result.provisional_ptsd_by_symptom_rule is True
    assert result.declined == (7,)


def test_pcl5_symptom_rule_undecided_when_the_missing_item_could_decide_it():
    answers = [2] * 5 + [0, None] + [2] * 13
    assert score("pcl5", answers).provisional_ptsd_by_symptom_rule is None


def test_declined_kept_apart_from_missing():
    answers = [1, 1, 1, 1, 1, 1, 1, DECLINED, None]
    result = score("phq9", answers)
    assert result.declined == (8,)
    assert result.missing == (9,)
    assert result.answered == 7


def test_phq9_prorated_with_two_unanswered():
    # Seven answers of 1 and 2 (sum 10, mean 10/7): 10/7 * 9 = 12.857 → 13.
    answers = [1, 2, 1, 2, 1, 2, 1, DECLINED, None]
    result = score("phq9", answers)
    assert (result.total, result.prorated, result.band) == (13, True, "moderate")


def test_phq9_prorating_rounds_half_up():
    # Eight answers summing 4 → mean 0.5 → 4.5 → 5 (mild), not 4 by banker's rounding.
    answers = [1, 1, 1, 1, 0, 0, 0, 0, None]
    result = score("phq9", answers)
    assert (result.total, result.band) == (5, "mild")


def test_phq9_no_total_with_three_unanswered():
    answers = [3, 3, 3, 3, 3, 3, None, None, DECLINED]
    result = score("phq9", answers)
    assert (result.total, result.band) == (None, "")


def test_gad7_prorated_with_one_unanswered_but_not_two():
    assert score("gad7", [2, 2, 2, 2, 2, 2, DECLINED]).total == 14
    assert score("gad7", [2, 2, 2, 2, 2, None, DECLINED]).total is None


def test_nothing_answered_has_no_total():
    assert score("gad7", [DECLINED] * 7).total is None


def test_phq9_item_nine_above_zero_needs_safety_follow_up():
    assert score("phq9", [0] * 8 + [1]).needs_safety_follow_up is True
    assert score("phq9", [3] * 8 + [0]).needs_safety_follow_up is False
    assert score("phq9", [0] * 8 + [DECLINED]).needs_safety_follow_up is False
    # Another instrument's ninth item is not about self-harm.
    assert score("gad7", [0] * 7).needs_safety_follow_up is False
    assert score("pcl5", [4] * 20).needs_safety_follow_up is False


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ([0] * 8, "The PHQ-9 has 9 items: 8 answers were given."),
        ([0] * 10, "The PHQ-9 has 9 items: 10 answers were given."),
        ([0] * 8 + [4], "Item 9: answers run from 0 to 3, not 4."),
        ([-1] + [0] * 8, "Item 1: answers run from 0 to 3, not -1."),
        ([0] * 8 + ["2"], 'Item 9: answer with a number, "declined" or nothing.'),
        ([True] + [0] * 8, 'Item 1: answer with a number, "declined" or nothing.'),
        ("000000000", "Send the answers as a list, one per item."),
    ],
)
def test_bad_answers_named(answers, message):
    with pytest.raises(AnswersInvalid) as raised:
        score("phq9", answers)
    assert str(raised.value.message) == message


def test_pcl5_item_range_is_zero_to_four():
    assert score("pcl5", [4] * 20).total == 80
    with pytest.raises(AnswersInvalid):
        score("pcl5", [5] + [0] * 19)


@pytest.mark.parametrize(
    ("code", "earlier", "later", "meaningful", "reliable", "direction"),
    [
        ("phq9", 15, 10, True, True, "improved"),
        ("phq9", 15, 11, False, False, ""),
        ("phq9", 10, 15, True, True, "worsened"),
        ("gad7", 12, 8, True, True, "improved"),
        ("gad7", 12, 9, False, False, ""),
        ("pcl5", 50, 40, True, True, "improved"),
        ("pcl5", 50, 41, False, True, ""),  # reliable (5+) but not clinically meaningful
        ("pcl5", 50, 46, False, False, ""),
        ("pcl5", 40, 50, True, True, "worsened"),
    ],
)
def test_clinically_meaningful_change(code, earlier, later, meaningful, reliable, direction):
    change = change_between(code, earlier, later)
    assert (change.meaningful, change.reliable, change.direction) == (
        meaningful,
        reliable,
        direction,
    )
    assert change.points == later - earlier


def test_no_change_without_both_totals():
    assert change_between("phq9", None, 10) is None
    assert change_between("phq9", 10, None) is None


def test_thresholds_are_the_published_ones():
    assert (PHQ9.meaningful_change, GAD7.meaningful_change, PCL5.meaningful_change) == (5, 4, 10)
    assert PCL5.reliable_change == 5
