"""Declining to answer wins over anything typed, whoever sends it: the service keeps no value
for a field the survivor declined, through the API as through the page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case
from organization.models import Program

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def program(db):
    return Program.objects.create(name="Declining program")


def test_the_api_keeps_no_phone_the_survivor_declined_at_intake(program, advocate, client_for):
    response = client_for(advocate).post(
        "/api/v1/cases",
        {
            "program": str(program.pk),
            "preferred_name": "Nadia",
            "phone": "+1 202 555 0101",
            "date_of_birth": "1990-01-02",
            "declined_fields": ["phone", "date_of_birth"],
            "confirm_not_duplicate": True,
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    case = Case.objects.get()
    assert (case.phone, case.date_of_birth) == ("", None)
    assert set(case.declined_fields) == {"phone", "date_of_birth"}
    assert response.json()["phone"] == ""


def test_the_api_keeps_no_phone_sent_for_a_field_still_declined(program, advocate, client_for):
    case = services.case_open(
        actor=advocate,
        program=program,
        identity=services.Identity(preferred_name="Nadia", declined_fields=("phone",)),
    )
    response = client_for(advocate).patch(
        f"/api/v1/cases/{case.pk}",
        {"version": case.version, "phone": "+1 202 555 0101"},
        content_type=JSON,
    )
    assert response.status_code == 200, response.json()
    case.refresh_from_db()
    assert case.phone == "" and case.declined_fields == ["phone"]


def test_the_page_keeps_no_value_the_survivor_declined(program, advocate, client_for):
    response = client_for(advocate).post(
        reverse("cases:intake"),
        {
            "program": str(program.pk),
            "intake_date": timezone.localdate().isoformat(),
            "preferred_name": "Nadia",
            "phone": "+1 202 555 0101",
            "phone_declined": "on",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.phone == "" and case.declined_fields == ["phone"]


def test_the_service_itself_drops_what_was_declined(program, advocate):
    case = services.case_open(
        actor=advocate,
        program=program,
        identity=services.Identity(
            preferred_name="Nadia", email="nadia@example.org", declined_fields=("email",)
        ),
    )
    assert case.email == "" and case.declined_fields == ["email"]
