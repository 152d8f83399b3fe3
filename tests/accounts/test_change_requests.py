"""Changes that hand someone access to survivor data wait for a second person."""

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts import change_requests, services
from accounts.models import AccountChangeRequest, ChangeRequestStatus, TOTPDevice, User
from audit.models import AuditEvent
from cases import services as case_services
from organization.models import Program
from tests.factories import UserFactory, device_of

pytestmark = pytest.mark.django_db

ATTACKER_ADDRESS = "ada.private@elsewhere.test"


@pytest.fixture
def program_with_case(supervisor, advocate):
    program = Program.objects.create(name="Harbour program")
    program.supervisors.add(supervisor)
    case = case_services.case_open(
        actor=advocate,
        program=program,
        identity=case_services.Identity(preferred_name="Takeover Survivor"),
    )
    return program, case


def _mail_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def test_the_takeover_steps_no_longer_open_the_programs_cases(
    client_for, administrator, supervisor, program_with_case, django_capture_on_commit_callbacks
):
    _program, case = program_with_case
    detail = reverse("cases:detail", kwargs={"case_id": case.pk})
    admin = client_for(administrator)
    original_address = supervisor.email

    with django_capture_on_commit_callbacks(execute=True):
        # 1. The supervisor's email becomes an address the administrator reads.
        admin.post(
            f"/accounts/users/{supervisor.pk}/",
            {"email": ATTACKER_ADDRESS, "full_name": supervisor.full_name, "role": "supervisor"},
        )
        # 2. The second factor is reset. 3. A new password link is sent.
        admin.post(f"/accounts/users/{supervisor.pk}/second-factor/reset/")
        admin.post(f"/accounts/users/{supervisor.pk}/password-link/")
        # 4. The administrator approves their own requests.
        for change_request in AccountChangeRequest.objects.filter(subject=supervisor):
            refused = admin.post(
                f"/accounts/users/changes/{change_request.pk}/approve/", follow=True
            )
            assert "someone else must approve it" in refused.content.decode()

    supervisor.refresh_from_db()
    assert supervisor.email == original_address
    assert TOTPDevice.objects.filter(user=supervisor, confirmed=True).exists()
    assert (
        AccountChangeRequest.objects.filter(
            subject=supervisor, status=ChangeRequestStatus.PENDING
        ).count()
        == 3
    )
    # No password link reached the administrator's address; the holder was told of each step.
    assert _mail_to(ATTACKER_ADDRESS) == []
    assert not any("/set-password/" in message.body for message in mail.outbox)
    assert len(_mail_to(original_address)) == 3
    # The administrator cannot sign in as the supervisor, and the case stays closed to them.
    attempt = Client()
    signed_in = attempt.post(
        "/accounts/sign-in/", {"username": ATTACKER_ADDRESS, "password": "anything-at-all-1"}
    )
    assert signed_in.status_code == 400
    assert admin.get(detail).status_code == 404
    # The supervisor still reads it with their own credentials.
    assert client_for(supervisor).get(detail).status_code == 200


def test_a_second_administrator_approves_and_the_old_address_is_told(
    client_for, administrator, supervisor, django_capture_on_commit_callbacks
):
    original_address = supervisor.email
    with django_capture_on_commit_callbacks(execute=True):
        client_for(administrator).post(
            f"/accounts/users/{supervisor.pk}/",
            {"email": "sofia.new@staff.alongside.test", "full_name": "Sofia", "role": "supervisor"},
        )
    change_request = AccountChangeRequest.objects.get(subject=supervisor, kind="email")
    second = UserFactory(role="administrator")
    page = client_for(second).get("/accounts/users/changes/")
    assert "sofia.new@staff.alongside.test" in page.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(second).post(f"/accounts/users/changes/{change_request.pk}/approve/")
    assert response.status_code == 302
    supervisor.refresh_from_db()
    assert supervisor.email == "sofia.new@staff.alongside.test"
    change_request.refresh_from_db()
    assert change_request.status == ChangeRequestStatus.APPLIED
    assert change_request.decided_by == second
    assert [message.to for message in mail.outbox] == [[original_address]]
    assert AuditEvent.objects.filter(
        target_id=change_request.pk, reason="change approved: email (second administrator)"
    ).exists()


