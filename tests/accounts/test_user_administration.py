"""Administrators create, edit, deactivate and reactivate users, and reset second factors."""

import pytest
from django.core import mail

from accounts import change_requests
from accounts.models import AccountChangeRequest, BackupCode, TOTPDevice, User
from audit.models import AuditAction, AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_administrator_creates_a_user_who_gets_a_password_link(
    client_for, administrator, django_capture_on_commit_callbacks
):
    client = client_for(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/users/new/",
            {
                "email": "New.Person@Staff.Alongside.test",
                "full_name": "New Person",
                "role": "clinician",
            },
        )
    assert response.status_code == 302
    person = User.objects.get(email="new.person@staff.alongside.test")
    # A role that sees survivors waits for a second administrator.
    assert person.role is None
    change_requests.change_request_approve(
        actor=UserFactory(role="administrator"),
        change_request=AccountChangeRequest.objects.get(subject=person, kind="role"),
    )
    person.refresh_from_db()
    assert person.role == "clinician"
    assert not person.has_usable_password()
    # The password link, and a notice that a role waits for approval.
    assert len(mail.outbox) == 2
    link = next(
        line
        for message in mail.outbox
        for line in message.body.splitlines()
        if "/set-password/" in line
    )

    # The link lets them choose a password once.
    path = link.split("testserver")[1]
    page = client.get(path, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0]
    done = client.post(
        form_url,
        {"new_password1": "lantern-orchard-river", "new_password2": "lantern-orchard-river"},
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password("lantern-orchard-river")
    assert AuditEvent.objects.filter(target_id=person.pk, action=AuditAction.CREATE).exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "", "full_name": "X", "role": "advocate"}, "email", "This field is required"),
        ({"email": "not-an-email", "full_name": "X", "role": "advocate"}, "email", "valid email"),
        ({"email": "a@b.test", "full_name": "  ", "role": "advocate"}, "full_name", "required"),
        ({"email": "a@b.test", "full_name": "X", "role": "wizard"}, "role", "valid choice"),
    ],
)
def test_bad_input_creates_nothing(client_for, administrator, data, field, message):
    before = User.objects.count()
    response = client_for(administrator).post("/accounts/users/new/", data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert User.objects.count() == before


def test_duplicate_email_is_refused(client_for, administrator, advocate):
    response = client_for(administrator).post(
        "/accounts/users/new/",
        {"email": advocate.email.upper(), "full_name": "Copy", "role": "advocate"},
    )
    assert response.status_code == 400
    assert "already exists" in " ".join(response.context["form"].errors["email"])


def test_role_change_is_audited(client_for, administrator, advocate):
    response = client_for(administrator).post(
        f"/accounts/users/{advocate.pk}/",
        {"email": advocate.email, "full_name": advocate.full_name, "role": "supervisor"},
    )
    assert response.status_code == 302
    advocate.refresh_from_db()
    assert advocate.role == "advocate"
    second = UserFactory(role="administrator")
    client_for(second).post(
        f"/accounts/users/changes/{AccountChangeRequest.objects.get(subject=advocate).pk}/approve/"
    )
    advocate.refresh_from_db()
    assert advocate.role == "supervisor"
    event = AuditEvent.objects.get(action=AuditAction.ROLE_CHANGE, target_id=advocate.pk)
    assert event.actor == second
    assert event.fields == ["role"]


def test_administrator_cannot_change_own_role(client_for, administrator):
    response = client_for(administrator).post(
        f"/accounts/users/{administrator.pk}/",
        {"email": administrator.email, "full_name": "Ada", "role": "auditor"},
    )
    assert response.status_code == 400
    administrator.refresh_from_db()
    assert administrator.role == "administrator"


def test_deactivate_and_reactivate(client_for, administrator, advocate):
    client = client_for(administrator)
    client.post(f"/accounts/users/{advocate.pk}/deactivate/")
    advocate.refresh_from_db()
    assert advocate.is_active is False
    client.post(f"/accounts/users/{advocate.pk}/reactivate/")
    advocate.refresh_from_db()
    assert advocate.is_active is True


def test_administrator_cannot_deactivate_themselves(client_for, administrator):
    client = client_for(administrator)
    response = client.post(f"/accounts/users/{administrator.pk}/deactivate/", follow=True)
    assert "cannot deactivate your own account" in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.is_active


def test_reset_second_factor_removes_devices_and_codes(client_for, administrator, advocate):
    from accounts import services

    services.backup_codes_regenerate(actor=advocate)
    advocate_client = client_for(advocate)
    client_for(administrator).post(f"/accounts/users/{advocate.pk}/second-factor/reset/")
    assert TOTPDevice.objects.filter(user=advocate).exists()
    change_requests.change_request_approve(
        actor=UserFactory(role="administrator"),
        change_request=AccountChangeRequest.objects.get(subject=advocate),
    )
    assert not TOTPDevice.objects.filter(user=advocate).exists()
    assert not BackupCode.objects.filter(user=advocate).exists()
    assert advocate_client.get("/").status_code == 302


def test_user_list_filters_and_paginates_in_constant_queries(
    client_for, administrator, django_assert_max_num_queries
):
    client = client_for(administrator)
    UserFactory.create_batch(3, role="advocate")
    with django_assert_max_num_queries(12) as small:
        client.get("/accounts/users/")
    UserFactory.create_batch(30, role="clinician")
    with django_assert_max_num_queries(12) as large:
        response = client.get("/accounts/users/?role=clinician")
    assert len(small.captured_queries) == len(large.captured_queries)
    assert response.context["page"].paginator.count == 30


def test_unknown_user_id_is_404(client_for, administrator):
    response = client_for(administrator).get(
        "/accounts/users/00000000-0000-0000-0000-000000000000/"
    )
    assert response.status_code == 404
