"""The one suppression step: hidden cells cannot be recovered from totals, from other tables
or from other reports of the same period (an exact attacker tries, ``attacker.attack``)."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.results import HIDDEN
from reports.suppression import (
    STAR,
    Cube,
    Dimension,
    Face,
    hidden_wording,
    statistic_allowed,
    suppress_line,
)
from tests.reports.attacker import attack

TABLE_FACES = [
    Face({"r": "value", "c": "value"}),
    Face({"r": "value"}),
    Face({"c": "value"}),
    Face({}),
]


def table(rows: list[list[int]], threshold=4, distinguishable=False) -> Cube:
    names_r = tuple(f"r{i}" for i in range(len(rows)))
    names_c = tuple(f"c{j}" for j in range(len(rows[0])))
    atoms = {(names_r[i], names_c[j]): n for i, row in enumerate(rows) for j, n in enumerate(row)}
    return Cube(
        [Dimension("r", names_r), Dimension("c", names_c)],
        [(("r", "c"), atoms)],
        TABLE_FACES,
        threshold=threshold,
        distinguishable=distinguishable,
    )


def test_a_small_count_is_hidden_with_its_complements():
    cube = table([[1, 7, 9], [8, 6, 12], [10, 2, 11]]).protect()
    assert cube.primary == {("r0", "c0"), ("r2", "c1")}
    assert cube.hidden >= cube.primary
    # Each row and column with a hidden cell has at least two.
    for line in range(3):
        row = [k for k in cube.hidden if k[0] == f"r{line}"]
        col = [k for k in cube.hidden if k[1] == f"c{line}"]
        assert len(row) != 1 and len(col) != 1
    assert attack(cube) == {}


def test_the_attacker_recovers_cells_when_only_small_counts_are_hidden():
    """The attacker has teeth: primary suppression alone gives the cell away."""
    cube = table([[1, 7, 9], [8, 6, 12], [10, 2, 11]])  # not protected
    recovered = attack(cube)
    assert recovered[("r0", "c0")] == 1
    assert recovered[("r2", "c1")] == 2


def test_two_ones_in_a_row_are_not_enough():
    """1 + 1 under a published total of 2 pins both for a reader who knows each is at least
    1: more must be hidden."""
    cube = table([[1, 1, 9], [8, 6, 12], [10, 9, 11]], distinguishable=True)
    assert attack(cube)  # as published without complements
    cube.protect()
    assert attack(cube) == {}


def test_a_small_total_is_hidden_too():
    cube = table([[1, 2], [0, 0]], distinguishable=True).protect()
    assert (STAR, STAR) in cube.hidden
    assert attack(cube) == {}


small_counts = st.one_of(st.integers(0, 4), st.integers(0, 15))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.integers(2, 4).flatmap(
        lambda r: st.integers(2, 4).flatmap(
            lambda c: st.lists(
                st.lists(small_counts, min_size=c, max_size=c), min_size=r, max_size=r
            )
        )
    ),
    threshold=st.integers(2, 4),
    distinguishable=st.booleans(),
)
def test_no_hidden_cell_of_a_random_table_is_recovered(rows, threshold, distinguishable):
    """Also against a reader who can tell the 1..threshold cells from the others, when the
    table is protected for one."""
    cube = table(rows, threshold, distinguishable).protect()
    assert cube.primary <= cube.hidden
    assert attack(cube) == {}


def layered(atoms, layers, rows, cols, threshold):
    """A table published for every value of a filter (``f``) and for all of them: the
    overlapping reports of one period."""
    faces = [
        Face({**layer, **table_face.levels})
        for layer in ({"f": "value"}, {})
        for table_face in TABLE_FACES
    ]
    return Cube(
        [Dimension("f", layers), Dimension("r", rows), Dimension("c", cols)],
        [(("f", "r", "c"), atoms)],
        faces,
        threshold=threshold,
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    counts=st.lists(small_counts, min_size=12, max_size=12),
    threshold=st.integers(2, 4),
)
def test_overlapping_reports_cannot_be_subtracted(counts, threshold):
    """Urgent, routine and all referrals of the same period: 2 × (2 × 3) cells and every
    total. The attacker combines all three reports."""
    layers, rows, cols = ("urgent", "routine"), ("a", "b"), ("x", "y", "z")
    atoms = {key: counts[i] for i, key in enumerate(itertools.product(layers, rows, cols))}
    cube = layered(atoms, layers, rows, cols, threshold).protect()
    assert attack(cube) == {}


def test_a_filtered_report_alone_would_give_away_the_unfiltered_one():
    """Why the layers are protected together: suppressing each report on its own leaves the
    difference between them open."""
    layers, rows, cols = ("urgent", "routine"), ("a", "b"), ("x", "y")
    counts = {
        ("urgent", "a", "x"): 2,
        ("urgent", "a", "y"): 9,
        ("urgent", "b", "x"): 8,
        ("urgent", "b", "y"): 7,
        ("routine", "a", "x"): 6,
        ("routine", "a", "y"): 9,
        ("routine", "b", "x"): 9,
        ("routine", "b", "y"): 8,
    }
    separately = {}
    for layer in layers:
        single = table([[counts[(layer, r, c)] for c in cols] for r in rows], threshold=4).protect()
        separately[layer] = single.hidden
    joint = layered(counts, layers, rows, cols, 4).protect()
    # The joint cube hides cells in the routine layer too (the urgent 2 would otherwise be
    # all minus routine); protected separately, the routine report hides nothing.
    assert separately["routine"] == set()
    assert any(k[0] == "routine" for k in joint.hidden)
    assert attack(joint) == {}


def test_groups_and_details_are_protected_together():
    """State refined by reason: the status table and the reasons table of the same
    referrals."""
    groups = {"declined": ("declined:a", "declined:b"), "accepted": ("accepted",)}
    state = Dimension("state", ("declined:a", "declined:b", "accepted"), groups)
    partner = Dimension("partner", ("p", "q", "r"))
    atoms = {
        ("p", "declined:a"): 1,
        ("p", "declined:b"): 6,
        ("p", "accepted"): 9,
        ("q", "declined:a"): 5,
        ("q", "declined:b"): 7,
        ("q", "accepted"): 8,
        ("r", "declined:a"): 6,
        ("r", "declined:b"): 2,
        ("r", "accepted"): 12,
    }
    faces = [
        Face({"partner": "value", "state": "group"}),
        Face({"partner": "value"}),
        Face({"state": "group"}),
        Face({}),
        Face({"state": "value"}, only={"state": frozenset(groups["declined"])}),
    ]
    cube = Cube([partner, state], [(("partner", "state"), atoms)], faces, threshold=4)
    cube.protect()
    assert attack(cube) == {}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    by_state=st.lists(small_counts, min_size=6, max_size=6),
    months=st.lists(st.integers(0, 6), min_size=4, max_size=4),
    threshold=st.integers(2, 4),
)
def test_two_margins_month_and_state(by_state, months, threshold):
    """Referrals by partner and state, and by partner and month: two margins agreeing on the
    partner totals."""
    partners, states, month_codes = ("p", "q"), ("s", "t", "u"), ("m1", "m2")
    state_atoms = {k: by_state[i] for i, k in enumerate(itertools.product(partners, states))}
    totals = {p: sum(state_atoms[(p, s)] for s in states) for p in partners}
    month_atoms = {}
    for p in partners:
        first = min(totals[p], months[partners.index(p)])
        month_atoms[(p, "m1")] = first
        month_atoms[(p, "m2")] = totals[p] - first
    faces = [
        Face({"partner": "value", "state": "value"}),
        Face({"partner": "value"}),
        Face({"state": "value"}),
        Face({}),
        Face({"partner": "value", "month": "value"}),
        Face({"month": "value"}),
    ]
    cube = Cube(
        [
            Dimension("partner", partners),
            Dimension("state", states),
            Dimension("month", month_codes),
        ],
        [(("partner", "state"), state_atoms), (("partner", "month"), month_atoms)],
        faces,
        threshold=threshold,
    ).protect()
    assert attack(cube) == {}


def test_same_counts_same_pattern():
    rows = [[1, 7, 9, 3], [8, 6, 12, 0], [10, 2, 11, 4]]
    assert table(rows).protect().hidden == table(rows).protect().hidden


def test_threshold_below_one_is_refused():
    with pytest.raises(ValueError):
        table([[1, 2], [3, 4]], threshold=0)


def test_wording_follows_the_threshold():
    assert hidden_wording(4) == "fewer than 5 or hidden"
    assert hidden_wording(9) == "fewer than 10 or hidden"


def test_a_reader_who_tells_small_cells_apart_pins_layered_totals():
    """Why every hidden cell reads the same: four programs with 1 each under a partner's
    total of 4 (all hidden) — a reader who knew each was "1 to 4" would know the total is 4."""
    layers = ("p1", "p2", "p3", "p4")
    atoms = {(p, "a", "x"): 1 for p in layers}
    atoms.update({(p, "b", "y"): 9 for p in layers})
    cube = layered(atoms, layers, ("a", "b"), ("x", "y"), 4).protect()
    assert attack(cube) == {}
    assert attack(cube, knows_primary=True)


def test_statistics_over_small_groups_are_not_shown():
    assert not statistic_allowed(4, 4)
    assert statistic_allowed(5, 4)


def test_a_single_line_with_its_total():
    cells, total = suppress_line({"a": 3, "b": 10, "c": 12}, threshold=4)
    assert cells["a"] is HIDDEN
    assert HIDDEN in (cells["b"], cells["c"], total)
    assert sum(1 for v in (*cells.values(), total) if v is HIDDEN) >= 2
