"""Phones and schedules where people look: the directory's organization and service pages, the
partner's own services, the directory API; schedules put in words."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory import services
from directory.models import Schedule
from directory.schedules import describe
from directory.templatetags.directory import dialable, phone_kind

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        (
            {"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:30"},
            "Monday to Friday, 09:00–17:30",
        ),
        (
            {"byday": "TH,FR", "opens_at": "10:00:00", "closes_at": "18:00:00"},
            "Thursday, Friday, 10:00–18:00",
        ),
        (
            {"freq": "MONTHLY", "byday": "1SA,-1fr", "opens_at": "10:00Z", "closes_at": "14:00Z"},
            "First Saturday, last Friday of the month, 10:00–14:00 UTC",
        ),
        (
            {"byday": "SU", "interval": 2, "opens_at": "09:30:15+05:45"},
            "Sunday, every 2 weeks, from 09:30:15 UTC+05:45",
        ),
        (
            {"valid_from": datetime.date(2026, 1, 1), "valid_to": datetime.date(2026, 6, 30)},
            "1 Jan 2026 to 30 Jun 2026",
        ),
        ({"description": "By appointment only"}, "By appointment only"),
    ],
)
def test_a_schedule_is_put_in_words(fields, words):
    assert str(describe(Schedule(**fields))) == words


@pytest.mark.parametrize(
    ("number", "dialled"),
    [
        ("+1 555 0100", "+15550100"),
        ('"+44 1234 234567"', "+441234234567"),
        ("(0)20 7946", "0207946"),
        # The national trunk prefix written beside an international one is not dialled.
        ("+44 (0)20 7946 0000", "+442079460000"),
        ("+49 (0) 30 1234", "+49301234"),
    ],
)
def test_a_phone_number_is_dialled_as_written(number, dialled):
    assert dialable(number) == dialled


@pytest.mark.parametrize(
    ("kind", "shown"),
    [
        ("voice", "voice"),
        ("CELL", "mobile"),
        ("text", "text messages"),
        ("textphone", "textphone (TTY)"),
        ("satellite", "satellite"),
    ],
)
def test_a_phone_type_is_said_in_words(kind, shown):
    assert phone_kind(kind) == shown


def test_the_organization_page_shows_where_and_how_to_reach_them(
    client_for, administrator, directory
):
    body = (
        client_for(administrator)
        .get(reverse("directory:organization", args=[directory.pk]))
        .content.decode()
    )
    assert "Where and how to reach them" in body
    assert 'href="tel:+15550199,12"' in body and "ext. 12" in body
    assert "Main house" in body and "1 Harbor Road" in body
    assert "First Saturday of the month, 10:00–14:00 UTC" in body
    # Beside the service it belongs to, in one line: its hours and the first phone to call.
    assert "Monday to Friday, 09:00–17:30 · From 1 Jan 2026 · +1 555 0199" in body


def test_the_service_page_shows_its_phones_and_hours(client_for, administrator, directory):
    service = directory.services.get(name="Beds")
    body = client_for(administrator).get(reverse("directory:service", args=[service.pk]))
    text = body.content.decode()
    assert "How to reach this service" in text
    assert "+1 555 0199" in text and "&#x27;=the night line, after 6 pm" in text
    assert "Monday to Friday, 09:00–17:30" in text and "(From 1 Jan 2026)" in text
    assert "Intake by phone first" in text


def test_a_partner_sees_what_advocates_see_of_their_services(
    client_for, administrator, partner, directory
):
    services.partner_user_link(actor=administrator, user=partner, organization=directory)
    body = client_for(partner).get(reverse("directory:partner-services")).content.decode()
    assert "Advocates who refer to you see each service" in body
    assert "Monday to Friday, 09:00–17:30" in body
    # "Old shelter" lists no phone: its organization's is shown.
    assert body.count("+1 555 0199") == 2


def test_the_partner_page_reads_phones_and_schedules_in_a_fixed_number_of_queries(
    client_for, administrator, partner, directory
):
    services.partner_user_link(actor=administrator, user=partner, organization=directory)
    client = client_for(partner)
    client.get(reverse("directory:partner-services"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("directory:partner-services"))
    for number in range(4):
        service = services.service_create(
            actor=administrator, organization=directory, name=f"More {number}"
        )
        services.phone_create(actor=administrator, service=service, number=f"555 01{number}0")
        services.schedule_create(actor=administrator, service=service, byday="MO")
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("directory:partner-services"))
    assert len(more) == len(few)


def test_the_api_gives_each_service_its_phones_and_schedules(client_for, advocate, directory):
    listed = client_for(advocate).get(reverse("directory-api:service-list")).json()["results"]
    beds = next(service for service in listed if service["name"] == "Beds")
    assert [phone["number"] for phone in beds["phones"]] == ["+1 555 0199"]
    assert beds["phones"][0]["extension"] == 12
    (schedule,) = beds["schedules"]
    assert schedule["summary"] == "Monday to Friday, 09:00–17:30 · From 1 Jan 2026"
    assert (schedule["byday"], schedule["opens_at"], schedule["freq"]) == (
        "MO,TU,WE,TH,FR",
        "09:00",
        "WEEKLY",
    )
    organizations = client_for(advocate).get(reverse("directory-api:organization-list")).json()
    harbor = next(each for each in organizations["results"] if each["name"] == "Harbor Housing")
    assert [phone["number"] for phone in harbor["phones"]] == ["+1 555 0199"]


def test_the_service_list_reads_in_a_fixed_number_of_queries(
    client_for, administrator, advocate, directory
):
    client = client_for(advocate)
    url = reverse("directory-api:service-list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(4):
        service = services.service_create(
            actor=administrator, organization=directory, name=f"More {number}"
        )
        services.phone_create(actor=administrator, service=service, number=f"555 01{number}0")
        services.schedule_create(actor=administrator, service=service, byday="TU")
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few)
