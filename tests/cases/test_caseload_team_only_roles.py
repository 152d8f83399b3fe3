"""Administrators and auditors: the caseload page answers them as the API does, with the cases
whose team they are on, and says so plainly when they are on none."""

import pytest
from django.urls import reverse

from cases import services
from cases.choices import TeamRole
from tests.conftest import open_case

CASELOAD = reverse("cases:caseload")
API_LIST = reverse("cases-api:case-list")


@pytest.mark.parametrize("role", ["administrator", "auditor"])
def test_page_and_api_list_the_same_cases(role, advocate, make_user, program, client_for):
    person = make_user(role)
    theirs = open_case(advocate, program, name="Rosa Onteam")
    open_case(advocate, program, name="Tamar Offteam")
    services.team_member_add(actor=advocate, case=theirs, user=person, team_role=TeamRole.OTHER)
    client = client_for(person)

    page = client.get(CASELOAD)
    api = client.get(API_LIST)

    assert page.status_code == api.status_code == 200
    body = page.content.decode()
    assert "Rosa Onteam" in body and "Tamar Offteam" not in body
    assert [row["id"] for row in api.json()["results"]] == [str(theirs.pk)]
    # They read cases but do not open them: no intake button that would answer 403.
    assert reverse("cases:intake") not in body


@pytest.mark.parametrize("role", ["administrator", "auditor"])
def test_on_no_team_the_caseload_is_empty_with_a_plain_sentence(
    role, advocate, make_user, program, client_for
):
    open_case(advocate, program, name="Tamar Offteam")
    client = client_for(make_user(role))

    response = client.get(CASELOAD)

    assert response.status_code == 200
    body = response.content.decode()
    assert "You are on no survivor&#x27;s team." in body
    assert "Tamar Offteam" not in body
    assert client.get(API_LIST).json()["results"] == []


@pytest.mark.parametrize("role", ["administrator", "auditor"])
def test_the_caseload_is_in_their_navigation(role, make_user, client_for):
    body = client_for(make_user(role)).get(reverse("home")).content.decode()
    assert f'href="{CASELOAD}"' in body
