"""The API: personal tokens, the one error shape, and bad input that writes nothing."""

import pytest
from rest_framework.test import APIClient

from accounts import services
from accounts.models import ApiToken
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _bearer(text: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
    return client


def test_me_returns_the_user_and_role(advocate):
    _token, text = services.api_token_create(actor=advocate, name="script")
    response = _bearer(text).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json() == {
        "id": str(advocate.pk),
        "email": advocate.email,
        "full_name": advocate.full_name,
        "role": "advocate",
        "role_label": "Advocate",
    }


def test_verified_browser_session_reaches_the_api(client_for, clinician):
    assert client_for(clinician).get("/api/v1/me").json()["role"] == "clinician"


def test_session_without_second_factor_does_not(client, clinician):
    client.force_login(clinician)
    response = client.get("/api/v1/me")
    assert response.status_code in {401, 403}
    assert response.json()["error"]["code"] == "not_authenticated"


def test_token_is_shown_once_and_stored_hashed(advocate):
    token, text = services.api_token_create(actor=advocate, name="reports")
    secret = text.split("_", 2)[2]
    stored = ApiToken.objects.filter(pk=token.pk).values()[0]
    assert secret not in str(stored)
    assert text not in str(stored)


def test_create_token_through_the_api(client_for, advocate):
    client = client_for(advocate)
    response = client.post(
        "/api/v1/tokens", {"name": "nightly export"}, content_type="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["token"].startswith("alo_")
    assert _bearer(body["token"]).get("/api/v1/me").status_code == 200
    listing = client.get("/api/v1/tokens").json()
    assert listing["count"] == 1
    assert "token" not in listing["results"][0]


def test_revoked_token_is_refused(client_for, advocate):
    token, text = services.api_token_create(actor=advocate, name="old")
    client = client_for(advocate)
    assert client.delete(f"/api/v1/tokens/{token.pk}").status_code == 204
    response = _bearer(text).get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "The API token is not valid or was revoked."


def test_someone_elses_token_cannot_be_revoked(client_for, advocate, clinician):
    token, _text = services.api_token_create(actor=advocate, name="mine")
    assert client_for(clinician).delete(f"/api/v1/tokens/{token.pk}").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize(
    "header",
    ["Bearer nonsense", "Bearer alo_short_x", "Bearer alo_0123456789_", "Bearer a b"],
)
def test_malformed_token_gets_a_clear_401(header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "authentication_failed"
    assert "malformed" in error["message"] or "Authorization header" in error["message"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_unknown_token_gets_401(db):
    response = _bearer("alo_0123456789_" + "x" * 43).get("/api/v1/me")
    assert response.status_code == 401


def test_non_json_body_is_refused_and_writes_nothing(client_for, advocate):
    response = client_for(advocate).post(
        "/api/v1/tokens", "name=oops", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"
    assert not ApiToken.objects.exists()


def test_form_encoded_body_is_unsupported(client_for, advocate):
    response = client_for(advocate).post("/api/v1/tokens", {"name": "x"})
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"


def test_missing_field_gets_a_field_message(client_for, advocate):
    response = client_for(advocate).post("/api/v1/tokens", {}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "invalid",
            "message": "Some fields need attention.",
            "fields": {"name": ["This field is required."]},
        }
    }
    assert not ApiToken.objects.exists()


def test_duplicate_token_name_gets_a_field_message(client_for, advocate):
    client = client_for(advocate)
    client.post("/api/v1/tokens", {"name": "twin"}, content_type="application/json")
    response = client.post("/api/v1/tokens", {"name": "twin"}, content_type="application/json")
    assert response.status_code == 400
    assert "already have an active token" in response.json()["error"]["fields"]["name"][0]
    assert ApiToken.objects.count() == 1


def test_session_api_writes_need_csrf(advocate):
    from django.test import Client

    from tests.conftest import sign_in

    client = sign_in(Client(enforce_csrf_checks=True), advocate)
    response = client.post("/api/v1/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]


def test_schema_and_docs_need_sign_in(client):
    assert client.get("/api/schema/").status_code == 401


def test_schema_and_docs_are_served_locally(client_for, advocate):
    client = client_for(advocate)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/me" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html
    assert "<script>" not in html


def test_expired_token_is_refused_with_its_own_message(advocate):
    from datetime import timedelta

    from django.utils import timezone

    token, text = services.api_token_create(actor=advocate, name="old script")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = _bearer(text).get("/api/v1/me")
    assert response.status_code == 401
    assert "expired" in response.json()["error"]["message"]


def test_new_tokens_expire_after_the_configured_days(advocate, settings):
    from django.utils import timezone

    settings.API_TOKEN_DAYS = 30
    token, _text = services.api_token_create(actor=advocate, name="monthly")
    days = (token.expires_at - timezone.now()).days
    assert 29 <= days <= 30


@pytest.mark.parametrize("change", ["sign_out_everywhere", "reset_second_factor", "password"])
def test_credential_changes_revoke_every_token(advocate, administrator, client_for, change):
    _token, text = services.api_token_create(actor=advocate, name="laptop")
    assert _bearer(text).get("/api/v1/me").status_code == 200
    if change == "sign_out_everywhere":
        services.user_sign_out_everywhere(actor=advocate, user=advocate)
    elif change == "reset_second_factor":
        # For an account that sees survivors, the reset applies once a second person agrees.
        from accounts.change_requests import change_request_approve

        change_request_approve(
            actor=UserFactory(role="administrator"),
            change_request=services.user_reset_second_factor(actor=administrator, user=advocate),
        )
    else:
        response = client_for(advocate).post(
            "/accounts/security/password/",
            {
                "old_password": "correct-horse-battery-staple",
                "new_password1": "a-brand-new-passphrase",
                "new_password2": "a-brand-new-passphrase",
            },
        )
        assert response.status_code == 302
    assert _bearer(text).get("/api/v1/me").status_code == 401
