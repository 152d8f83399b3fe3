"""The browser harness: Playwright driving Debian's Chromium against pytest-django's live server.

One browser for the whole session (starting Chromium is the slow part), a fresh context per test
(so no cookie or session leaks from one person to the next). A failing test leaves a screenshot
and the page's HTML in ``test-results/`` for whoever reads the CI log.
"""

import os
import re
from pathlib import Path

import pytest

from tests.conftest import running_in_ci

# Playwright's sync API runs an asyncio event loop in the test thread. Django sees that loop and
# refuses ORM calls from the test body (SynchronousOnlyOperation), although the calls really are
# synchronous and the loop is idle while they run. Nothing here is async code, so the guard has
# nothing to protect; it must be lifted before Django looks at it, hence at import time.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("ALONGSIDE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root in containers, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-dev-shm-usage",  # container /dev/shm is often 64 MB, too small for Chromium
    "--disable-background-networking",  # no calls home: the tests must not touch the network
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"
# Long enough for a slow CI machine, short enough that a missing element fails in seconds.
TIMEOUT_MS = 10_000


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item, so the page fixture can tell whether the test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = (
            f"Chromium is not installed at {CHROMIUM}: install Debian's 'chromium' package "
            "(apt-get install chromium) to run the browser tests."
        )
        if running_in_ci():
            pytest.fail(f"CI must run the browser tests. {message}", pytrace=False)
        pytest.skip(message)

    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


@pytest.fixture(autouse=True)
def _roles(transactional_db):
    # Live-server tests run in transactions that are flushed afterwards, which empties the role
    # groups the data migration created; put them back (idempotent) before each test.
    from accounts.roles import sync_role_groups

    sync_role_groups()


def _artefact_stem(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")[:150]


@pytest.fixture
def page(browser, live_server, request):
    """A page in a fresh browser context whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        RESULTS_DIR.mkdir(exist_ok=True)
        stem = RESULTS_DIR / _artefact_stem(request.node.nodeid)
        try:
            page.screenshot(path=f"{stem}.png", full_page=True)
            Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
        except Exception as error:  # the page may be gone; the test failure matters more
            print(f"Could not save the failing page: {error}")
        else:
            print(f"Saved the failing page to {stem}.png and {stem}.html")
    context.close()
