"""Administrators create and rename programs and name or remove their supervisors."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import services as account_services
from accounts.change_requests import change_request_approve
from accounts.models import AccountChangeRequest, ChangeRequestStatus
from audit.models import AuditAction, AuditEvent
from organization import services
from organization.models import Program

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(administrator):
    return services.program_create(actor=administrator, name="Harbour")


@pytest.fixture
def admin_client(client_for, administrator):
    return client_for(administrator)


def _events(program, action):
    return AuditEvent.objects.filter(
        target_type="organization.program", target_id=program.pk, action=action
    )


def test_administrator_creates_a_program_from_the_page(admin_client):
    response = admin_client.post(reverse("organization:program-list"), {"name": "  Lighthouse  "})
    program = Program.objects.get(name="Lighthouse")
    assert response.status_code == 302
    assert response["Location"] == reverse("organization:program-detail", args=[program.pk])
    assert _events(program, AuditAction.CREATE).count() == 1


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Give the program a name."),
        ("   ", "Give the program a name."),
        ("hARBOUR", "Another program already has this name."),
        ("x" * 121, "at most 120 characters"),
    ],
)
def test_bad_program_name_is_refused_and_nothing_written(admin_client, program, name, message):
    events = AuditEvent.objects.count()
    response = admin_client.post(reverse("organization:program-list"), {"name": name})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(Program.objects.values_list("name", flat=True)) == ["Harbour"]
    assert AuditEvent.objects.count() == events


def test_rename_is_audited(admin_client, program):
    url = reverse("organization:program-detail", args=[program.pk])
    response = admin_client.post(url, {"name": "Harbour North"})
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.name == "Harbour North"
    assert _events(program, AuditAction.UPDATE).count() == 1


def test_rename_to_another_programs_name_in_any_case_is_refused(
    admin_client, administrator, program
):
    services.program_create(actor=administrator, name="Lighthouse")
    response = admin_client.post(
        reverse("organization:program-detail", args=[program.pk]), {"name": "LIGHTHOUSE"}
    )
    assert response.status_code == 400
    assert "Another program already has this name." in response.content.decode()
    program.refresh_from_db()
    assert program.name == "Harbour"
    assert not _events(program, AuditAction.UPDATE).exists()


def test_rename_changing_only_the_case_of_its_own_name_is_allowed(administrator, program):
    services.program_rename(actor=administrator, program=program, name="HARBOUR")
    program.refresh_from_db()
    assert program.name == "HARBOUR"


def test_unknown_program_is_404(admin_client):
    missing = uuid.uuid4()
    assert (
        admin_client.get(reverse("organization:program-detail", args=[missing])).status_code == 404
    )
    response = admin_client.post(
        reverse("organization:program-supervisor-add", args=[missing]), {"user": ""}
    )
    assert response.status_code == 404


def test_naming_a_supervisor_waits_for_approval(admin_client, administrator, make_user, program):
    person = make_user("supervisor", full_name="Nadia Named")
    url = reverse("organization:program-supervisor-add", args=[program.pk])
    response = admin_client.post(url, {"user": str(person.pk)}, follow=True)
    assert "waits for a second person" in response.content.decode()
    assert not program.supervisors.filter(pk=person.pk).exists()
    change_request = AccountChangeRequest.objects.get(kind="program_supervisor", subject=person)
    assert change_request.target_id == program.pk
    page = admin_client.get(reverse("organization:program-detail", args=[program.pk]))
    assert "Nadia Named, named by" in page.content.decode()

    second = make_user("administrator")
    change_request_approve(actor=second, change_request=change_request)
    assert program.supervisors.filter(pk=person.pk).exists()
    event = _events(program, AuditAction.PERMISSION_CHANGE).get()
    assert event.reason == "supervisor added"
    assert event.actor_id == second.pk


def test_the_requester_cannot_approve_their_own_naming(administrator, make_user, program):
    person = make_user("supervisor")
    change_request = services.program_supervisor_add(
        actor=administrator, program=program, user=person
    )
    with pytest.raises(ValidationError):
        change_request_approve(actor=administrator, change_request=change_request)
    assert not program.supervisors.filter(pk=person.pk).exists()


@pytest.mark.parametrize(
    ("role", "active", "message"),
    [
        ("advocate", True, "Only an active account with the supervisor role"),
        ("supervisor", False, "Only an active account with the supervisor role"),
    ],
)
def test_naming_someone_who_may_not_supervise_is_refused(
    admin_client, make_user, program, role, active, message
):
    person = make_user(role, is_active=active)
    response = admin_client.post(
        reverse("organization:program-supervisor-add", args=[program.pk]), {"user": str(person.pk)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AccountChangeRequest.objects.exists()


def test_naming_someone_twice_is_refused(admin_client, administrator, make_user, program):
    person = make_user("supervisor")
    services.program_supervisor_add(actor=administrator, program=program, user=person)
    response = admin_client.post(
        reverse("organization:program-supervisor-add", args=[program.pk]), {"user": str(person.pk)}
    )
    assert response.status_code == 400
    assert "already waits for approval" in response.content.decode()
    assert AccountChangeRequest.objects.count() == 1


def test_naming_a_current_supervisor_is_refused(administrator, supervisor, program):
    program.supervisors.add(supervisor)
    with pytest.raises(ValidationError, match="already supervises"):
        services.program_supervisor_add(actor=administrator, program=program, user=supervisor)


def test_approval_is_refused_if_the_person_was_deactivated_meanwhile(
    administrator, make_user, program
):
    person = make_user("supervisor")
    change_request = services.program_supervisor_add(
        actor=administrator, program=program, user=person
    )
    second = make_user("administrator")
    account_services.user_deactivate(actor=second, user=person)
    with pytest.raises(ValidationError, match="no longer an active supervisor"):
        change_request_approve(actor=second, change_request=change_request)
    change_request.refresh_from_db()
    assert change_request.status == ChangeRequestStatus.PENDING
    assert not program.supervisors.filter(pk=person.pk).exists()


def test_removing_a_supervisor_applies_at_once(admin_client, supervisor, program):
    program.supervisors.add(supervisor)
    url = reverse("organization:program-supervisor-remove", args=[program.pk, supervisor.pk])
    assert admin_client.post(url).status_code == 302
    assert not program.supervisors.filter(pk=supervisor.pk).exists()
    assert _events(program, AuditAction.PERMISSION_CHANGE).get().reason == "supervisor removed"


def test_removing_someone_who_does_not_supervise_is_404(admin_client, supervisor, program):
    url = reverse("organization:program-supervisor-remove", args=[program.pk, supervisor.pk])
    assert admin_client.post(url).status_code == 404
    assert not _events(program, AuditAction.PERMISSION_CHANGE).exists()


@pytest.mark.parametrize("role", ["advocate", "supervisor", "auditor"])
def test_only_administrators_change_programs(make_user, program, role):
    actor = make_user(role)
    with pytest.raises(PermissionDenied):
        services.program_create(actor=actor, name="Elsewhere")
    with pytest.raises(PermissionDenied):
        services.program_rename(actor=actor, program=program, name="Elsewhere")
    assert Program.objects.count() == 1


@pytest.mark.parametrize("programs", [1, 4])
def test_the_program_list_reads_in_fixed_queries(
    admin_client, administrator, make_user, django_assert_num_queries, programs
):
    for number in range(programs):
        program = services.program_create(actor=administrator, name=f"Program {number}")
        program.supervisors.add(make_user("supervisor"), make_user("supervisor"))
    # Session, user, device and the page's own reads: programs and their supervisors in two,
    # however many programs there are.
    with django_assert_num_queries(QUERIES_FOR_PROGRAM_LIST):
        admin_client.get(reverse("organization:program-list"))


QUERIES_FOR_PROGRAM_LIST = 8


def test_administrators_see_programs_in_the_navigation(admin_client, client_for, supervisor):
    url = reverse("organization:program-list")
    assert f'href="{url}"' in admin_client.get(reverse("home")).content.decode()
    assert f'href="{url}"' not in client_for(supervisor).get(reverse("home")).content.decode()


def test_the_database_refuses_a_name_differing_only_in_case(program):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Program.objects.create(name="HARBOUR")


def test_the_form_offers_only_active_supervisors_not_yet_named(
    admin_client, administrator, make_user, program
):
    make_user("supervisor", full_name="Olga Offered")
    make_user("supervisor", full_name="Ines Inactive", is_active=False)
    make_user("advocate", full_name="Adam Advocate")
    waiting = make_user("supervisor", full_name="Wanda Waiting")
    current = make_user("supervisor", full_name="Carl Current")
    program.supervisors.add(current)
    services.program_supervisor_add(actor=administrator, program=program, user=waiting)
    response = admin_client.get(reverse("organization:program-detail", args=[program.pk]))
    choices = {
        label for _value, label in response.context["supervisor_form"].fields["user"].widget.choices
    }
    assert "Olga Offered" in choices
    assert not {"Ines Inactive", "Adam Advocate", "Wanda Waiting", "Carl Current"} & choices
