"""Recording on a case in the browser: a note by keyboard alone, check-ins and their chart."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases import services
from cases.choices import SafetyFlag
from cases.models import CaseNote
from organization.models import Program
from tests.e2e.browser import assert_accessible, sign_in, tab_to

pytestmark = pytest.mark.e2e


@pytest.fixture
def case(advocate):
    program = Program.objects.create(name="Records browser program")
    return services.case_open(
        actor=advocate, program=program, identity=services.Identity(preferred_name="Lina")
    )


def test_the_first_screen_holds_the_banner_safe_contact_and_the_latest_entry(page, advocate, case):
    services.safety_update(
        actor=advocate, case=case, flags=[SafetyFlag.DO_NOT_DISCLOSE_LOCATION], plan="Shelter"
    )
    services.safe_contact_update(actor=advocate, case=case, calls_ok=False, codeword="blue kite")
    services.goal_create(
        actor=advocate, case=case, domain="housing", own_words="A place of my own", steps=[]
    )
    for days_ago in range(12):
        services.note_create(
            actor=advocate,
            case=case,
            kind="contact",
            body=f"Note {days_ago}",
            contact_at=timezone.now() - datetime.timedelta(days=days_ago),
            method="phone",
        )
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, advocate)
    page.goto(f"/cases/{case.pk}/")

    for what in (
        page.locator(".safety-banner"),
        page.locator(".safe-contact"),
        page.locator(".timeline__entry").first,
    ):
        box = what.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 900, box
    assert_accessible(page, "the case page")


def test_a_note_by_keyboard_alone_in_place(page, advocate, case):
    sign_in(page, advocate)
    page.goto(f"/cases/{case.pk}/")
    page.evaluate("window.sameDocument = true")
    tab_to(page, "Log a note")
    page.keyboard.press("Enter")
    # The form opened in place, with the focus on its first field.
    expect(page.locator("#case-form select").first).to_be_focused()
    assert page.evaluate("window.sameDocument === true")
    assert_accessible(page, "the case page with the note form open")
    tab_to(page, "Minutes")
    page.keyboard.type("25")
    page.keyboard.press("Tab")
    page.keyboard.type("Called as agreed; she is settling in well.")
    page.keyboard.press("Control+Enter")

    expect(page.get_by_role("status").first).to_contain_text("Note saved.")
    note = CaseNote.objects.get(case=case)
    assert note.duration_minutes == 25
    page.locator(".timeline-panel").get_by_role("link", name="Contact note").click()
    expect(page.get_by_text("Called as agreed; she is settling in well.")).to_be_visible()
    assert_accessible(page, "a note")


def test_check_in_form_and_chart_are_accessible(page, advocate, case):
    today = timezone.localdate()
    for days_ago, value in ((20, 2), (10, 3)):
        services.check_in_record(
            actor=advocate,
            case=case,
            ratings={"stability": value, "boundaries": value + 1},
            checked_on=today - datetime.timedelta(days=days_ago),
        )
    sign_in(page, advocate)
    page.goto(f"/cases/{case.pk}/check-ins/new/")
    assert_accessible(page, "the check-in form")
    page.get_by_role("group", name="Stability").get_by_label("5").check()
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("status").first).to_contain_text("Check-in recorded.")

    page.goto(f"/cases/{case.pk}/check-ins/")
    expect(page.get_by_role("img", name="Stability")).to_be_visible()
    expect(page.locator(".recovery-table tbody tr")).to_have_count(3)
    assert_accessible(page, "the recovery chart")


def test_an_edit_conflict_shows_both_versions(page, advocate, clinician, case):
    services.team_member_add(actor=advocate, case=case, user=clinician, team_role="clinician")
    note = services.note_create(
        actor=advocate,
        case=case,
        kind="contact",
        body="First words.",
        contact_at=timezone.now(),
        method="phone",
    )
    sign_in(page, advocate)
    page.goto(f"/cases/{case.pk}/notes/{note.pk}/edit/")
    page.get_by_label("Note", exact=True).fill("My words.")
    # Meanwhile the clinician saves first.
    services.note_update(
        actor=clinician,
        note=note,
        version=note.version,
        kind="contact",
        body="Their words.",
        contact_at=note.contact_at,
        method="phone",
    )
    page.get_by_role("button", name="Save changes").click()

    expect(page.get_by_role("heading", name="Someone else saved this note first")).to_be_visible()
    expect(page.locator('[data-version="theirs"]')).to_contain_text("Their words.")
    expect(page.locator('[data-version="yours"]')).to_contain_text("My words.")
    assert CaseNote.objects.get(pk=note.pk).body == "Their words."
    assert_accessible(page, "the edit conflict")
