"""Consent in the browser: an advocate records a verbal release for one agency and two
categories, previews the packet, sees it in the grid, revokes it and sees it revoked."""

import datetime

import pytest
from playwright.sync_api import expect

from cases import services as case_services
from directory import services as directory_services
from organization.models import Program
from tests.e2e.browser import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def case(db, advocate):
    program = Program.objects.create(name="Browser consent program")
    return case_services.case_open(
        actor=advocate,
        program=program,
        identity=case_services.Identity(
            preferred_name="Rosa",
            legal_name="Rosa Maria Alvarez",
            phone="+1 202 555 0142",
            date_of_birth=datetime.date(1991, 3, 4),
        ),
    )


@pytest.fixture
def agency(administrator):
    organization = directory_services.organization_create(
        actor=administrator, name="Harbor Housing"
    )
    directory_services.service_create(
        actor=administrator, organization=organization, name="Transitional housing"
    )
    return organization


def test_advocate_records_previews_sees_and_revokes_a_release(page, advocate, case, agency):
    sign_in(page, advocate)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Consent and sharing").click()
    expect(page.get_by_role("heading", name="Consent and sharing", level=1)).to_be_visible()
    expect(page.get_by_text("Nothing is shared with anyone.")).to_be_visible()
    assert_accessible(page, "the consent page, empty")

    page.get_by_role("link", name="Record a release").click()
    page.get_by_label("A partner organization").check()
    page.get_by_role("combobox", name="Partner organization").select_option(label="Harbor Housing")
    page.get_by_label("Identity (names, date of birth)").check()
    page.get_by_label("Contact details").check()
    page.get_by_label("Referral").check()
    page.get_by_label("Verbal (to be confirmed in writing)").check()
    assert_accessible(page, "the release form")
    page.get_by_role("button", name="Preview what they would receive").click()

    preview = page.get_by_role("region", name="What they would receive")
    expect(preview).to_contain_text("Rosa Maria Alvarez")
    expect(preview).to_contain_text("+1 202 555 0142")
    expect(preview).not_to_contain_text("Type of trafficking")
    # The program is governed by VAWA/FVPSA (the default): nothing goes until it is written.
    expect(preview).to_contain_text("nothing goes under a verbal release until the survivor")
    assert_accessible(page, "the release form with its preview")
    preview.get_by_role("button", name="Save the release").click()

    expect(page.get_by_text("The release is recorded.")).to_be_visible()
    page.get_by_role("link", name="← Consent and sharing").click()
    grid = page.get_by_role("table")
    expect(grid).to_contain_text("Harbor Housing")
    expect(grid).to_contain_text("Verbal: permits nothing until confirmed in writing")
    expect(page.locator(".consent-cell--waiting")).to_have_count(2)
    expect(page.get_by_text("only a written release permits sharing.")).to_be_visible()
    assert_accessible(page, "the consent page with a release")

    page.get_by_role("link", name="Revoke Harbor Housing").click()
    page.get_by_label("By phone").check()
    assert_accessible(page, "the revoke form")
    page.get_by_role("button", name="Revoke now").click()

    expect(
        page.get_by_text("The release is revoked. Nothing more goes out under it.")
    ).to_be_visible()
    expect(page.locator(".consent-status")).to_have_text("Revoked")
    expect(
        page.get_by_text("Nothing was shared under it, so there is nobody to tell.")
    ).to_be_visible()
    assert_accessible(page, "the revoked release")
    page.get_by_role("link", name="← Consent and sharing").click()
    expect(page.get_by_text("Nothing is shared with anyone.")).to_be_visible()
    expect(page.get_by_role("region", name="No longer in force")).to_contain_text("Revoked")
