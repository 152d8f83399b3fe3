"""The partner directory's pages: administrators add, change and mark inactive; bad input
gets a specific message and writes nothing."""

import pytest
from django.urls import reverse

from directory import services
from directory.models import Organization, Service, ServiceStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(administrator):
    organization = services.organization_create(actor=administrator, name="Harbor Housing")
    services.service_create(actor=administrator, organization=organization, name="Beds")
    return organization


def test_adding_an_organization_then_a_service(client_for, administrator):
    client = client_for(administrator)
    response = client.post(
        reverse("directory:organization-new"),
        {"name": "Safe Harbor", "website": "safeharbor.example"},
    )
    organization = Organization.objects.get()
    assert response.status_code == 302
    assert organization.website == "https://safeharbor.example"
    response = client.post(
        reverse("directory:service-new", args=[organization.pk]),
        {"name": "Legal clinic", "status": ServiceStatus.ACTIVE},
    )
    assert response.status_code == 302
    assert organization.services.get().name == "Legal clinic"


def test_the_list_shows_which_organizations_are_offered(client_for, administrator, agency):
    services.organization_create(actor=administrator, name="No Services Yet")
    body = client_for(administrator).get(reverse("directory:organization-list")).content.decode()
    assert "Harbor Housing" in body
    assert "Inactive" in body


def test_marking_a_service_inactive_takes_it_out_of_the_recipients(
    client_for, administrator, advocate, agency
):
    from directory.selectors import recipient_organizations_for

    service = agency.services.get()
    response = client_for(administrator).post(
        reverse("directory:service-status", args=[service.pk]), {"status": "inactive"}
    )
    assert response.status_code == 302
    assert Service.objects.get().status == ServiceStatus.INACTIVE
    assert not recipient_organizations_for(actor=advocate).exists()


def test_editing_an_organization(client_for, administrator, agency):
    response = client_for(administrator).post(
        reverse("directory:organization", args=[agency.pk]),
        {"name": "Harbor Housing Network", "email": "intake@harbor.example"},
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.name == "Harbor Housing Network"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "X", "email": "not an email"}, "email"),
        ({"name": "X", "website": "http://"}, "website"),
        (
            {"name": "X", "parent_organization": "00000000-0000-0000-0000-000000000000"},
            "parent_organization",
        ),
    ],
)
def test_bad_organization(client_for, administrator, data, field):
    response = client_for(administrator).post(reverse("directory:organization-new"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Organization.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "status": "active"}, "name"),
        ({"name": "Beds", "status": "vanished"}, "status"),
        ({"name": "Beds", "status": "active", "minimum_age": "30", "maximum_age": "18"}, None),
    ],
)
def test_bad_service(client_for, administrator, agency, data, field):
    response = client_for(administrator).post(
        reverse("directory:service-new", args=[agency.pk]), data
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert (field in errors) if field else errors
    assert agency.services.count() == 1


def test_a_bad_status_changes_nothing(client_for, administrator, agency):
    service = agency.services.get()
    response = client_for(administrator).post(
        reverse("directory:service-status", args=[service.pk]), {"status": "gone"}
    )
    assert response.status_code == 302
    assert Service.objects.get().status == ServiceStatus.ACTIVE


def test_the_list_reads_in_a_fixed_number_of_queries(
    client_for, administrator, django_assert_num_queries
):
    client = client_for(administrator)
    for number in range(3):
        services.organization_create(actor=administrator, name=f"Agency {number}")
    client.get(reverse("directory:organization-list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("directory:organization-list"))
    for number in range(10):
        services.organization_create(actor=administrator, name=f"More {number}")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("directory:organization-list"))
    assert len(many) == len(few)
