"""Reports in the browser: an administrator runs the referral report for a period and a service
category by keyboard, sees the charts with hidden counts drawn as hidden, and downloads the
XLSX, which opens as a real workbook with the same hiding — each page checked with axe."""

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.e2e.browser import assert_accessible, sign_in, tab_to
from tests.reports.conftest import world  # noqa: F401 (a fixture: the small organization)

pytestmark = pytest.mark.e2e


def test_an_administrator_runs_the_referral_report_and_downloads_the_xlsx(
    page,
    administrator,
    world,  # noqa: F811
    tmp_path,
):
    sign_in(page, administrator)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
    assert_accessible(page, "the reports index")
    page.get_by_role("link", name="Referral report").click()
    assert_accessible(page, "the referral report form")

    page.get_by_label("Choose the dates").check()
    page.get_by_label("From").fill("2026-01-01")
    page.get_by_label("To (inclusive)").fill("2026-03-31")
    page.get_by_label("Service category").select_option(label=world.housing.name)
    tab_to(page, "Run the report")
    page.keyboard.press("Enter")

    # The report is counted in the request (a short period): give it time on a slow machine.
    expect(page.get_by_role("heading", name="Referral report")).to_be_visible(timeout=60_000)
    chart = page.get_by_role("img").first
    expect(chart).to_be_visible()
    # A hidden count is a hatched marker, and the table says it in words.
    expect(page.locator(".report-chart__hidden").first).to_be_visible()
    expect(page.locator("table .report-hidden").first).to_have_text("fewer than 5 or hidden")
    assert_accessible(page, "the referral report")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download XLSX").click()
    saved = tmp_path / download.value.suggested_filename
    assert saved.suffix == ".xlsx"
    download.value.save_as(saved)
    workbook = openpyxl.load_workbook(saved)
    about = {row[0]: row[1] for row in workbook["About"].iter_rows(values_only=True)}
    assert about["Period"] == "2026-01-01 to 2026-03-31"
    assert about["Suppression threshold"] == "4"
    assert world.housing.name in about.values()
    cells = [
        value
        for sheet in workbook.worksheets[1:]
        for row in sheet.iter_rows(values_only=True)
        for value in row
    ]
    assert "fewer than 5 or hidden" in cells
