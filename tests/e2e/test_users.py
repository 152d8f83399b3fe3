"""An administrator manages users from the Users page, keyboard only."""

import pytest
from playwright.sync_api import expect

from accounts import change_requests
from accounts.models import User
from tests.e2e.browser import assert_accessible, sign_in, tab_to

pytestmark = pytest.mark.e2e


def test_administrator_adds_a_user_with_the_keyboard_alone(page, administrator):
    sign_in(page, administrator)
    page.goto("/accounts/users/")
    assert_accessible(page, "the users list")

    tab_to(page, "Add a user")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Add a user", level=1)).to_be_visible()

    tab_to(page, "Full name")
    page.keyboard.type("Noor Newcomer")
    tab_to(page, "Email")
    page.keyboard.type("noor.newcomer@staff.alongside.test")
    tab_to(page, "Role")
    page.keyboard.type("Clinician")  # typing an option's name selects it in a closed <select>
    expect(page.get_by_label("Role")).to_have_value("clinician")
    tab_to(page, "Add user and email a password link")
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Noor Newcomer can now set a password")
    tab_to(page, "All users")
    page.keyboard.press("Enter")
    row = page.get_by_role("row").filter(has_text="noor.newcomer@staff.alongside.test")
    expect(row).to_contain_text("Noor Newcomer")
    # A role that sees survivors waits for a second administrator; until then, no role.
    expect(row).to_contain_text("No role")
    person = User.objects.get(email="noor.newcomer@staff.alongside.test")
    assert person.role is None
    assert person.change_requests.get().payload["role"] == "clinician"
    page.goto("/accounts/users/changes/")
    # The change in words: the role by its label, never its stored value.
    expect(page.get_by_role("row").filter(has_text="Noor Newcomer")).to_contain_text("Clinician")
    assert_accessible(page, "the account changes waiting for approval")


def test_user_form_with_errors_is_accessible(page, administrator):
    sign_in(page, administrator)
    page.goto("/accounts/users/new/")
    page.get_by_role("button", name="Add user and email a password link").click()

    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page, "the user form with errors")


def test_security_and_api_token_pages_are_accessible(page, advocate):
    sign_in(page, advocate)
    page.goto("/accounts/security/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, "the security page")

    # Tokens are reached from Security, not from the top navigation.
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="API tokens")
    ).to_have_count(0)
    page.get_by_role("link", name="Manage your API tokens").click()
    expect(page.get_by_role("heading", name="Personal API tokens", level=1)).to_be_visible()
    assert_accessible(page, "the API tokens page")


def test_the_account_holder_confirmation_page_is_accessible(page, administrator, make_user):
    holder = make_user("partner", full_name="Parker Partner")
    change_request = change_requests.change_request_open(
        actor=administrator,
        kind="email",
        subject=holder,
        payload={"email": "parker.new@staff.alongside.test"},
    )
    # The holder follows the mailed link, signed out: the signed link is the proof.
    page.goto(f"/accounts/changes/confirm/?token={change_requests.holder_token(change_request)}")
    expect(page.get_by_role("heading", name="A change to your account", level=1)).to_be_visible()
    expect(page.get_by_text("parker.new@staff.alongside.test")).to_be_visible()
    expect(page.get_by_role("button", name="Decline the change")).to_be_visible()
    assert_accessible(page, "the account-change confirmation page")
