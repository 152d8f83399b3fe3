"""Reading one case for a person: the one selector every page and endpoint of a case uses."""

from audit.models import AuditAction
from audit.services import audit_record
from cases.access import (
    CaseAction,
    case_for,
)
from cases.models import Case, TeamMembership

# What every page of a case shows beside the case (program, safe-contact rules, mandated-report
# checklist), read with it in the same query.
CASE_PAGE_RELATED = ("program", "safe_contact", "mandated_report")


def case_read(
    *, actor, case_id, action: CaseAction = CaseAction.VIEW, audited: bool = True, related=()
) -> Case:
    """The case ``actor`` asks for, through ``case_for`` (404 outsiders, 403 without the right
    to ``action``), audited as a view when ``audited``.

    Every page of a case shows its safety banner and safe-contact block (codeword included), so
    reading any of them is a view of protected data; so is the API returning its content.
    ``audited`` is false for writes (their services audit them) and for fragments of a page
    already recorded. ``related`` names what the page shows beside the case, read in the same
    query.
    """
    case = case_for(actor, case_id, action, related=related)
    if audited:
        audit_record(actor=actor, action=AuditAction.VIEW, target=case)
    return case


def case_team(*, case: Case) -> list[TeamMembership]:
    """The team, past and present, with each member's role (their groups)."""
    team = case.team.select_related("user").order_by("until", "since")
    return list(team.prefetch_related("user__groups"))
