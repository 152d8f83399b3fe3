"""A report as JSON and as files: hidden cells stay hidden (never a number, never 0 or empty),
the header block says what the file holds, and no cell is read as a formula."""

import csv
import io

import openpyxl
import pytest

from reports.downloads import neutralised, report_csv, report_xlsx
from reports.results import HIDDEN
from reports.serialize import report_from_json, report_to_json
from tests.reports.built import built_report


def test_json_round_trip_keeps_hidden_apart_from_zero_and_none():
    report = built_report()
    data = report_to_json(report)
    again = report_from_json(data)
    assert again == report
    partner = again.table("by_partner")
    assert partner.rows[1].cells[1] is HIDDEN
    assert partner.rows[2].cells == (HIDDEN, 0)
    assert again.table("answer_days").rows[1].cells == (None,)
    assert data["tables"][0]["rows"][2]["cells"] == [{"hidden": True}, 0]


def test_json_for_people_says_fewer_than():
    data = report_to_json(built_report(threshold=4), shown=True)
    hidden = {"hidden": True, "shown": "fewer than 5 or hidden"}
    assert data["tables"][0]["rows"][1]["cells"][1] == hidden


def test_a_stored_cell_that_is_not_a_count_is_refused():
    data = report_to_json(built_report())
    data["tables"][0]["rows"][0]["cells"][0] = {"hidden": False, "value": 3}
    with pytest.raises(ValueError):
        report_from_json(data)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1"])
def test_formula_starts_are_neutralised(text):
    assert neutralised(text) == "'" + text


def _csv_rows(report):
    return list(csv.reader(io.StringIO(report_csv(report).decode("utf-8-sig"))))


def test_csv_has_the_header_block_and_hidden_words():
    rows = _csv_rows(built_report(threshold=4))
    header = {row[0]: row[1] for row in rows[:9] if len(row) == 2}
    assert header["Period"] == "2026-01-01 to 2026-06-30"
    assert header["Filter: service_category"] == "Legal services"
    assert header["Suppression threshold"] == "4"
    assert "fewer than 5" in header["Suppression"]
    assert header["Generated"] and header["Code version"] == "test"
    assert ["Referrals by partner"] in rows
    assert ['\'=HYPERLINK("http://x")', "642", "fewer than 5 or hidden"] in rows
    assert ["Bridges Clinic", "fewer than 5 or hidden", "0"] in rows
    assert ["Bridges Clinic", "not applicable"] in rows


def test_xlsx_is_a_real_workbook_with_the_same_content():
    workbook = openpyxl.load_workbook(io.BytesIO(report_xlsx(built_report(threshold=4))))
    about = workbook["About"]
    header = {row[0]: row[1] for row in about.iter_rows(values_only=True)}
    assert header["Period"] == "2026-01-01 to 2026-06-30"
    assert header["Suppression threshold"] == "4"
    sheet = workbook[workbook.sheetnames[1]]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Referrals by partner"
    assert ("Harbor Legal Aid", 731, 517) in rows
    assert ('\'=HYPERLINK("http://x")', 642, "fewer than 5 or hidden") in rows
    # No cell of the workbook is a formula.
    for worksheet in workbook:
        for row in worksheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
