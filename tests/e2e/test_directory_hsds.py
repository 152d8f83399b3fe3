"""The partner directory in the browser: an administrator imports HSDS (refused, then accepted),
links a partner-agency user to the agency, and that user pauses new referrals to a service.

With HSDS_SHOTS set to a folder, each page is also saved there at 1280×900 and 390×844 (for
the person reviewing the layout; never in CI's artefacts).
"""

import json
import os
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import assert_accessible, sign_in

pytestmark = pytest.mark.e2e

EXAMPLE = (
    Path(__file__).resolve().parents[1]
    / "data"
    / "hsds-3.0"
    / "examples"
    / "organization_full.json"
)
SIZES = {"wide": (1280, 900), "narrow": (390, 844)}


def shoot(page, name: str) -> None:
    folder = os.environ.get("HSDS_SHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for label, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=f"{folder}/{name}-{label}.png")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_import_link_a_partner_and_pause_referrals(
    page, browser, live_server, administrator, partner, tmp_path
):
    sign_in(page, administrator)
    page.goto("/directory/")
    page.get_by_role("link", name="Import HSDS").click()
    expect(page.get_by_role("heading", name="Import HSDS", level=1)).to_be_visible()
    assert_accessible(page, "the HSDS import page")
    shoot(page, "import-empty")

    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            [
                {"id": "not-a-uuid", "name": "Somewhere", "description": ""},
                {"id": str(uuid.uuid4()), "name": 42, "description": ""},
                {
                    "id": str(uuid.uuid4()),
                    "organization_id": str(uuid.uuid4()),
                    "name": "Orphan service",
                    "status": "active",
                },
            ]
        )
    )
    page.get_by_label("HSDS file").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", name="Nothing was imported")).to_be_visible()
    expect(page.get_by_text("3 problems were found.", exact=False)).to_be_visible()
    assert_accessible(page, "a refused import")
    shoot(page, "import-refused")

    page.get_by_label("HSDS file").set_input_files(str(EXAMPLE))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", name="Imported")).to_be_visible()
    assert_accessible(page, "an accepted import")
    shoot(page, "import-accepted")

    page.goto("/directory/")
    page.get_by_role("link", name="Example Organization Inc.").click()
    portal = page.get_by_role("region", name="People of this agency who use the portal")
    portal.get_by_role("combobox", name="Partner-agency account").select_option(
        label=f"{partner.full_name} ({partner.email})"
    )
    portal.get_by_role("button", name="Link to this agency").click()
    expect(page.get_by_text("The account is linked to this agency.")).to_be_visible()
    expect(portal).to_contain_text(partner.email)
    assert_accessible(page, "the organization page with its portal users")
    shoot(page, "organization")
    page.get_by_role("link", name="Community Counselling").click()
    expect(page.get_by_role("button", name="Pause referrals")).to_be_visible()
    shoot(page, "service")

    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    partner_page = context.new_page()
    sign_in(partner_page, partner)
    partner_page.get_by_role("link", name="Our services").click()
    expect(
        partner_page.get_by_role("heading", name="Services of Example Organization Inc.")
    ).to_be_visible()
    shoot(partner_page, "partner-services")
    partner_page.get_by_role("button", name="Pause referrals Community Counselling").click()
    expect(
        partner_page.get_by_text("New referrals to Community Counselling are paused.")
    ).to_be_visible()
    expect(
        partner_page.get_by_role("button", name="Resume referrals Community Counselling")
    ).to_be_visible()
    assert_accessible(partner_page, "the partner's services, one paused")
    shoot(partner_page, "partner-services-paused")
    context.close()


def test_a_partner_without_an_agency_reads_why(page, make_user):
    lonely = make_user("partner", full_name="Lonely Partner")
    sign_in(page, lonely)
    page.goto("/directory/portal/services/")
    expect(page.get_by_text("Your account is not linked to an agency yet")).to_be_visible()
    assert_accessible(page, "the partner's services, no agency")
    shoot(page, "partner-services-unlinked")
