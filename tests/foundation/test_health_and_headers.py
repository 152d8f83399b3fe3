"""``/healthz`` and the security headers every response carries."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_broker(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] == ("ok" if settings.REDIS_URL else "in-process")
    assert set(body) == {"status", "database", "broker"}


@override_settings(REDIS_URL="redis://127.0.0.1:1/0")
def test_healthz_reports_an_unreachable_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body == {"status": "unavailable", "database": "ok", "broker": "unavailable"}
    # No address, password or version leaks into the answer.
    assert b"127.0.0.1" not in response.content


def test_content_security_policy_allows_no_inline_script(client):
    policy = client.get("/accounts/sign-in/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert directives["frame-ancestors"] == "'none'"


def test_pages_refuse_framing_and_referrers(client):
    response = client.get("/accounts/sign-in/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_templates_carry_no_inline_script(client):
    html = client.get("/accounts/sign-in/").content.decode()
    assert "<script>" not in html
    assert "<script src=" in html
    assert "http://" not in html and "https://" not in html, "no external requests"


def test_unknown_page_gives_our_404(client_for, advocate):
    response = client_for(advocate).get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()
