"""Sessions end when idle, at their absolute limit, on sign-out everywhere and on deactivation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import services
from accounts.middleware import LAST_SEEN, SIGNED_IN_AT

pytestmark = pytest.mark.django_db


def _age_session(client, **shifts):
    session = client.session
    for key, delta in shifts.items():
        session[key] = (timezone.now() - delta).isoformat()
    session.save()


def test_idle_session_ends_with_an_explanation(client_for, advocate):
    client = client_for(advocate)
    assert client.get("/").status_code == 200
    _age_session(client, **{LAST_SEEN: timedelta(minutes=16)})
    response = client.get("/")
    assert response.status_code == 302
    assert "reason=idle" in response["Location"]
    page = client.get(response["Location"])
    assert "without activity" in page.content.decode()


def test_session_ends_at_its_absolute_limit(client_for, advocate):
    client = client_for(advocate)
    client.get("/")
    _age_session(client, **{SIGNED_IN_AT: timedelta(hours=8, minutes=1)})
    response = client.get("/")
    assert "reason=limit" in response["Location"]
    assert client.get("/").status_code == 302


def test_expired_session_on_the_api_is_a_json_401(client_for, advocate):
    client = client_for(advocate)
    client.get("/api/v1/me")
    _age_session(client, **{LAST_SEEN: timedelta(minutes=30)})
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "session_expired"


def test_sign_out_everywhere_ends_other_sessions(client_for, advocate):
    laptop = client_for(advocate)
    phone = client_for(advocate)
    assert phone.get("/").status_code == 200
    response = laptop.post("/accounts/sign-out/everywhere/")
    assert response.status_code == 302
    assert phone.get("/").status_code == 302
    assert laptop.get("/").status_code == 302


def test_deactivation_ends_sessions_at_next_request(client_for, advocate, administrator):
    client = client_for(advocate)
    assert client.get("/").status_code == 200
    services.user_deactivate(actor=administrator, user=advocate)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


def test_sign_out_requires_post(client_for, advocate):
    client = client_for(advocate)
    assert client.get("/accounts/sign-out/").status_code == 405
    assert client.post("/accounts/sign-out/").status_code == 302
    assert client.get("/").status_code == 302


def test_signed_in_pages_are_never_cached(client_for, advocate):
    response = client_for(advocate).get("/")
    assert response["Cache-Control"] == "no-store"
