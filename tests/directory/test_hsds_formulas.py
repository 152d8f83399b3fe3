"""Spreadsheet formulas in the tabular export: text that would run is neutralised, data such as
a phone number is left alone, and the escape is unambiguous, so every value round-trips."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from directory.hsds.formulas import FORMULA_STARTS, neutralised, restored, would_run


@pytest.mark.parametrize(
    "value",
    [
        "+1 555 0100",
        "+44 (0)20 7946 0000",
        "+1-555-0100",
        "-12",
        "-",
        "+",
        "plain text",
        "'Tis the season",
        "0800 111 222",
    ],
)
def test_data_is_written_as_it_is(value):
    assert neutralised(value) == value
    assert restored(value) == value


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        '=HYPERLINK("http://evil.example","click")',
        "+A1",
        "-cmd|' /C calc'!A0",
        "@SUM(A1:A9)",
        "+1 555 0100 ext. 5",
        "- bring ID",
        "\tx",
        "\r=1",
    ],
)
def test_text_that_would_run_is_neutralised(value):
    assert would_run(value)
    assert neutralised(value) == "'" + value
    assert restored(neutralised(value)) == value


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("'=1", "''=1"),
        ("''=1", "'''=1"),
        ("'+1 555 0100", "''+1 555 0100"),
        ("'-", "''-"),
        ("'", "'"),
        ("''", "''"),
        ("'hello", "'hello"),
    ],
)
def test_a_value_that_begins_with_an_apostrophe_comes_back_unchanged(value, written):
    assert neutralised(value) == written
    assert restored(written) == value


def test_a_package_written_before_phone_numbers_were_left_alone_imports_the_same():
    assert restored("'+1 555 0100") == "+1 555 0100"
    assert restored("'=1+1") == "=1+1"


def test_numbers_and_empty_cells_are_not_text():
    assert neutralised(-33.5) == "-33.5"
    assert neutralised(-3) == "-3"
    assert neutralised(None) == ""


text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
formula_like = st.builds(
    lambda apostrophes, start, rest: "'" * apostrophes + start + rest,
    st.integers(0, 3),
    st.sampled_from(["", *FORMULA_STARTS, "1", "a"]),
    text,
)


@given(st.one_of(text, formula_like))
def test_every_value_comes_back_exactly(value):
    assert restored(neutralised(value)) == value


@given(st.one_of(text, formula_like))
def test_no_cell_written_would_run(value):
    """A spreadsheet reads a cell starting with an apostrophe as text; any other cell the
    export writes does not run."""
    written = neutralised(value)
    assert written.startswith("'") or not would_run(written)
