"""What a person does in the browser, step by step, and the accessibility check of a page."""

import os

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD, device_of

CODE_LABEL = "Code from your authenticator app, or a backup code"
# axe rules at these impacts fail a test; "minor" and "moderate" findings are left to review.
BLOCKING_IMPACTS = {"serious", "critical"}
MAX_TABS = 60

_axe = Axe()


def open_sign_in(page: Page) -> None:
    page.goto("/accounts/sign-in/")


def enter_password(page: Page, user, password: str = TEST_PASSWORD) -> None:
    expect(page.get_by_role("heading", name="Sign in to Alongside")).to_be_visible()
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Continue").click()


def enter_code(page: Page, code: str) -> None:
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    page.get_by_label(CODE_LABEL).fill(code)
    page.get_by_role("button", name="Sign in", exact=True).click()


def sign_in(page: Page, user) -> None:
    """Both steps through the real pages, with the code the person's app would show now."""
    open_sign_in(page)
    enter_password(page, user)
    enter_code(page, device_of(user).current_token())
    expect(page.get_by_role("button", name="Sign out", exact=True)).to_be_visible()


def tab_to(page: Page, name: str) -> None:
    """Press Tab until the focused element's accessible text is ``name``, as a keyboard user."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const element = document.activeElement;
                if (!element) return "";
                const label = element.labels && element.labels[0];
                return (label ? label.textContent : element.textContent || element.value || "")
                    .replace(/\\s+/g, " ").trim();
            }"""
        )
        if focused == name or focused.startswith(f"{name} "):
            return
    raise AssertionError(f"Tab never reached {name!r} within {MAX_TABS} presses.")


def _describe(violation: dict) -> str:
    lines = [f"[{violation['impact']}] {violation['id']}: {violation['help']}"]
    lines.append(f"    {violation['helpUrl']}")
    for node in violation["nodes"]:
        lines.append(f"    at {', '.join(map(str, node['target']))}")
        summary = node.get("failureSummary", "").replace("\n", "\n       ")
        lines.append(f"       {summary}")
    return "\n".join(lines)


def assert_accessible(page: Page, what: str) -> None:
    """Run axe-core on the page as it stands; fail on serious or critical violations."""
    violations = _axe.run(page).response["violations"]
    if os.environ.get("ALONGSIDE_AXE_VERBOSE"):
        print(f"axe on {what}:", *(f"\n  [{v['impact']}] {v['id']}" for v in violations))
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        details = "\n".join(_describe(violation) for violation in blocking)
        raise AssertionError(f"Accessibility violations on {what} ({page.url}):\n{details}")
