"""The caseload: whose cases appear, exact-name search by POST, filters, a constant query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.choices import CaseStatus, SafetyFlag
from organization.models import Program
from tests.conftest import open_case

CASELOAD = reverse("cases:caseload")


@pytest.fixture
def program(db):
    return Program.objects.create(name="Caseload program")


def test_advocate_sees_only_the_survivors_whose_team_they_are_on(
    advocate, make_user, program, client_for
):
    open_case(advocate, program, "Rosa Mine")
    open_case(make_user("advocate"), program, "Tamar Elsewhere")

    response = client_for(advocate).get(CASELOAD)

    assert response.status_code == 200
    assert "Rosa Mine" in response.content.decode()
    assert "Tamar Elsewhere" not in response.content.decode()


def test_supervisor_sees_the_whole_program(advocate, make_user, supervisor, program, client_for):
    program.supervisors.add(supervisor)
    open_case(advocate, program, "Rosa Mine")
    open_case(make_user("advocate"), program, "Tamar Elsewhere")

    body = client_for(supervisor).get(CASELOAD).content.decode()

    assert "Rosa Mine" in body and "Tamar Elsewhere" in body


def test_exact_name_search_finds_the_survivor_by_post(advocate, program, client_for):
    open_case(advocate, program, "Rosa Mine", legal_name="Rosalind Example")
    open_case(advocate, program, "Someone Else")

    response = client_for(advocate).post(CASELOAD, {"name": "  rosalind EXAMPLE "})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Rosa Mine" in body
    assert "Someone Else" not in body


def test_search_for_a_name_only_on_another_team_finds_nothing(
    advocate, make_user, program, client_for
):
    theirs = open_case(make_user("advocate"), program, "Tamar Elsewhere")

    body = client_for(advocate).post(CASELOAD, {"name": "Tamar Elsewhere"}).content.decode()

    assert str(theirs.pk) not in body
    assert theirs.number not in body
    assert "No survivor you work with has exactly this name." in body


def test_search_needs_a_name_and_keeps_names_out_of_the_address(advocate, program, client_for):
    response = client_for(advocate).post(CASELOAD, {"name": ""})
    assert response.status_code == 400
    # The search form posts; the page never builds a link carrying a name.
    assert 'method="post" action="/cases/"' in response.content.decode()


def test_status_and_flag_filters(advocate, program, client_for):
    flagged = open_case(advocate, program, "Flagged Person")
    services.safety_update(
        actor=advocate, case=flagged, flags=[SafetyFlag.TRAFFICKER_IN_CONTACT], plan=""
    )
    quiet = open_case(advocate, program, "Quiet Person")
    services.case_set_status(actor=advocate, case=quiet, status=CaseStatus.INACTIVE)
    client = client_for(advocate)

    by_flag = client.get(CASELOAD, {"flag": SafetyFlag.TRAFFICKER_IN_CONTACT}).content.decode()
    assert "Flagged Person" in by_flag and "Quiet Person" not in by_flag
    assert "Trafficker still in contact" in by_flag

    inactive = client.get(CASELOAD, {"status": CaseStatus.INACTIVE}).content.decode()
    assert "Quiet Person" in inactive and "Flagged Person" not in inactive


def test_unknown_filter_values_are_ignored_not_an_error(advocate, program, client_for):
    open_case(advocate, program, "Rosa Mine")
    response = client_for(advocate).get(CASELOAD, {"status": "bogus", "flag": "bogus"})
    assert response.status_code == 200
    assert "Rosa Mine" in response.content.decode()


def _count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CASELOAD)
    assert response.status_code == 200
    return len(queries)


def test_caseload_query_count_is_the_same_for_10_and_100_cases(
    advocate, program, client_for, django_assert_num_queries
):
    client = client_for(advocate)
    for number in range(10):
        open_case(advocate, program, f"Survivor {number}")
    with_ten = _count_queries(client)
    for number in range(10, 100):
        open_case(advocate, program, f"Survivor {number}")

    with django_assert_num_queries(with_ten):
        response = client.get(CASELOAD)
    assert response.content.decode().count("/cases/") >= 25


def test_only_mine_narrows_a_supervisors_program_to_their_own_team(
    advocate, supervisor, program, client_for
):
    program.supervisors.add(supervisor)
    open_case(advocate, program, "Rosa Mine")
    open_case(supervisor, program, "Sam Supervised")

    body = client_for(supervisor).get(CASELOAD, {"mine": "on"}).content.decode()

    assert "Sam Supervised" in body and "Rosa Mine" not in body


def test_pages_count_the_whole_caseload_and_past_the_last_page_show_the_last(
    advocate, program, client_for
):
    client = client_for(advocate)
    for number in range(30):
        open_case(advocate, program, f"Survivor {number}")

    first = client.get(CASELOAD).content.decode()
    assert "Page 1 of 2" in first and first.count('class="case-number"') == 25
    second = client.get(CASELOAD, {"page": 2}).content.decode()
    assert "Page 2 of 2" in second and second.count('class="case-number"') == 5
    beyond = client.get(CASELOAD, {"page": 99}).content.decode()
    assert "Page 2 of 2" in beyond and beyond.count('class="case-number"') == 5
    wrong = client.get(CASELOAD, {"page": "x"}).content.decode()
    assert "Page 1 of 2" in wrong


FRAGMENT = {"HX-Request": "true"}


def test_a_search_sent_by_htmx_gets_only_its_results_and_status_back(
    advocate, make_user, program, client_for
):
    open_case(advocate, program, "Rosa Mine")
    theirs = open_case(make_user("advocate"), program, "Rosa Mine")

    response = client_for(advocate).post(CASELOAD, {"name": "rosa mine"}, headers=FRAGMENT)

    body = response.content.decode()
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    assert "<html" not in body and 'name="name"' not in body  # no layout, no forms
    assert "Rosa Mine" in body and theirs.number not in body
    # The status replaces the page's live region, where screen readers announce it.
    assert '<div id="search-status" role="status" hx-swap-oob="true">' in body
    assert "1 survivor matches this exact name." in body


def test_an_empty_search_sent_by_htmx_says_what_to_do(advocate, client_for):
    response = client_for(advocate).post(CASELOAD, {"name": "   "}, headers=FRAGMENT)
    assert response.status_code == 400
    assert "Type a name to search." in response.content.decode()


def test_the_caseload_page_has_the_live_region_and_sends_the_search_with_htmx(advocate, client_for):
    body = client_for(advocate).get(CASELOAD).content.decode()
    assert '<div id="search-status" role="status">' in body
    assert 'hx-post="/cases/" hx-target="#caseload-results"' in body
    assert '<div id="caseload-results">' in body


def test_a_search_uses_the_same_queries_for_one_match_and_for_twenty(
    advocate, program, client_for, django_assert_num_queries
):
    client = client_for(advocate)
    open_case(advocate, program, "Rosa Mine")
    open_case(advocate, program, "Other Person")
    client.post(CASELOAD, {"name": "Rosa Mine"}, headers=FRAGMENT)  # warm the session
    with CaptureQueriesContext(connection) as one:
        client.post(CASELOAD, {"name": "Rosa Mine"}, headers=FRAGMENT)
    for _ in range(19):
        open_case(advocate, program, "Rosa Mine")
    with django_assert_num_queries(len(one)):
        body = client.post(CASELOAD, {"name": "Rosa Mine"}, headers=FRAGMENT).content.decode()
    assert "20 survivors match this exact name." in body
