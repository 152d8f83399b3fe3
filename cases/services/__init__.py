"""The only writers of case data, grouped by area. Each service is atomic and audits in the same
transaction; rules that span objects live here, forms and serializers check shape only.

``from cases import services`` reaches every one of them by name.
"""

from cases.services.case import (
    CATEGORY_FIELDS,
    DECLINABLE_FIELDS,
    IDENTITY_FIELDS,
    LANGUAGE_OTHER_MAX,
    Identity,
    case_close,
    case_open,
    case_reopen,
    case_set_status,
    case_update_identity,
)
from cases.services.journey import (
    appointment_record,
    check_in_record,
    goal_create,
    goal_step_add,
    goal_step_set_done,
    goal_update,
    outreach_record,
    quiet_cases_remind,
    service_record,
    stage_record,
)
from cases.services.notes import (
    CASE_NOTE_RULES,
    note_add_addendum,
    note_create,
    note_sign,
    note_update,
)
from cases.services.safety import (
    SAFE_CONTACT_FIELDS,
    mandated_report_update,
    safe_contact_update,
    safety_update,
)
from cases.services.signed_notes import (
    SignedNoteRules,
    signed_note_add_addendum,
    signed_note_create,
    signed_note_edit_begin,
    signed_note_edit_save,
    signed_note_sign,
    signed_note_update,
)
from cases.services.team import (
    ROLES_FOR_TEAM_ROLE,
    break_glass_expire,
    break_glass_open,
    break_glass_review,
    team_member_add,
    team_member_end,
)
from cases.services.validation import (
    MAX_TEXT,
    age_band_for,
    age_on,
    contact_touch,
    not_in_future,
    text_checked,
)

__all__ = [
    "CASE_NOTE_RULES",
    "CATEGORY_FIELDS",
    "DECLINABLE_FIELDS",
    "IDENTITY_FIELDS",
    "LANGUAGE_OTHER_MAX",
    "MAX_TEXT",
    "ROLES_FOR_TEAM_ROLE",
    "SAFE_CONTACT_FIELDS",
    "Identity",
    "SignedNoteRules",
    "age_band_for",
    "age_on",
    "appointment_record",
    "break_glass_expire",
    "break_glass_open",
    "break_glass_review",
    "case_close",
    "case_open",
    "case_reopen",
    "case_set_status",
    "case_update_identity",
    "check_in_record",
    "contact_touch",
    "goal_create",
    "goal_step_add",
    "goal_step_set_done",
    "goal_update",
    "mandated_report_update",
    "not_in_future",
    "note_add_addendum",
    "note_create",
    "note_sign",
    "note_update",
    "outreach_record",
    "quiet_cases_remind",
    "safe_contact_update",
    "safety_update",
    "service_record",
    "signed_note_add_addendum",
    "signed_note_create",
    "signed_note_edit_begin",
    "signed_note_edit_save",
    "signed_note_sign",
    "signed_note_update",
    "stage_record",
    "team_member_add",
    "team_member_end",
    "text_checked",
]
