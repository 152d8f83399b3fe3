"""Clinicians in the browser: a PHQ-9 recorded with the survivor and its chart; an advocate
asks for a clinician and a supervisor approves — each page checked with axe."""

import pytest
from playwright.sync_api import expect

from cases import services as case_services
from clinicians import services
from clinicians.models import Assignment
from organization.models import Program
from tests.clinicians.conftest import give_profile
from tests.e2e.browser import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def program(supervisor):
    program = Program.objects.create(name="Clinical browser program")
    program.supervisors.add(supervisor)
    return program


@pytest.fixture
def case(advocate, program):
    return case_services.case_open(
        actor=advocate, program=program, identity=case_services.Identity(preferred_name="Mariela")
    )


def test_a_clinician_records_a_phq9_and_sees_the_chart(page, clinician, advocate, supervisor, case):
    give_profile(clinician)
    request = services.assignment_request(actor=advocate, case=case, clinician=clinician)
    services.assignment_approve(actor=supervisor, assignment=request)
    services.measure_record(actor=clinician, case=case, instrument="phq9", answers=[2] * 9)

    sign_in(page, clinician)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My survivors").click()
    expect(page.get_by_role("heading", name="My survivors")).to_be_visible()
    assert_accessible(page, "my survivors")
    page.get_by_role("link", name="Mariela").click()
    page.get_by_role("link", name="Give the PHQ-9").click()
    assert_accessible(page, "the PHQ-9 form")
    for number in range(1, 10):
        group = page.get_by_role("group", name=f"{number}.")
        answer = "Declined to answer" if number == 4 else "0 · Not at all"
        group.get_by_label(answer).check()
    page.get_by_role("button", name="Save and score").click()

    expect(page.get_by_text("points lower (fewer symptoms)")).to_be_visible()
    assert_accessible(page, "the PHQ-9 result")
    page.get_by_role("link", name="See the progress chart").click()
    expect(page.get_by_role("img", name="PHQ-9 totals over time")).to_be_visible()
    expect(page.locator("table tbody tr")).to_have_count(2)
    expect(page.get_by_text("clinically meaningful").first).to_be_visible()
    assert_accessible(page, "the progress chart")


def test_an_advocate_asks_for_a_match_and_a_supervisor_approves(
    page, browser, live_server, advocate, supervisor, clinician, case
):
    give_profile(clinician)
    sign_in(page, advocate)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Clinician for this survivor").click()
    page.get_by_role("link", name="Record the wishes").click()
    assert_accessible(page, "the wishes form")
    page.get_by_label("In the survivor's own words").fill("A woman who speaks Spanish, and EMDR.")
    page.get_by_label("Language for therapy").fill("spanish")
    page.get_by_label("Clinician's gender").select_option("woman")
    page.get_by_role("group", name="Approaches wanted").get_by_label("EMDR").check()
    page.get_by_role("button", name="Save the wishes").click()

    expect(page.get_by_text("Speaks spanish").first).to_be_visible()
    assert_accessible(page, "the matching list")
    page.get_by_role("button", name=f"Ask for {clinician.full_name}").click()
    expect(page.get_by_role("status").first).to_contain_text("is asked for")

    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    other = context.new_page()
    try:
        sign_in(other, supervisor)
        other.goto("/clinicians/overview/")
        assert_accessible(other, "the supervisors' view")
        other.get_by_role("button", name="Approve").click()
        expect(other.get_by_role("status").first).to_contain_text("has joined the case team")
    finally:
        context.close()
    assert Assignment.objects.get().status == "approved"
    assert case.team.filter(user=clinician, until__isnull=True).exists()
