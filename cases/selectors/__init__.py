"""The only readers of case data, grouped by area. Each takes the person reading (or a case
already reached through ``cases.access.case_for``) and never widens what the policy allows.

``from cases import selectors`` reaches every one of them by name.
"""

from cases.selectors.case import CASE_PAGE_RELATED, case_read, case_team
from cases.selectors.caseload import (
    CASELOAD_ROW_FIELDS,
    FLAG_FILTER_LIMIT,
    CaseloadFilters,
    DuplicateWarning,
    case_search_exact,
    caseload,
    caseload_rows,
    caseload_with_flag,
    decrypt_page,
    likely_duplicates,
    page_of,
    with_flag,
)
from cases.selectors.journey import (
    appointments_of,
    check_ins_of,
    current_stage,
    goal_of,
    goal_step_of,
    goals_listed,
    goals_of,
    outreach_of,
    recent_check_ins,
    services_of,
    stage_history,
)
from cases.selectors.notes import note_detail, notes_of, notes_viewed
from cases.selectors.record import (
    CaseRecord,
    OpenReminder,
    StageNow,
    TeamPlace,
    TimelineEntry,
    case_record,
)
from cases.selectors.team import (
    break_glass_for_review,
    break_glass_target,
    break_glass_unsupervised,
    break_glass_until,
    intake_warnings,
    programs_for,
    team_candidates,
    team_membership_of,
)

__all__ = [
    "CASELOAD_ROW_FIELDS",
    "CASE_PAGE_RELATED",
    "FLAG_FILTER_LIMIT",
    "CaseRecord",
    "CaseloadFilters",
    "DuplicateWarning",
    "OpenReminder",
    "StageNow",
    "TeamPlace",
    "TimelineEntry",
    "appointments_of",
    "break_glass_for_review",
    "break_glass_target",
    "break_glass_unsupervised",
    "break_glass_until",
    "case_read",
    "case_record",
    "case_search_exact",
    "case_team",
    "caseload",
    "caseload_rows",
    "caseload_with_flag",
    "check_ins_of",
    "current_stage",
    "decrypt_page",
    "goal_of",
    "goal_step_of",
    "goals_listed",
    "goals_of",
    "intake_warnings",
    "likely_duplicates",
    "note_detail",
    "notes_of",
    "notes_viewed",
    "outreach_of",
    "page_of",
    "programs_for",
    "recent_check_ins",
    "services_of",
    "stage_history",
    "team_candidates",
    "team_membership_of",
    "with_flag",
]