@pytest.mark.parametrize("state", ["own", "expired", "declined", "applied"])
def test_refused_approvals_change_nothing(administrator, supervisor, state):
    change_request = services.user_reset_second_factor(actor=administrator, user=supervisor)
    approver = administrator if state == "own" else UserFactory(role="administrator")
    if state == "expired":
        AccountChangeRequest.objects.filter(pk=change_request.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
    elif state == "declined":
        change_requests.change_request_decline(actor=approver, change_request=change_request)
    elif state == "applied":
        change_requests.change_request_approve(actor=approver, change_request=change_request)
        device = TOTPDevice(user=supervisor, name="New phone", confirmed=True)
        device.set_key(b"0" * 20)
        device.save()
    devices_before = list(TOTPDevice.objects.filter(user=supervisor).values_list("pk", flat=True))
    events_before = AuditEvent.objects.count()
    messages = {
        "own": "You asked for this change, so someone else must approve it.",
        "expired": "This request has expired. Nothing was changed",
        "declined": "This request was already decided (declined). Nothing was changed.",
        "applied": "This request was already decided (approved and applied).",
    }
    with pytest.raises(Exception) as raised:
        change_requests.change_request_approve(actor=approver, change_request=change_request)
    assert messages[state] in " ".join(raised.value.messages)
    assert list(TOTPDevice.objects.filter(user=supervisor).values_list("pk", flat=True)) == (
        devices_before
    )
    assert AuditEvent.objects.count() == events_before


def test_refusal_on_the_page_is_specific(client_for, administrator, supervisor):
    change_request = services.user_send_password_link(
        actor=administrator, user=supervisor, request=None
    )
    change_requests.change_request_decline(
        actor=UserFactory(role="administrator"), change_request=change_request
    )
    response = client_for(UserFactory(role="administrator")).post(
        f"/accounts/users/changes/{change_request.pk}/approve/", follow=True
    )
    assert "already decided (declined). Nothing was changed." in response.content.decode()
    assert not any("/set-password/" in message.body for message in mail.outbox)


def _holder_link(message) -> str:
    line = next(line for line in message.body.splitlines() if "/accounts/changes/confirm/" in line)
    return line.split("testserver", 1)[1] if "testserver" in line else line


@override_settings(ACCOUNT_CHANGE_APPROVAL="holder")
def test_the_holder_confirms_from_their_current_address(
    client_for, administrator, clinician, django_capture_on_commit_callbacks
):
    original_address = clinician.email
    with django_capture_on_commit_callbacks(execute=True):
        client_for(administrator).post(
            f"/accounts/users/{clinician.pk}/",
            {
                "email": "carmen.new@staff.alongside.test",
                "full_name": "Carmen",
                "role": "clinician",
            },
        )
    (message,) = mail.outbox
    assert message.to == [original_address]
    assert "Takeover" not in message.body
    link = _holder_link(message)
    token = parse_qs(urlparse(link).query)["token"][0]

    # Another administrator cannot approve what waits for the holder.
    change_request = AccountChangeRequest.objects.get(subject=clinician)
    with pytest.raises(Exception, match="account holder"):
        change_requests.change_request_approve(
            actor=UserFactory(role="administrator"), change_request=change_request
        )

    holder = Client()  # not signed in: the link mailed to the current address is the proof
    page = holder.get(link)
    assert page.status_code == 200
    clinician.refresh_from_db()
    assert clinician.email == original_address  # a GET (a mail scanner) decides nothing
    with django_capture_on_commit_callbacks(execute=True):
        done = holder.post(f"/accounts/changes/confirm/?token={token}", {"decision": "confirm"})
    assert "confirmed and applied" in done.content.decode()
    clinician.refresh_from_db()
    assert clinician.email == "carmen.new@staff.alongside.test"
    assert mail.outbox[-1].to == [original_address]  # the old address is told

    # The link is spent: the request is decided, and the address it was bound to is gone.
    again = holder.post(f"/accounts/changes/confirm/?token={token}", {"decision": "confirm"})
    assert again.status_code == 400


@override_settings(ACCOUNT_CHANGE_APPROVAL="holder")
def test_a_role_grant_is_not_vouched_for_by_its_own_holder(administrator, partner):
    change_request_list = services.user_update(
        actor=administrator,
        user=partner,
        email=partner.email,
        full_name=partner.full_name,
        role="advocate",
    )
    (change_request,) = change_request_list
    assert change_request.approval == "second_administrator"


@pytest.mark.parametrize("token", ["", "forged-token", "e30:1tX:abc"])
def test_a_bad_holder_link_is_refused(client, token):
    response = client.get(f"/accounts/changes/confirm/?token={token}")
    assert response.status_code == 400
    assert "not valid or has expired" in response.content.decode()


@override_settings(ACCOUNT_CHANGE_APPROVAL="holder")
def test_the_holder_can_decline(
    administrator, supervisor, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        change_request = services.user_reset_second_factor(actor=administrator, user=supervisor)
    token = change_requests.holder_token(change_request)
    response = client.post(f"/accounts/changes/confirm/?token={token}", {"decision": "decline"})
    assert "declined; nothing changed" in response.content.decode()
    change_request.refresh_from_db()
    assert change_request.status == ChangeRequestStatus.DECLINED
    assert TOTPDevice.objects.filter(user=supervisor).exists()
    bad = client.post(f"/accounts/changes/confirm/?token={token}", {"decision": "confirm"})
    assert bad.status_code == 400


@override_settings(ACCOUNT_CHANGE_APPROVAL="delay", ACCOUNT_CHANGE_DELAY_HOURS=48)
def test_with_one_administrator_a_delay_and_a_notice_to_supervisors(
    administrator, advocate, supervisor, django_capture_on_commit_callbacks
):
    device = device_of(advocate)
    with django_capture_on_commit_callbacks(execute=True):
        change_request = services.user_reset_second_factor(actor=administrator, user=advocate)
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {advocate.email, supervisor.email}
    # Nobody approves it early, the requester included; the task waits for the delay.
    with pytest.raises(Exception, match="delay"):
        change_requests.change_request_approve(
            actor=UserFactory(role="administrator"), change_request=change_request
        )
    assert change_requests.change_requests_apply_due() == 0
    assert TOTPDevice.objects.filter(pk=device.pk).exists()

    AccountChangeRequest.objects.filter(pk=change_request.pk).update(
        applies_at=timezone.now() - timedelta(minutes=1)
    )
    from accounts.tasks import change_requests_apply_due

    # In process: with REDIS_URL set, .delay() would wait for a worker without the test database.
    assert change_requests_apply_due.apply().get() == 1
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    change_request.refresh_from_db()
    assert change_request.status == ChangeRequestStatus.APPLIED
    assert change_request.decided_by is None


def test_accounts_that_see_no_survivors_change_at_once(
    client_for, administrator, auditor, django_capture_on_commit_callbacks
):
    old = auditor.email
    with django_capture_on_commit_callbacks(execute=True):
        client_for(administrator).post(
            f"/accounts/users/{auditor.pk}/",
            {"email": "audrey.new@staff.alongside.test", "full_name": "Audrey", "role": "auditor"},
        )
    auditor.refresh_from_db()
    assert auditor.email == "audrey.new@staff.alongside.test"
    assert [message.to for message in mail.outbox] == [[old]]  # the old address is still told
    assert not AccountChangeRequest.objects.exists()


def test_a_second_request_of_the_same_kind_is_refused(administrator, supervisor):
    services.user_reset_second_factor(actor=administrator, user=supervisor)
    with pytest.raises(Exception, match="already waiting"):
        services.user_reset_second_factor(actor=administrator, user=supervisor)
    assert AccountChangeRequest.objects.count() == 1


def test_the_pending_list_is_constant_in_queries(
    client_for, administrator, django_assert_max_num_queries
):
    client = client_for(administrator)
    for person in UserFactory.create_batch(2, role="advocate"):
        services.user_reset_second_factor(actor=administrator, user=person)
    with django_assert_max_num_queries(15) as small:
        client.get("/accounts/users/changes/")
    for person in UserFactory.create_batch(10, role="clinician"):
        services.user_reset_second_factor(actor=administrator, user=person)
    with django_assert_max_num_queries(15) as large:
        response = client.get("/accounts/users/changes/")
    assert len(small.captured_queries) == len(large.captured_queries)
    assert response.content.decode().count("/approve/") == 0  # their own requests
    assert User.objects.count() == 13
