"""The partner directory in the browser: an administrator imports HSDS (refused, an older version
refused by name, then accepted), sees the agency's phones and hours, links a partner-agency user
to the agency, and that user sees their services as advocates do and pauses new referrals to
one; an advocate choosing where to refer sees when each service is open and how to call it.

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

    old = tmp_path / "hsds-1.1.json"
    old.write_text(
        json.dumps(
            {
                "id": str(uuid.uuid4()),
                "name": "Older agency",
                "description": "HSDS 1.1",
                "url": "https://older.example",
                "services": [{"id": str(uuid.uuid4()), "name": "Beds", "regular_schedule": []}],
            }
        )
    )
    page.get_by_label("HSDS file").set_input_files(str(old))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("This is HSDS 1.1, not HSDS 3.0", exact=False)).to_be_visible()
    shoot(page, "import-older-version")

    page.get_by_label("HSDS file").set_input_files(str(EXAMPLE))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", name="Imported")).to_be_visible()
    page.get_by_text("What was read but not kept").click()
    expect(page.get_by_role("cell", name="locations.url")).to_be_visible()
    assert_accessible(page, "an accepted import")
    shoot(page, "import-accepted")

    page.goto("/directory/")
    page.get_by_role("link", name="Example Organization Inc.").click()
    reach = page.get_by_role("region", name="Where and how to reach them")
    expect(reach).to_contain_text("Thursday, Friday, 10:00–18:00")
    expect(reach.get_by_role("link", name='"+44 1234 234567"').first).to_have_attribute(
        "href", "tel:+441234234567,100"
    )
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
    expect(page.get_by_role("region", name="How to reach this service")).to_contain_text(
        "Our main reception phone number"
    )
    assert_accessible(page, "the service page with its phones and hours")
    shoot(page, "service")

    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    partner_page = context.new_page()
    sign_in(partner_page, partner)
    partner_page.get_by_role("link", name="Our services").click()
    expect(
        partner_page.get_by_role("heading", name="Services of Example Organization Inc.")
    ).to_be_visible()
    expect(partner_page.get_by_text("Thursday, Friday, 10:00–18:00")).to_be_visible()
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


def test_an_advocate_sees_when_a_service_is_open_and_how_to_call(page, administrator, advocate):
    import datetime

    from cases import services as case_services
    from consent import services as consent_services
    from consent.choices import ConsentMethod, DataCategory, Purpose, Signer
    from consent.recipients import Recipient
    from directory import services as directory_services
    from organization.models import Program

    case = case_services.case_open(
        actor=advocate,
        program=Program.objects.create(name="Browser program"),
        identity=case_services.Identity(
            preferred_name="Rosa",
            legal_name="Rosa Maria Alvarez",
            date_of_birth=datetime.date(1991, 3, 4),
        ),
    )
    agency = directory_services.organization_create(actor=administrator, name="Harbor Housing")
    directory_services.phone_create(
        actor=administrator, organization=agency, number="+1 202 555 0100", type="voice"
    )
    beds = directory_services.service_create(
        actor=administrator, organization=agency, name="Transitional housing"
    )
    directory_services.phone_create(
        actor=administrator,
        service=beds,
        number="+1 202 555 0101",
        extension=3,
        description="Referrals line, weekdays",
    )
    directory_services.schedule_create(
        actor=administrator,
        service=beds,
        byday="MO,TU,WE,TH,FR",
        opens_at="09:00",
        closes_at="17:00",
    )
    directory_services.schedule_create(
        actor=administrator,
        service=beds,
        freq="MONTHLY",
        byday="1SA",
        opens_at="10:00",
        closes_at="13:00",
        description="Drop-in intake",
    )
    directory_services.service_create(
        actor=administrator, organization=agency, name="Rapid rehousing"
    )
    consent_services.release_grant(
        actor=advocate,
        case=case,
        recipient=Recipient.organization(agency.pk),
        categories=[DataCategory.IDENTITY, DataCategory.CONTACT],
        purposes=[Purpose.REFERRAL],
        method=ConsentMethod.WRITTEN,
        signer=Signer.SURVIVOR,
    )
    sign_in(page, advocate)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Refer to a service").click()
    expect(page.get_by_text("Monday to Friday, 09:00–17:00 · +1 202 555 0101")).to_be_visible()
    # A service that lists no phone of its own shows its organization's.
    expect(page.get_by_text("+1 202 555 0100")).to_be_visible()
    assert_accessible(page, "the send page with hours and phones")
    shoot(page, "send-choose")
    page.get_by_label("Transitional housing").check()
    page.get_by_role("button", name="See what would go").click()
    expect(page.get_by_role("link", name="+1 202 555 0101")).to_have_attribute(
        "href", "tel:+12025550101,3"
    )
    expect(page.get_by_text("First Saturday of the month, 10:00–13:00")).to_be_visible()
    assert_accessible(page, "the preview with the service's phones and hours")
    shoot(page, "send-preview")
