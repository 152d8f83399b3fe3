# Not committed: screenshots of the reports' pages for review.
import pytest

from reports import runs
from reports.choices import RunStatus
from reports.models import ReportRun
from reports import services as engine
from tests.e2e.browser import sign_in
from tests.reports.conftest import world  # noqa: F401

pytestmark = pytest.mark.e2e
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def test_shots(page, administrator, world):  # noqa: F811
    run = runs.report_run_start(
        actor=administrator,
        kind="referral",
        data={"preset": "custom", "period_start": "2026-01-01", "period_end": "2026-03-31"},
    )
    funder = runs.report_run_start(
        actor=administrator,
        kind="funder",
        data={"preset": "custom", "period_start": "2026-01-01", "period_end": "2026-03-31"},
    )
    running = ReportRun.objects.create(
        requested_by=administrator, kind="referral",
        parameters={"period_start": "2025-01-01", "period_end": "2025-12-31"},
        status=RunStatus.RUNNING, progress=45, step="Counting records", in_background=True,
    )
    pack = engine.pack_create(actor=administrator, period_start="2026-01-01", period_end="2026-03-31")
    sign_in(page, administrator)
    page.set_default_timeout(90_000)
    page.set_default_navigation_timeout(90_000)
    pages = {
        "index": "/reports/",
        "form": "/reports/referral/new/",
        "run": f"/reports/runs/{run.pk}/",
        "funder": f"/reports/runs/{funder.pk}/",
        "progress": f"/reports/runs/{running.pk}/",
        "packs": "/reports/packs/",
        "pack": f"/reports/packs/{pack.pk}/",
    }
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        for name, url in pages.items():
            page.goto(url)
            page.screenshot(path=f"/tmp/rep-shots/{name}-{size}.png")
            overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
            print(name, size, "page overflow" if overflow else "no overflow")
        page.goto("/reports/referral/new/")
        page.get_by_label("Choose the dates").check()
        page.get_by_label("From").fill("2026-03-01")
        page.get_by_label("To (inclusive)").fill("2026-01-01")
        page.get_by_role("button", name="Run the report").click()
        page.screenshot(path=f"/tmp/rep-shots/form-error-{size}.png")
        page.goto(f"/reports/packs/{pack.pk}/")
        page.get_by_role("button", name="Regenerate").click()
        page.screenshot(path=f"/tmp/rep-shots/pack-regenerated-{size}.png")
        page.goto(f"/reports/runs/{run.pk}/")
        page.screenshot(path=f"/tmp/rep-shots/run-full-{size}.png", full_page=True)
