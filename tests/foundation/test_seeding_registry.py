"""Seeding stays out of the running product, and seed_demo asks each app for its part."""

import subprocess
import sys

from alongside.seeding import seed_steps

RUNTIME = (
    "import django, sys; django.setup(); "
    "import alongside.urls, alongside.api_urls, alongside.tasks, cases.tasks; "
    "from django.urls import get_resolver; get_resolver().url_patterns; "
    "found = sorted(m for m in sys.modules if m.endswith(('.seeding', '.demo', '.scale')) "
    "or '.seeding.' in m or m == 'alongside.seeding'); print(found); sys.exit(1 if found else 0)"
)


def test_the_urls_views_services_and_tasks_import_no_seeding():
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", RUNTIME],
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": ""},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_each_app_brings_its_steps_in_order():
    names = [f"{step.__module__}.{step.__name__}" for step in seed_steps()]
    assert names == [
        "accounts.seeding._people",
        "directory.seeding._partners",
        "cases.seeding._demo_cases",
        "organization.seeding._programs",
        "consent.seeding._demo_consent",
        "clinicians.seeding._clinicians",
        "referrals.seeding._demo_referrals",
        "cases.seeding._scale",
    ]
