"""The case pages, grouped by area. Each view parses, reaches its case through a selector built on
``cases.access.case_for`` (404 to outsiders, 403 to insiders without the right), calls one
service and renders (STYLE habit 1). Valid posts go back to the case page with a status
message; invalid ones re-render with field messages (400) and write nothing.
"""

from cases.views.case import (
    CASE_FORMS,
    case_form,
    case_page,
    close,
    detail,
    edit,
    reopen,
    status,
    viewers,
)
from cases.views.caseload import PAGE_SIZE, caseload, intake
from cases.views.journey import (
    appointment,
    check_in,
    check_ins,
    check_ins_recent,
    goal_create,
    goal_edit,
    goal_step_add,
    goal_step_done,
    outreach,
    reminder_done,
    service,
    stage,
)
from cases.views.notes import note_addendum, note_create, note_detail, note_edit, note_sign
from cases.views.record import PANEL_CHECK_INS, case_page_url, case_panels_context
from cases.views.safety import mandated_report, safe_contact, safety
from cases.views.team import (
    break_glass,
    break_glass_review,
    break_glass_reviewed,
    break_glass_unsupervised,
    break_glass_unsupervised_reviewed,
    team,
    team_end,
)

__all__ = [
    "CASE_FORMS",
    "PAGE_SIZE",
    "PANEL_CHECK_INS",
    "appointment",
    "break_glass",
    "break_glass_review",
    "break_glass_reviewed",
    "break_glass_unsupervised",
    "break_glass_unsupervised_reviewed",
    "case_form",
    "case_page",
    "case_page_url",
    "case_panels_context",
    "caseload",
    "check_in",
    "check_ins",
    "check_ins_recent",
    "close",
    "detail",
    "edit",
    "goal_create",
    "goal_edit",
    "goal_step_add",
    "goal_step_done",
    "intake",
    "mandated_report",
    "note_addendum",
    "note_create",
    "note_detail",
    "note_edit",
    "note_sign",
    "outreach",
    "reminder_done",
    "reopen",
    "safe_contact",
    "safety",
    "service",
    "stage",
    "status",
    "team",
    "team_end",
    "viewers",
]
