"""The partner directory: administrators keep it, staff read it, every change is audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from audit.models import AuditEvent
from directory import selectors, services
from directory.models import Organization, Service, ServiceStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(administrator):
    return services.organization_create(
        actor=administrator, name="Harbor Housing", description="Transitional housing"
    )


def test_administrator_creates_an_organization_and_it_is_audited(administrator):
    organization = services.organization_create(
        actor=administrator, name="Harbor Housing", description="Housing", email="a@b.test"
    )
    event = AuditEvent.objects.get(target_id=organization.pk)
    assert event.action == "create"
    assert "name" in event.fields


@pytest.mark.parametrize("role", ["advocate", "supervisor", "partner", "auditor"])
def test_only_administrators_write(make_user, role):
    with pytest.raises(PermissionDenied):
        services.organization_create(actor=make_user(role), name="Nope")
    assert not Organization.objects.exists()


def test_bad_input_writes_nothing(administrator, agency):
    with pytest.raises(ValidationError) as error:
        services.organization_create(actor=administrator, name="", email="not-an-email")
    assert "name" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.organization_create(actor=administrator, name="X", colour="blue")
    with pytest.raises(ValidationError) as error:
        services.service_create(
            actor=administrator, organization=agency, name="Shelter", minimum_age=18, maximum_age=12
        )
    assert Organization.objects.count() == 1
    assert not Service.objects.exists()


def test_inactive_services_are_hidden_from_readers(administrator, advocate, agency):
    shelter = services.service_create(actor=administrator, organization=agency, name="Shelter")
    services.service_create(actor=administrator, organization=agency, name="Legal clinic")
    services.service_set_status(actor=administrator, service=shelter, status=ServiceStatus.INACTIVE)
    names = [service.name for service in selectors.services_for(actor=advocate)]
    assert names == ["Legal clinic"]
    kept = selectors.services_for(actor=administrator, include_inactive=True)
    assert {service.name for service in kept} == {"Shelter", "Legal clinic"}
    with pytest.raises(ValidationError):
        services.service_set_status(actor=administrator, service=shelter, status="closed")


def test_recipients_are_organizations_with_an_active_service(administrator, advocate, agency):
    assert list(selectors.recipient_organizations_for(actor=advocate)) == []
    services.service_create(actor=administrator, organization=agency, name="Shelter")
    assert list(selectors.recipient_organizations_for(actor=advocate)) == [agency]


def test_people_outside_read_nothing(partner, outsider, agency):
    for person in (partner, outsider):
        assert not selectors.organizations_for(actor=person).exists()
        with pytest.raises(Http404):
            selectors.organization_detail(actor=person, organization_id=agency.pk)


def test_organization_detail_in_constant_queries(
    administrator, advocate, agency, django_assert_num_queries
):
    for number in range(5):
        service = services.service_create(
            actor=administrator, organization=agency, name=f"Service {number}"
        )
        services.contact_create(actor=administrator, service=service, name=f"Contact {number}")
        location = services.location_create(
            actor=administrator, organization=agency, name=f"Site {number}"
        )
        services.phone_create(
            actor=administrator, service=service, location=location, number=f"555 010{number}"
        )
        services.schedule_create(actor=administrator, location=location, byday="MO")
    # The reader's role, the organization and its phones; services, their terms, phones and
    # schedules; locations, their phones and schedules; contacts and their phones.
    with django_assert_num_queries(11):
        organization = selectors.organization_detail(actor=advocate, organization_id=agency.pk)
        assert len(organization.services.all()) == 5
        assert len(organization.locations.all()) == 5
        assert [term for s in organization.services.all() for term in s.taxonomy_terms.all()] == []


def test_an_organization_cannot_sit_under_itself(administrator, agency):
    child = services.organization_create(
        actor=administrator, name="Harbor East", parent_organization=agency
    )
    with pytest.raises(ValidationError):
        services.organization_update(
            actor=administrator, organization=agency, parent_organization=child
        )


def test_location_must_belong_to_the_services_organization(administrator, agency):
    other = services.organization_create(actor=administrator, name="Other")
    service = services.service_create(actor=administrator, organization=agency, name="Shelter")
    site = services.location_create(actor=administrator, organization=other, name="Elsewhere")
    with pytest.raises(ValidationError):
        services.service_at_location_add(actor=administrator, service=service, location=site)
