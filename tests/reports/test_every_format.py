"""Suppression holds in every format, on the engine's own report of a small organization
(``world``): every cell the engine hid reads "fewer than 5 or hidden" on the page, in the CSV,
in the XLSX and in the API, at the same place, and never as a number. The background path stores the
same numbers as the direct one."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from reports import runs, tasks
from reports.results import HIDDEN
from reports.serialize import report_to_json

pytestmark = pytest.mark.django_db

DATA = {"preset": "custom", "period_start": "2026-01-01", "period_end": "2026-03-31"}
WORDS = "fewer than 5 or hidden"


def _hidden_places(report):
    return [
        (table.title, str(row.label), index)
        for table in report.tables
        for row in table.rows
        for index, cell in enumerate(row.cells)
        if cell is HIDDEN
    ]


@pytest.fixture
def run(world, administrator):
    return runs.report_run_start(
        actor=administrator, kind="referral", data={**DATA, "threshold": 4}
    )


def test_the_engine_hid_something_here(run):
    assert _hidden_places(runs.run_report(run))


def test_page_shows_every_hidden_cell_as_words(client_for, administrator, run):
    body = client_for(administrator).get(reverse("reports:run", args=[run.pk])).content.decode()
    hidden = _hidden_places(runs.run_report(run))
    assert body.count(f'<span class="report-hidden">{WORDS}</span>') == len(hidden)


def test_csv_and_xlsx_show_every_hidden_cell_as_words(client_for, administrator, run):
    report = runs.run_report(run)
    client = client_for(administrator)
    text = client.get(reverse("reports:download", args=[run.pk, "csv"])).content
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("reports:download", args=[run.pk, "xlsx"])).content)
    )
    sheets = workbook.worksheets[1:]
    for number, table in enumerate(report.tables):
        start = rows.index([table.title])
        sheet = list(sheets[number].iter_rows(values_only=True))
        assert sheet[0][0] == table.title
        for row in table.rows:
            in_csv = next(r for r in rows[start:] if r and r[0] == str(row.label))
            in_xlsx = next(r for r in sheet if r and r[0] == str(row.label))
            for index, cell in enumerate(row.cells):
                if cell is HIDDEN:
                    assert in_csv[index + 1] == WORDS
                    assert in_xlsx[index + 1] == WORDS
                elif isinstance(cell, int):
                    assert in_csv[index + 1] == str(cell)
                    assert in_xlsx[index + 1] == cell


def test_api_shows_every_hidden_cell_as_hidden(client_for, administrator, run):
    response = client_for(administrator).get(reverse("reports-api:run-result", args=[run.pk]))
    report = runs.run_report(run)
    data = response.json()
    for table, shown in zip(report.tables, data["tables"], strict=True):
        for row, shown_row in zip(table.rows, shown["rows"], strict=True):
            for cell, shown_cell in zip(row.cells, shown_row["cells"], strict=True):
                if cell is HIDDEN:
                    assert shown_cell == {"hidden": True, "shown": WORDS}
                else:
                    assert shown_cell == cell


def _numbers(report):
    data = report_to_json(report)
    data.pop("generated_at")
    return data


def test_background_path_gives_the_same_numbers(world, administrator, settings):
    direct = runs.report_run_start(actor=administrator, kind="referral", data=DATA)
    settings.REPORT_BACKGROUND_AFTER_DAYS = 30
    queued = runs.report_run_start(actor=administrator, kind="referral", data=DATA)
    assert queued.in_background
    tasks.report_run.apply(args=[str(queued.pk)])
    queued.refresh_from_db()
    assert _numbers(runs.run_report(queued)) == _numbers(runs.run_report(direct))


def test_funder_report_runs_too(world, administrator, client_for):
    run = runs.report_run_start(actor=administrator, kind="funder", data=DATA)
    assert run.status == "done"
    body = client_for(administrator).get(reverse("reports:run", args=[run.pk])).content.decode()
    assert "Funder report" in body and "<svg" in body
