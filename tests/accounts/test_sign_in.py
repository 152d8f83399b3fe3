"""Signing in: password, then a mandatory second factor; lockout; one message for all failures."""

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import BackupCode, TOTPDevice
from audit.models import AuditAction, AuditEvent
from tests.factories import TEST_PASSWORD, device_of

pytestmark = pytest.mark.django_db

SIGN_IN = "/accounts/sign-in/"
VERIFY = "/accounts/sign-in/verify/"
ENROL = "/accounts/sign-in/enrol/"
SAME_MESSAGE = "That email and password do not match an active account."


def _password_step(client, email, password=TEST_PASSWORD, **extra):
    return client.post(SIGN_IN, {"username": email, "password": password}, **extra)


def test_password_then_code_reaches_the_role_home(client, advocate):
    response = _password_step(client, advocate.email)
    assert response.status_code == 302
    assert response["Location"] == VERIFY

    # Before the second factor, every page leads back to it.
    assert client.get("/").headers["Location"] == VERIFY

    response = client.post(VERIFY, {"token": device_of(advocate).current_token()})
    assert response.status_code == 302
    home = client.get(response["Location"])
    assert home.status_code == 200
    assert "Your work as an advocate" in home.content.decode()


def test_email_is_matched_whatever_its_case(client, advocate):
    response = _password_step(client, advocate.email.upper())
    assert response["Location"] == VERIFY


def test_unknown_email_and_wrong_password_get_the_same_message(client, advocate):
    unknown = _password_step(client, "nobody@staff.alongside.test")
    wrong = _password_step(client, advocate.email, password="not-the-password-at-all")
    assert unknown.status_code == wrong.status_code == 400
    assert SAME_MESSAGE in unknown.content.decode()
    assert SAME_MESSAGE in wrong.content.decode()


def test_inactive_account_gets_the_same_message(client, make_user):
    former = make_user("advocate", is_active=False)
    response = _password_step(client, former.email)
    assert response.status_code == 400
    assert SAME_MESSAGE in response.content.decode()


def test_failed_sign_in_is_audited_without_the_password(client, advocate):
    _password_step(client, advocate.email, password="guess-number-one!")
    event = AuditEvent.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert event.target_id == advocate.pk
    assert "guess-number-one" not in str(event.__dict__)


def test_wrong_code_is_refused_with_a_specific_message(client, advocate):
    _password_step(client, advocate.email)
    current = device_of(advocate).current_token()
    wrong = f"{(int(current) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"token": wrong})
    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()
    assert client.get("/").headers["Location"] == VERIFY


def test_a_code_works_only_once(client, client_for, advocate):
    code = device_of(advocate).current_token()
    _password_step(client, advocate.email)
    assert client.post(VERIFY, {"token": code}).status_code == 302

    second = type(client)()
    _password_step(second, advocate.email)
    response = second.post(VERIFY, {"token": code})
    assert response.status_code == 400
    assert "already been used" in response.content.decode()


def test_backup_code_signs_in_once(client, advocate):
    codes = services.backup_codes_regenerate(actor=advocate)
    _password_step(client, advocate.email)
    response = client.post(VERIFY, {"token": codes[0]})
    assert response.status_code == 302

    again = type(client)()
    _password_step(again, advocate.email)
    response = again.post(VERIFY, {"token": codes[0]})
    assert response.status_code == 400
    assert "backup code is not right" in response.content.decode()


def _throttle_counted(user) -> None:
    """The wrong codes above counted against the device (attempts made while it is throttled are
    refused uncounted), and the throttle they set is still in force: restart its clock, so a
    slow machine cannot outlast the delay between two posts."""
    device = TOTPDevice.objects.get(pk=device_of(user).pk)
    assert device.throttling_failure_count >= 1
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now())


def test_wrong_backup_codes_are_throttled_like_authenticator_codes(client, advocate):
    codes = services.backup_codes_regenerate(actor=advocate)
    _password_step(client, advocate.email)
    for attempt in range(5):
        client.post(VERIFY, {"token": f"wrong-guess{attempt}"})
    _throttle_counted(advocate)
    # Even the right code waits out the throttle, so codes cannot be guessed at full speed.
    response = client.post(VERIFY, {"token": codes[0]})
    assert response.status_code == 400
    assert "Too many wrong codes" in response.content.decode()
    assert BackupCode.objects.filter(user=advocate, used_at__isnull=True).count() == 10
    assert client.get("/").headers["Location"] == VERIFY
    assert AuditEvent.objects.filter(
        action=AuditAction.SIGN_IN_FAILED, actor=advocate, reason="second factor: throttled"
    ).exists()


def test_wrong_backup_codes_also_hold_back_authenticator_codes(client, advocate):
    _password_step(client, advocate.email)
    for attempt in range(5):
        client.post(VERIFY, {"token": f"wrong-guess{attempt}"})
    _throttle_counted(advocate)
    response = client.post(VERIFY, {"token": device_of(advocate).current_token()})
    assert response.status_code == 400
    assert "Too many wrong codes" in response.content.decode()


def test_backup_codes_are_stored_hashed(advocate):
    codes = services.backup_codes_regenerate(actor=advocate)
    stored = list(BackupCode.objects.filter(user=advocate).values_list("digest", flat=True))
    assert len(stored) == len(codes) == 10
    for code in codes:
        assert code not in stored
        assert code.replace("-", "") not in " ".join(stored)


def test_totp_secret_is_stored_sealed(advocate):
    device = device_of(advocate)
    raw = bytes(TOTPDevice.objects.filter(pk=device.pk).values_list("sealed_key", flat=True)[0])
    assert device.bin_key not in raw
    assert device.bin_key.hex().encode() not in raw


