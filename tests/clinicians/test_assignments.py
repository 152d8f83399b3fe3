"""Assignments: requested, approved (joins the team), declined, ended (leaves it); the rules
for who may be asked for; the survivor's wishes always honoured; nothing written on refusal."""

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from cases.access import active_membership, cases_visible_to
from clinicians import services
from clinicians.choices import AssignmentStatus
from clinicians.models import Assignment
from tests.clinicians.conftest import give_profile

pytestmark = pytest.mark.django_db


def test_approval_puts_the_clinician_on_the_team_and_ending_takes_them_off(
    advocate, supervisor, profiled, case
):
    assignment = services.assignment_request(actor=advocate, case=case, clinician=profiled)
    assert not cases_visible_to(profiled).filter(pk=case.pk).exists()
    services.assignment_approve(actor=supervisor, assignment=assignment)
    assert cases_visible_to(profiled).filter(pk=case.pk).exists()
    ended = services.assignment_end(actor=supervisor, assignment=assignment, reason="completed")
    assert ended.status == AssignmentStatus.ENDED
    assert not active_membership(profiled, case_ref=case).exists()
    assert not cases_visible_to(profiled).filter(pk=case.pk).exists()
    # History kept.
    assert Assignment.objects.filter(case=case).count() == 1


def test_declined_request_keeps_its_row_and_gives_no_access(advocate, supervisor, profiled, case):
    assignment = services.assignment_request(actor=advocate, case=case, clinician=profiled)
    services.assignment_decline(actor=supervisor, assignment=assignment, reason="Full this month")
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DECLINED
    assert not cases_visible_to(profiled).filter(pk=case.pk).exists()
    with pytest.raises(ValidationError, match="Declined already"):
        services.assignment_approve(actor=supervisor, assignment=assignment)


def _refused(advocate, case, clinician, message, **kwargs):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as raised:
        services.assignment_request(actor=advocate, case=case, clinician=clinician, **kwargs)
    assert message in str(raised.value)
    assert not Assignment.objects.filter(case=case).exists()
    assert AuditEvent.objects.count() == events


def test_inactive_clinician_refused_even_with_a_reason(advocate, profiled, case):
    profiled.is_active = False
    profiled.save()
    _refused(
        advocate,
        case,
        profiled,
        "account is inactive",
        override_reason="She knows this survivor's family well.",
    )


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"licence_number": ""}, "has no current licence on record"),
        ({"accepting_new": False}, "is not accepting new survivors"),
        ({"caseload_capacity": 0}, "is at or over their caseload capacity"),
    ],
)
def test_needs_an_override_with_a_reason(advocate, clinician, case, change, problem):
    give_profile(clinician, **change)
    _refused(advocate, case, clinician, problem)
    _refused(advocate, case, clinician, problem, override_reason="because")
    assignment = services.assignment_request(
        actor=advocate,
        case=case,
        clinician=clinician,
        override_reason="The only EMDR clinician who speaks her language.",
    )
    assert assignment.override_reason.startswith("The only EMDR")


def test_expired_licence_needs_an_override(advocate, clinician, case):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    give_profile(
        clinician,
        licence_issued_on=today - datetime.timedelta(days=900),
        licence_expires_on=today - datetime.timedelta(days=1),
    )
    _refused(advocate, case, clinician, "has no current licence on record")


def test_survivor_wishes_are_never_overridden(advocate, profiled, other_clinician, case):
    services.wishes_update(
        actor=advocate,
        case=case,
        clinician_gender="woman",
        language="spanish",
        clinicians_not_to_see=[profiled.pk],
    )
    reason = {"override_reason": "An urgent need, nobody else is free."}
    _refused(advocate, case, profiled, "asked not to see this clinician", **reason)
    _refused(advocate, case, other_clinician, "another gender", **reason)


def test_language_is_needed_unless_an_interpreter_is_acceptable(advocate, other_clinician, case):
    services.wishes_update(actor=advocate, case=case, language="tigrinya")
    _refused(advocate, case, other_clinician, "speaks tigrinya")
    services.wishes_update(actor=advocate, case=case, language="tigrinya", interpreter_ok=True)
    services.assignment_request(actor=advocate, case=case, clinician=other_clinician)


def test_one_open_request_per_clinician(advocate, profiled, case):
    services.assignment_request(actor=advocate, case=case, clinician=profiled)
    with pytest.raises(ValidationError, match="already asked for or assigned"):
        services.assignment_request(actor=advocate, case=case, clinician=profiled)


def test_capacity_checked_again_at_approval(advocate, supervisor, clinician, case, program):
    from tests.conftest import open_case

    give_profile(clinician, caseload_capacity=1)
    first = services.assignment_request(actor=advocate, case=case, clinician=clinician)
    second_case = open_case(advocate, program, name="Second Survivor")
    second = services.assignment_request(actor=advocate, case=second_case, clinician=clinician)
    services.assignment_approve(actor=supervisor, assignment=first)
    with pytest.raises(ValidationError, match="caseload capacity"):
        services.assignment_approve(actor=supervisor, assignment=second)
    second.refresh_from_db()
    assert second.status == AssignmentStatus.REQUESTED


def test_end_needs_a_listed_reason(supervisor, assigned):
    with pytest.raises(ValidationError, match="listed reasons"):
        services.assignment_end(actor=supervisor, assignment=assigned, reason="bored")
    assigned.refresh_from_db()
    assert assigned.status == AssignmentStatus.APPROVED


def test_licence_that_expired_before_it_was_issued(clinician):
    import datetime

    with pytest.raises(ValidationError, match="cannot expire before it was issued"):
        give_profile(
            clinician,
            licence_issued_on=datetime.date(2024, 5, 1),
            licence_expires_on=datetime.date(2024, 4, 30),
        )
    assert not clinician.__class__.objects.filter(
        pk=clinician.pk, clinician_profile__isnull=False
    ).exists()
