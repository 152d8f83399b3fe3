"""The partner directory's shared fixtures."""

import datetime

import pytest

from directory import services


@pytest.fixture
def directory(administrator):
    """A directory with every kind of record, including text a spreadsheet would run."""
    term = services.taxonomy_term_create(
        actor=administrator, taxonomy="alongside", code="housing", name="Housing"
    )
    parent = services.organization_create(actor=administrator, name="Umbrella Network")
    organization = services.organization_create(
        actor=administrator,
        name="Harbor Housing",
        description='=HYPERLINK("http://evil.example")',
        email="intake@harbor.example",
        website="https://harbor.example",
        parent_organization=parent,
    )
    service = services.service_create(
        actor=administrator,
        organization=organization,
        name="Beds",
        minimum_age=18,
        taxonomy_terms=[term],
    )
    services.service_create(
        actor=administrator, organization=organization, name="Old shelter", status="defunct"
    )
    location = services.location_create(
        actor=administrator,
        organization=organization,
        name="Main house",
        address_1="1 Harbor Road",
        city="Sampleton",
        state_province="CA",
        postal_code="12345",
        country="US",
        latitude="-33.500000",
        longitude="151.250000",
    )
    at_location = services.service_at_location_add(
        actor=administrator, service=service, location=location
    )
    intake = services.contact_create(
        actor=administrator, organization=organization, service=service, name="Ann Intake"
    )
    services.phone_create(actor=administrator, contact=intake, number="+1 555 0100")
    services.phone_create(
        actor=administrator,
        organization=organization,
        service=service,
        number="+1 555 0199",
        extension=12,
        type="voice",
        description="'=the night line, after 6 pm",
    )
    services.phone_create(actor=administrator, location=location, number="-cmd|' /C calc'!A0")
    services.contact_create(actor=administrator, location=location, name="Front desk")
    services.schedule_create(
        actor=administrator,
        service=service,
        freq="WEEKLY",
        byday="MO,TU,WE,TH,FR",
        opens_at="09:00",
        closes_at="17:30",
        valid_from=datetime.date(2026, 1, 1),
        description="Intake by phone first",
    )
    services.schedule_create(
        actor=administrator,
        location=location,
        service_at_location=at_location,
        freq="MONTHLY",
        byday="1SA",
        opens_at="10:00:00Z",
        closes_at="14:00:00Z",
        timezone="5.75",
    )
    return organization
