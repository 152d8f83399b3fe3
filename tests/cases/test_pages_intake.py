"""Intake: the form, the duplicate warning, "prefer not to say", bad input writing nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.access import cases_visible_to
from cases.models import Case
from organization.models import Program

INTAKE = reverse("cases:intake")


@pytest.fixture
def program(db):
    return Program.objects.create(name="Intake program")


def intake_post(program, **overrides):
    data = {
        "program": str(program.pk),
        "intake_date": timezone.localdate().isoformat(),
        "preferred_name": "Amara",
        "legal_name": "Amara Okafor",
        "date_of_birth": "1995-04-12",
        "phone": "+1 202 555 0143",
        "citizenship_category": "foreign_national",
        "trafficking_type": "labor",
    }
    data.update(overrides)
    return data


def test_intake_opens_the_case_and_goes_to_its_page(advocate, program, client_for):
    response = client_for(advocate).post(INTAKE, intake_post(program))

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", kwargs={"case_id": case.pk})
    assert case.preferred_name == "Amara"
    assert case.legal_name == "Amara Okafor"
    assert case.trafficking_type == "labor"
    assert case.team.get().user == advocate


def test_prefer_not_to_say_records_the_field_name_and_keeps_no_value(advocate, program, client_for):
    client_for(advocate).post(
        INTAKE, intake_post(program, legal_name_declined="on", phone_declined="on")
    )

    case = Case.objects.get()
    assert case.declined_fields == ["legal_name", "phone"]
    assert case.legal_name == "" and case.phone == ""


def test_a_likely_duplicate_is_shown_and_needs_confirmation(advocate, program, client_for):
    client = client_for(advocate)
    client.post(INTAKE, intake_post(program))

    warned = client.post(INTAKE, intake_post(program, preferred_name="Amy"))

    assert warned.status_code == 400
    body = warned.content.decode()
    assert "This may be someone Alongside already knows" in body
    assert "Amara" in body  # the visible match, linked
    assert Case.objects.count() == 1

    confirmed = client.post(
        INTAKE, intake_post(program, preferred_name="Amy", confirm_new_person="on")
    )
    assert confirmed.status_code == 302
    assert Case.objects.count() == 2


def test_a_duplicate_on_another_team_is_only_counted(
    advocate, make_user, program, client_for, settings
):
    settings.DUPLICATE_COUNT_ACROSS_PROGRAMS = True
    other = make_user("advocate")
    theirs = services.case_open(
        actor=other,
        program=program,
        identity=services.Identity(preferred_name="Hidden Name", phone="+1 202 555 0143"),
    )

    response = client_for(advocate).post(INTAKE, intake_post(program))

    body = response.content.decode()
    assert "1 possible match is on a case you are not on. Ask a supervisor" in body
    assert "Hidden Name" not in body and theirs.number not in body
    assert not cases_visible_to(advocate).exists()


def test_program_choices_are_restricted_to_the_supervisors_own(supervisor, client_for):
    mine = Program.objects.create(name="Mine")
    mine.supervisors.add(supervisor)
    other = Program.objects.create(name="Not mine")

    response = client_for(supervisor).post(INTAKE, intake_post(other, date_of_birth="", phone=""))

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date_of_birth": "2999-01-01"}, "date_of_birth", "after the intake date"),
        (
            {"intake_date": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()},
            "intake_date",
            "in the future",
        ),
        ({"trafficking_type": "kidnapping"}, "trafficking_type", "Select a valid choice"),
        ({"gender_identity": "unknown-enum"}, "gender_identity", "Select a valid choice"),
        ({"preferred_name": "x" * 201}, "preferred_name", "at most 200 characters"),
        ({"address": "x" * 1001}, "address", "at most 1000 characters"),
        ({"preferred_name": ""}, "preferred_name", "This field is required"),
        ({"date_of_birth": "12/31/ninety"}, "date_of_birth", "Enter a date"),
        ({"email": "not-an-email"}, "email", "valid email"),
    ],
)
def test_bad_input_gives_a_field_message_and_writes_nothing(
    advocate, program, client_for, overrides, field, message
):
    response = client_for(advocate).post(INTAKE, intake_post(program, **overrides))

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert not Case.objects.exists()


def test_a_date_of_birth_under_18_marks_the_case_as_a_minors(advocate, program, client_for):
    birth = timezone.localdate() - datetime.timedelta(days=15 * 365)
    client_for(advocate).post(
        INTAKE, intake_post(program, date_of_birth=birth.isoformat(), phone="")
    )

    case = Case.objects.get()
    assert case.minor_at_intake
    assert case.mandated_report.completed_at is None


def test_the_blank_form_assumes_nothing_about_the_survivor(advocate, program, client_for):
    form = client_for(advocate).get(INTAKE).context["form"]
    assert form["age_band"].value() == "unknown"
    assert form["citizenship_category"].value() == "unknown"
    assert form["trafficking_type"].value() == "unknown"
    assert not form["gender_identity"].value()
