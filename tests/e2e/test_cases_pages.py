"""Case pages in the browser: find a survivor, log a note, break-glass and its review."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases import services
from cases.models import BreakGlassGrant
from organization.models import Program
from tests.e2e.browser import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def program(db):
    return Program.objects.create(name="Browser program")


def open_case(lead, program, name, **identity):
    return services.case_open(
        actor=lead,
        program=program,
        identity=services.Identity(preferred_name=name, **identity),
    )


def test_advocate_finds_a_survivor_by_exact_name_and_logs_a_note(page, advocate, program):
    open_case(advocate, program, "Amara", legal_name="Amara Okafor")
    open_case(advocate, program, "Beatriz")
    sign_in(page, advocate)

    page.get_by_role("link", name="Caseload", exact=True).first.click()
    expect(page.get_by_role("heading", name="Caseload", level=1)).to_be_visible()
    assert_accessible(page, "the caseload")

    page.get_by_label("Find a survivor by exact name").fill("amara okafor")
    page.evaluate("window.sameDocument = true")
    page.get_by_role("button", name="Find", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("1 survivor matches this exact name.")
    assert "okafor" not in page.url.lower()
    # Only the results were replaced: the page, and what was typed, stayed.
    assert page.evaluate("window.sameDocument === true")
    expect(page.get_by_label("Find a survivor by exact name")).to_have_value("amara okafor")
    assert_accessible(page, "the caseload with search results")
    expect(page.get_by_role("link", name="Beatriz")).to_have_count(0)
    page.get_by_role("link", name="Amara", exact=True).click()

    expect(page.get_by_role("heading", name="Amara", level=1)).to_be_visible()
    assert_accessible(page, "the case page")
    page.get_by_role("link", name="Log a note").click()
    contact_at = page.get_by_label("Date and time of contact")
    if not contact_at.input_value():
        contact_at.fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Note", exact=True).fill("Met at the library; she chose the housing goal.")
    page.get_by_role("button", name="Save note").click()

    timeline = page.locator(".timeline-panel")
    expect(timeline).to_contain_text("Contact note")


def test_intake_with_errors_is_accessible(page, advocate, program):
    sign_in(page, advocate)
    page.goto("/cases/new/")
    page.get_by_label("Preferred name").fill("Dana")
    page.locator("#id_date_of_birth").fill("2999-01-01")
    page.get_by_role("button", name="Open the case").click()

    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator(".error-summary")).to_contain_text("after the intake date")
    assert_accessible(page, "the intake form with errors")


def test_supervisor_uses_break_glass_and_another_supervisor_reviews_it(
    page, browser, live_server, advocate, make_user, program
):
    case = open_case(advocate, program, "Noor")
    reviewer = make_user("supervisor", full_name="Rhea Reviewer")
    program.supervisors.add(reviewer)
    elsewhere = make_user("supervisor", full_name="Elif Elsewhere")
    Program.objects.create(name="Other program").supervisors.add(elsewhere)

    sign_in(page, elsewhere)
    page.goto("/cases/break-glass/")
    page.get_by_label("Case number").fill(case.number)
    page.get_by_label("Why do you need this case now?").fill("Hospital called about her at 2am")
    page.get_by_role("button", name="Open the case with break-glass").click()
    expect(page.get_by_role("heading", name="Noor", level=1)).to_be_visible()
    expect(page.get_by_text("You are here through break-glass until")).to_be_visible()

    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    try:
        other = context.new_page()
        sign_in(other, reviewer)
        other.get_by_role("link", name="Break-glass review", exact=True).first.click()
        row = other.get_by_role("row").filter(has_text="Elif Elsewhere")
        expect(row).to_contain_text(case.number)
        expect(row).to_contain_text("Hospital called about her at 2am")
        row.get_by_role("button", name=f"Mark {case.number} reviewed").click()
        expect(other.get_by_role("status")).to_contain_text("Marked as reviewed.")
    finally:
        context.close()
    assert BreakGlassGrant.objects.get().reviewed_by == reviewer
