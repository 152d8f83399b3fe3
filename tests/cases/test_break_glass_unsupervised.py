"""Break-glass in a program without a supervisor: reviewed by the administrators (who see no
survivor data), never shown to every supervisor; intake there opens the case with a warning."""

import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from cases import services
from cases.models import BreakGlassGrant
from organization.models import Program

REVIEW = reverse("cases:break-glass-review")
UNSUPERVISED = reverse("cases:break-glass-unsupervised")
REASON = "Police called about her safety tonight"


@pytest.fixture
def unsupervised_case(advocate):
    program = Program.objects.create(name="Program without a supervisor")
    return services.case_open(
        actor=advocate, program=program, identity=services.Identity(preferred_name="Noor Quiet")
    )


@pytest.fixture
def breaking(make_user):
    """A supervisor of another program, who opens the case through break-glass."""
    supervisor = make_user("supervisor", full_name="Bruno Breaking")
    Program.objects.create(name="Breaking's program").supervisors.add(supervisor)
    return supervisor


@pytest.fixture
def grant(breaking, unsupervised_case):
    return services.break_glass_open(actor=breaking, case=unsupervised_case, reason=REASON)


def reviewed_url(grant):
    return reverse("cases:break-glass-unsupervised-reviewed", kwargs={"grant_id": grant.pk})


def test_unrelated_supervisors_do_not_see_the_grant_or_its_reason(make_user, client_for, grant):
    unrelated = make_user("supervisor", full_name="Una Unrelated")
    Program.objects.create(name="Unrelated program").supervisors.add(unrelated)

    page = client_for(unrelated).get(REVIEW).content.decode()

    assert REASON not in page
    assert grant.case.number not in page
    assert "Nothing to review." in page


def test_unrelated_supervisor_cannot_mark_it_reviewed(make_user, client_for, grant):
    unrelated = make_user("supervisor")
    url = reverse("cases:break-glass-reviewed", kwargs={"grant_id": grant.pk})
    assert client_for(unrelated).post(url).status_code == 404
    assert BreakGlassGrant.objects.get().reviewed_at is None


def test_administrators_see_who_when_and_the_case_number_only(
    administrator, client_for, grant, unsupervised_case
):
    response = client_for(administrator).get(UNSUPERVISED)
    page = response.content.decode()

    assert response.status_code == 200
    assert unsupervised_case.number in page and "Bruno Breaking" in page
    assert REASON not in page and "Noor Quiet" not in page


def test_administrator_marks_it_reviewed_and_the_review_is_audited(
    administrator, client_for, grant
):
    response = client_for(administrator).post(reviewed_url(grant))

    assert response.status_code == 302 and response["Location"] == UNSUPERVISED
    grant.refresh_from_db()
    assert grant.reviewed_by == administrator and grant.reviewed_at is not None
    event = AuditEvent.objects.filter(actor=administrator, action=AuditAction.UPDATE).get()
    assert event.fields == ["break_glass_review"] and str(grant.pk) in event.reason
    assert REASON not in event.reason


def test_a_grant_in_a_supervised_program_is_not_the_administrators(
    administrator, client_for, breaking, supervisor, advocate
):
    program = Program.objects.create(name="Supervised program")
    program.supervisors.add(supervisor)
    case = services.case_open(
        actor=advocate, program=program, identity=services.Identity(preferred_name="Rae")
    )
    grant = services.break_glass_open(actor=breaking, case=case, reason=REASON)
    client = client_for(administrator)

    assert case.number not in client.get(UNSUPERVISED).content.decode()
    assert client.post(reviewed_url(grant)).status_code == 404
    grant.refresh_from_db()
    assert grant.reviewed_at is None


def test_administrators_review_page_reads_in_fixed_queries(
    administrator, client_for, breaking, unsupervised_case, django_assert_num_queries
):
    for _number in range(3):
        services.break_glass_open(actor=breaking, case=unsupervised_case, reason=REASON)
    client = client_for(administrator)
    client.get(UNSUPERVISED)  # the session and the navigation warm up once
    # The session, the user with its role, its second factor, then the grants with their
    # people and cases in one query, and the session's save (three statements).
    with django_assert_num_queries(7):
        response = client.get(UNSUPERVISED)
    assert response.content.decode().count("Mark AL-") == 3


def test_intake_in_a_program_without_a_supervisor_opens_with_a_warning(advocate, client_for):
    program = Program.objects.create(name="New program")
    response = client_for(advocate).post(
        reverse("cases:intake"),
        {"program": program.pk, "preferred_name": "Lena", "intake_date": "2024-01-10"},
        follow=True,
    )
    page = response.content.decode()
    assert "The case is open" in page
    assert "This program has no supervisor yet" in page


def test_api_intake_in_a_program_without_a_supervisor_says_so(advocate, client_for):
    program = Program.objects.create(name="New API program")
    response = client_for(advocate).post(
        "/api/v1/cases",
        {"program": str(program.pk), "preferred_name": "Lena"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["warnings"] == [
        "This program has no supervisor yet: break-glass access to its cases is reviewed by "
        "the administrators, and nobody supervises its caseload. Ask an administrator to name "
        "a supervisor for it."
    ]


def test_api_intake_in_a_supervised_program_has_no_warnings(advocate, supervisor, client_for):
    program = Program.objects.create(name="Supervised API program")
    program.supervisors.add(supervisor)
    response = client_for(advocate).post(
        "/api/v1/cases",
        {"program": str(program.pk), "preferred_name": "Lena"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["warnings"] == []


def test_a_grant_already_reviewed_or_unknown_is_not_found(administrator, client_for, grant):
    client = client_for(administrator)
    assert client.post(reviewed_url(grant)).status_code == 302
    reviewed_at = BreakGlassGrant.objects.get().reviewed_at

    assert client.post(reviewed_url(grant)).status_code == 404
    missing = reverse(
        "cases:break-glass-unsupervised-reviewed",
        kwargs={"grant_id": "00000000-0000-0000-0000-000000000000"},
    )
    assert client.post(missing).status_code == 404
    assert BreakGlassGrant.objects.get().reviewed_at == reviewed_at
    assert client.get(reviewed_url(grant)).status_code == 405