def test_account_without_authenticator_must_enrol(client, make_user):
    person = make_user("clinician", enrolled=False)
    response = _password_step(client, person.email)
    assert response["Location"] == ENROL
    page = client.get(ENROL)
    assert page.status_code == 200
    assert b"<svg" in page.content

    device = TOTPDevice.objects.get(user=person, confirmed=False)
    bad = client.post(ENROL, {"token": "12345"})
    assert bad.status_code == 400
    assert TOTPDevice.objects.get(pk=device.pk).confirmed is False

    done = client.post(ENROL, {"token": device.current_token()})
    assert done.status_code == 200
    assert "Save your backup codes" in done.content.decode()
    assert TOTPDevice.objects.get(pk=device.pk).confirmed is True
    assert BackupCode.objects.filter(user=person).count() == 10
    assert client.get("/").status_code == 200


@override_settings(AXES_FAILURE_LIMIT=5)
def test_five_failures_lock_the_account_from_that_address(client, advocate):
    for _attempt in range(5):
        _password_step(client, advocate.email, password="wrong-password-again")
    response = _password_step(client, advocate.email)
    assert response.status_code == 429
    assert "Sign-in is paused" in response.content.decode()

    # The same account from another address is not locked out.
    other = type(client)(REMOTE_ADDR="10.0.0.9")
    assert _password_step(other, advocate.email).status_code == 302


def test_forged_forwarded_for_does_not_escape_the_lockout(client, advocate):
    for attempt in range(5):
        _password_step(
            client,
            advocate.email,
            password="wrong-password-again",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}",
        )
    response = _password_step(client, advocate.email, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=1, TRUSTED_PROXIES=["10.0.0.0/24"])
def test_behind_one_proxy_the_last_forwarded_address_counts(rf):
    from alongside.network import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.10", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "192.0.2.10"


@override_settings(TRUSTED_PROXY_COUNT=1, TRUSTED_PROXIES=["10.0.0.1"], AXES_FAILURE_LIMIT=5)
def test_forged_forwarded_for_from_an_untrusted_peer_does_not_escape_the_lockout(
    client, advocate, caplog
):
    # The test client connects from 127.0.0.1, which is not the configured proxy: as if
    # someone reached gunicorn directly and wrote their own X-Forwarded-For each time.
    for attempt in range(5):
        _password_step(
            client,
            advocate.email,
            password="wrong-password-again",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}",
        )
    response = _password_step(client, advocate.email, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429
    failures = AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED)
    assert set(failures.values_list("address", flat=True)) == {"127.0.0.1"}
    refusals = [r for r in caplog.records if "not in TRUSTED_PROXIES" in r.getMessage()]
    assert refusals
    assert all("203.0.113" not in r.getMessage() for r in refusals)
    assert all("127.0.0.1" not in r.getMessage() for r in refusals)


@override_settings(TRUSTED_PROXY_COUNT=1, TRUSTED_PROXIES=["10.0.0.1"])
def test_forwarded_proto_from_an_untrusted_peer_is_dropped(rf):
    from alongside.network import UntrustedForwardingMiddleware

    seen = {}

    def view(request):
        seen.update(request.META)
        return None

    direct = rf.get("/", HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="6.6.6.6")
    UntrustedForwardingMiddleware(view)(direct)
    assert "HTTP_X_FORWARDED_PROTO" not in seen
    assert "HTTP_X_FORWARDED_FOR" not in seen

    seen.clear()
    proxied = rf.get("/", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="10.0.0.1")
    UntrustedForwardingMiddleware(view)(proxied)
    assert seen["HTTP_X_FORWARDED_PROTO"] == "https"


@override_settings(TRUSTED_PROXY_COUNT=2, TRUSTED_PROXIES=["10.0.0.1", "10.0.0.2"])
def test_each_hop_must_be_a_trusted_proxy(rf):
    from alongside.network import client_ip

    # The inner proxy saw 192.0.2.10 connect: that is not a proxy of ours, so it is the client.
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.10", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "192.0.2.10"
    chained = rf.get(
        "/", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.3, 10.0.0.2", REMOTE_ADDR="10.0.0.1"
    )
    assert client_ip(chained) == "198.51.100.3"


def test_passwords_are_hashed_with_argon2_in_the_product_settings():
    from alongside import settings as product_settings

    assert product_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=product_settings.PASSWORD_HASHERS):
        from django.contrib.auth.hashers import make_password

        encoded = make_password("a-long-enough-passphrase")
        assert identify_hasher(encoded).algorithm == "argon2"
        assert check_password("a-long-enough-passphrase", encoded)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-pw", "at least 12 characters"),
        ("password1234", "too common"),
        ("alice.advocate.staff", "too similar"),
        ("736459283746512", "entirely numeric"),
    ],
)
def test_password_rules(advocate, password, message):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    advocate.email = "alice.advocate@staff.alongside.test"
    with pytest.raises(ValidationError) as raised:
        validate_password(password, user=advocate)
    assert message in " ".join(raised.value.messages)


def test_sign_in_is_audited(client, advocate):
    _password_step(client, advocate.email)
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_IN, actor=advocate).exists()


def test_sign_in_rejects_an_offsite_next(client, advocate):
    client.post(
        SIGN_IN,
        {"username": advocate.email, "password": TEST_PASSWORD, "next": "https://evil.test/"},
    )
    response = client.post(VERIFY, {"token": device_of(advocate).current_token()})
    assert response["Location"] == reverse("home")


def test_a_wrong_code_is_audited_as_a_failed_sign_in(client, advocate):
    _password_step(client, advocate.email)
    client.post(VERIFY, {"token": "not-a-code"})
    event = AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED, actor=advocate).get()
    assert event.reason == "second factor: backup code"
