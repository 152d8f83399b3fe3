"""The case pages: caseload, intake, the case page and its team, safety and break-glass."""

from cases import services as case_services
from cases.choices import CaseStatus, TeamRole
from cases.models import MandatedReport
from organization.models import Program
from tests.factories import UserFactory
from tests.matrix.framework import Entry, case_page, case_write, everyone, only_role

CASE_WORKERS_ONLY = everyone(
    403,
    advocate_on_team=200,
    advocate_off_team=200,
    clinician_on_team=200,
    clinician_off_team=200,
    supervisor_of_program=200,
    supervisor_of_other_program=200,
)


def _case(context) -> dict:
    return {"case_id": context.case.pk}


def _minor_case(context) -> dict:
    # The matrix case is an adult's; the checklist exists only for a minor's case.
    context.remember("mandated", lambda: MandatedReport.objects.create(case=context.case))
    return {"case_id": context.case.pk}


def _clinician_membership(context) -> dict:
    membership = context.case.team.get(team_role=TeamRole.CLINICIAN)
    return {"case_id": context.case.pk, "membership_id": membership.pk}


def _grant_to_review(context) -> dict:
    """A break-glass grant on the program's case, by a supervisor of another program."""

    def make():
        other = UserFactory(role="supervisor")
        Program.objects.create(name=f"Elsewhere {other.pk}").supervisors.add(other)
        return case_services.break_glass_open(
            actor=other, case=context.case, reason="Emergency call from the shelter tonight"
        )

    return {"grant_id": context.remember("grant", make).pk}


def _unsupervised_grant(context) -> dict:
    """A break-glass grant on a case of a program nobody supervises: the administrators'."""

    def make():
        lead = UserFactory(role="advocate")
        unsupervised = Program.objects.create(name=f"Unsupervised {lead.pk}")
        case = case_services.case_open(
            actor=lead,
            program=unsupervised,
            identity=case_services.Identity(preferred_name="Matrix Unsupervised"),
        )
        breaking = UserFactory(role="supervisor")
        return case_services.break_glass_open(
            actor=breaking, case=case, reason="Emergency call from the shelter tonight"
        )

    return {"grant_id": context.remember("unsupervised_grant", make).pk}


ENTRIES: dict[str, Entry] = {
    # Administrators and auditors have a caseload too (the cases whose team they are on, maybe
    # none), as the API gives them; only case workers open intakes.
    "cases:caseload": Entry(everyone(200, signed_in_without_role=403, partner_agency_user=403)),
    "cases:intake": Entry(CASE_WORKERS_ONLY),
    "cases:detail": Entry(case_page(200), kwargs=_case),
    # Loaded into the case page by htmx; tried here as the plain page it is without JavaScript.
    "cases:viewers": Entry(case_page(200), kwargs=_case),
    "cases:edit": Entry(case_write(200), kwargs=_case),
    "cases:status": Entry(
        case_write(302, clinician=403),
        method="post",
        kwargs=_case,
        data={"status": CaseStatus.INACTIVE},
    ),
    "cases:close": Entry(case_write(200, clinician=403), kwargs=_case),
    "cases:reopen": Entry(case_write(302, clinician=403), method="post", kwargs=_case),
    "cases:team": Entry(
        case_page(200, lead_advocate=403, clinician=403, readers=403), kwargs=_case
    ),
    "cases:team-end": Entry(
        case_page(302, lead_advocate=403, clinician=403, readers=403),
        method="post",
        kwargs=_clinician_membership,
    ),
    "cases:safety": Entry(case_write(200), kwargs=_case),
    "cases:safe-contact": Entry(case_write(200), kwargs=_case),
    "cases:mandated-report": Entry(case_write(200), kwargs=_minor_case),
    "cases:break-glass": Entry(only_role("supervisor")),
    "cases:break-glass-review": Entry(only_role("supervisor")),
    "cases:break-glass-reviewed": Entry(
        only_role("supervisor", 302) | {"supervisor_of_other_program": 404},
        method="post",
        kwargs=_grant_to_review,
    ),
    "cases:break-glass-unsupervised": Entry(only_role("administrator")),
    "cases:break-glass-unsupervised-reviewed": Entry(
        only_role("administrator", 302), method="post", kwargs=_unsupervised_grant
    ),
}
