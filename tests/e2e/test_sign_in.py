"""Signing in: password, then the code from the person's authenticator, then their home page."""

import base64
import re

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from accounts.roles import Role
from accounts.services import BACKUP_CODE_COUNT
from tests.e2e.browser import (
    CODE_LABEL,
    assert_accessible,
    enter_code,
    enter_password,
    open_sign_in,
)
from tests.factories import UserFactory, device_of

pytestmark = pytest.mark.e2e

HOME_HEADINGS = {
    Role.ADVOCATE: "Your work as an advocate",
    Role.CLINICIAN: "Your work as a clinician",
    Role.SUPERVISOR: "Your work as a supervisor",
    Role.ADMINISTRATOR: "Your work as an administrator",
    Role.PARTNER: "Your agency's referrals",
    Role.AUDITOR: "Your work as an auditor",
}


@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
def test_person_signs_in_with_password_and_code_and_sees_their_role_home(page, make_user, role):
    person = make_user(role)

    open_sign_in(page)
    if role == Role.ADVOCATE:  # the sign-in page is the same for everyone; check it once
        assert_accessible(page, "the sign-in page")
    enter_password(page, person)
    if role == Role.ADVOCATE:
        assert_accessible(page, "the second-factor page")
    enter_code(page, device_of(person).current_token())

    expect(page.get_by_role("heading", name=HOME_HEADINGS[role])).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(person.full_name)
    assert_accessible(page, f"the {role.value} home page")


def _a_wrong_code(device) -> str:
    # Any code but the ones the device accepts now (the current step and its neighbours).
    current = int(device.current_token())
    return f"{(current + 500_000) % 1_000_000:06d}"


def test_wrong_code_shows_the_error_and_focus_lands_on_the_summary(page, advocate):
    open_sign_in(page)
    enter_password(page, advocate)
    enter_code(page, _a_wrong_code(device_of(advocate)))

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("That code is not right")
    expect(page.get_by_label(CODE_LABEL)).to_have_attribute("aria-invalid", "true")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/verify/$"))
    expect(page.get_by_role("heading", name="Your work as an advocate")).to_have_count(0)
    assert_accessible(page, "the second-factor page with an error")


def test_person_without_an_authenticator_enrols_and_gets_backup_codes(page, db):
    person = UserFactory(role=Role.CLINICIAN, enrolled=False)

    open_sign_in(page)
    enter_password(page, person)

    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    expect(page.locator(".qr svg")).to_be_visible()
    assert_accessible(page, "the enrolment page")
    key = page.locator("code.secret").inner_text().strip()
    padded = key + "=" * (-len(key) % 8)
    code = f"{TOTP(base64.b32decode(padded)).token():06d}"
    page.get_by_label("The 6-digit code your app shows").fill(code)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Save your backup codes")).to_be_visible()
    expect(page.locator("ul.codes li")).to_have_count(BACKUP_CODE_COUNT)
    page.get_by_role("link", name="I have saved them, continue").click()
    expect(page.get_by_role("heading", name="Your work as a clinician")).to_be_visible()
