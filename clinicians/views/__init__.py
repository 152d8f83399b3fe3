"""The clinicians' pages: "my survivors", sessions, notes, psychotherapy notes, measures and
progress (``clinical``), wishes, matching and assignments (``matching``), profiles and the
supervisors' view (``profiles``)."""

from clinicians.views.clinical import (
    clinical_note_addendum,
    clinical_note_detail,
    clinical_note_new,
    clinical_note_sign,
    clinical_record,
    measure_new,
    measure_result,
    my_survivors,
    progress,
    psychotherapy_note_addendum,
    psychotherapy_note_detail,
    psychotherapy_note_new,
    psychotherapy_note_sign,
    schedule_set,
    session_new,
)
from clinicians.views.matching import (
    assignment_approve,
    assignment_decline,
    assignment_end,
    assignment_request,
    matching,
    wishes,
)
from clinicians.views.profiles import clinician_detail, my_profile, overview, training_add

__all__ = [
    "assignment_approve",
    "assignment_decline",
    "assignment_end",
    "assignment_request",
    "clinical_note_addendum",
    "clinical_note_detail",
    "clinical_note_new",
    "clinical_note_sign",
    "clinical_record",
    "clinician_detail",
    "matching",
    "measure_new",
    "measure_result",
    "my_profile",
    "my_survivors",
    "overview",
    "progress",
    "psychotherapy_note_addendum",
    "psychotherapy_note_detail",
    "psychotherapy_note_new",
    "psychotherapy_note_sign",
    "schedule_set",
    "session_new",
    "training_add",
    "wishes",
]
