"""Referrals in the browser: an advocate sends a referral carrying what the survivor released to
the agency; a user of that agency accepts it in the portal; the advocate sees it accepted."""

import datetime

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from cases import services as case_services
from consent import services as consent_services
from consent.choices import ConsentMethod, DataCategory, Purpose, Signer
from consent.recipients import Recipient
from directory import services as directory_services
from directory.models import PartnerUser
from organization.models import Program
from tests.e2e.browser import assert_accessible, sign_in, tab_to

pytestmark = pytest.mark.e2e


@pytest.fixture
def case(db, advocate):
    program = Program.objects.create(name="Browser referral program")
    case = case_services.case_open(
        actor=advocate,
        program=program,
        identity=case_services.Identity(
            preferred_name="Rosa",
            legal_name="Rosa Maria Alvarez",
            phone="+1 202 555 0142",
            date_of_birth=datetime.date(1991, 3, 4),
        ),
    )
    case_services.safe_contact_update(
        actor=advocate, case=case, calls_ok=True, safe_times="Mornings before ten"
    )
    return case


@pytest.fixture
def agency(administrator, advocate, case):
    organization = directory_services.organization_create(
        actor=administrator, name="Harbor Housing"
    )
    directory_services.service_create(
        actor=administrator, organization=organization, name="Transitional housing"
    )
    consent_services.release_grant(
        actor=advocate,
        case=case,
        recipient=Recipient.organization(organization.pk),
        categories=[DataCategory.IDENTITY, DataCategory.CONTACT],
        purposes=[Purpose.REFERRAL],
        method=ConsentMethod.WRITTEN,
        signer=Signer.SURVIVOR,
    )
    return organization


@pytest.fixture
def harbor_partner(make_user, agency, administrator):
    user = make_user(Role.PARTNER, full_name="Pat Harbor")
    PartnerUser.objects.create(user=user, organization=agency, added_by=administrator)
    return user


def test_advocate_sends_partner_accepts_advocate_sees_it(
    page, browser, live_server, advocate, case, agency, harbor_partner
):
    sign_in(page, advocate)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Refer to a service").click()
    expect(page.get_by_role("heading", name="Refer Rosa", level=1)).to_be_visible()
    expect(page.get_by_text("release on file")).to_be_visible()
    page.get_by_label("Transitional housing").check()
    assert_accessible(page, "the send page, choosing where")
    page.get_by_role("button", name="See what would go").click()

    expect(page.get_by_role("heading", name="What will go")).to_be_visible()
    expect(page.get_by_label("Identity (names, date of birth)")).to_be_checked()
    expect(page.get_by_label("Contact details")).to_be_checked()
    expect(page.get_by_role("heading", name="How they may contact the survivor")).to_be_visible()
    expect(page.get_by_text("Mornings before ten").last).to_be_visible()
    expect(page.get_by_role("heading", name="What will not go, and why")).to_be_visible()
    assert_accessible(page, "the send page, what would go")
    # Keyboard only: untick contact details, then send.
    tab_to(page, "Contact details")
    page.keyboard.press("Space")
    expect(page.get_by_label("Contact details")).not_to_be_checked()
    tab_to(page, "Send to Harbor Housing")
    page.keyboard.press("Enter")

    expect(page.get_by_text("The referral is sent.")).to_be_visible()
    expect(page.locator(".referral-state").get_by_text("Sent", exact=True)).to_be_visible()
    expect(page.get_by_text("Identity (names, date of birth)")).to_be_visible()
    assert_accessible(page, "the referral, as its sender sees it")

    partner_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    partner_page = partner_context.new_page()
    try:
        sign_in(partner_page, harbor_partner)
        partner_page.get_by_role("navigation", name="Main").get_by_role(
            "link", name="Referrals"
        ).click()
        expect(partner_page.get_by_role("heading", name="Referrals to your agency")).to_be_visible()
        expect(partner_page.get_by_text("Rosa")).to_have_count(0)
        assert_accessible(partner_page, "the partner's queue")
        partner_page.get_by_role("link", name="Transitional housing").click()
        expect(partner_page.get_by_text("Rosa Maria Alvarez")).to_be_visible()
        expect(partner_page.get_by_text("+1 202 555 0142")).to_have_count(0)  # not ticked
        assert_accessible(partner_page, "the packet and the answer")
        partner_page.get_by_role("button", name="Accept", exact=True).click()
        expect(partner_page.get_by_text("Accepted. The sender is told.")).to_be_visible()
    finally:
        partner_context.close()

    page.reload()
    expect(page.locator(".referral-state").get_by_text("Accepted", exact=True)).to_be_visible()
    expect(page.get_by_text("Pat Harbor (Harbor Housing)")).to_be_visible()
    page.get_by_role("link", name="All referrals of this case").click()
    expect(page.get_by_text("Accepted", exact=True)).to_be_visible()
