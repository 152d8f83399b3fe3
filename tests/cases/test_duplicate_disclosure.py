"""The duplicate check at intake counts matches the person may not see only where the
organization allows it (DUPLICATE_COUNT_ACROSS_PROGRAMS), and audits each such answer."""

import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from cases import services
from cases.models import Case
from organization.models import Program

PHONE = "+1 202 555 0143"
INTAKE = reverse("cases:intake")


@pytest.fixture
def elsewhere_case(make_user):
    """A case in another program, with the phone the intake gives."""
    program = Program.objects.create(name="Another program")
    return services.case_open(
        actor=make_user("advocate"),
        program=program,
        identity=services.Identity(preferred_name="Hidden Name", phone=PHONE),
    )


@pytest.fixture
def my_program(supervisor):
    program = Program.objects.create(name="My program")
    program.supervisors.add(supervisor)
    return program


def page_intake(program):
    return {
        "program": program.pk,
        "preferred_name": "Someone New",
        "intake_date": "2024-01-10",
        "phone": PHONE,
    }


def api_intake(program):
    return {"program": str(program.pk), "preferred_name": "Someone New", "phone": PHONE}


def disclosures():
    return AuditEvent.objects.filter(action=AuditAction.DISCLOSURE)


def test_by_default_the_page_says_nothing_of_cases_one_may_not_see(
    advocate, my_program, elsewhere_case, client_for
):
    response = client_for(advocate).post(INTAKE, page_intake(my_program))

    assert response.status_code == 302  # no warning to confirm: the case opens
    assert Case.objects.count() == 2
    assert not disclosures().exists()


def test_by_default_the_api_says_nothing_of_cases_one_may_not_see(
    advocate, my_program, elsewhere_case, client_for
):
    response = client_for(advocate).post(
        "/api/v1/cases", api_intake(my_program), content_type="application/json"
    )

    assert response.status_code == 201
    assert not disclosures().exists()


def test_where_allowed_the_page_counts_them_and_the_answer_is_audited(
    advocate, my_program, elsewhere_case, client_for, settings
):
    settings.DUPLICATE_COUNT_ACROSS_PROGRAMS = True
    response = client_for(advocate).post(INTAKE, page_intake(my_program))

    body = response.content.decode()
    assert response.status_code == 400
    assert "1 possible match is on a case you are not on" in body
    assert "Hidden Name" not in body and elsewhere_case.number not in body
    event = disclosures().get()
    assert event.actor == advocate and "phone" in event.fields
    assert PHONE not in event.reason and "1 match" in event.reason


def test_where_allowed_the_api_counts_them_and_the_answer_is_audited(
    advocate, my_program, elsewhere_case, client_for, settings
):
    settings.DUPLICATE_COUNT_ACROSS_PROGRAMS = True
    response = client_for(advocate).post(
        "/api/v1/cases", api_intake(my_program), content_type="application/json"
    )

    assert response.status_code == 409
    assert response.json()["likely_duplicates"] == {"count": 1, "visible": []}
    assert disclosures().get().actor == advocate


def test_a_visible_duplicate_is_named_whatever_the_setting(advocate, my_program, client_for):
    mine = services.case_open(
        actor=advocate,
        program=my_program,
        identity=services.Identity(preferred_name="Known Person", phone=PHONE),
    )
    response = client_for(advocate).post(
        "/api/v1/cases", api_intake(my_program), content_type="application/json"
    )

    assert response.status_code == 409
    assert response.json()["likely_duplicates"]["visible"] == [
        {"id": str(mine.pk), "number": mine.number}
    ]
    assert not disclosures().exists()
