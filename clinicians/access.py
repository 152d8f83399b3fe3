"""Who may do what with clinicians' work, on top of ``cases.access``.

A survivor is reached only through ``cases.access.case_for``: a clinician not on a survivor's
team (not assigned, or whose assignment ended) gets 404 for that survivor everywhere, as any
outsider does. On a case someone may see:

- clinical data (clinical notes, item answers, scores on the timeline) is read by clinicians on
  the case only: an advocate, supervisor or administrator who may see the case gets 403;
- a psychotherapy note answers 404 to everyone but its author (who must still reach the case):
  supervisors, administrators, a superuser, exports, referrals and reports never see one;
- assignments are requested by advocates and supervisors who may write on the case, decided by
  a supervisor of its program, and ended by that supervisor or the assigned clinician.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts.roles import Role
from cases.access import CaseAction, allowed, case_for
from clinicians.models import Assignment, PsychotherapyNote

CLINICAL_READER_ROLES = frozenset({Role.CLINICIAN})
ASSIGNMENT_REQUESTER_ROLES = frozenset({Role.ADVOCATE, Role.SUPERVISOR})


def is_clinician(user) -> bool:
    return user.is_authenticated and user.is_active and user.role in CLINICAL_READER_ROLES


def may_read_clinical(user, case) -> bool:
    """A clinician on the case's team (``case`` was reached through ``case_for``, so they are:
    clinicians see cases through team membership alone)."""
    return is_clinician(user) and allowed(user, case, CaseAction.EDIT)


def may_write_clinical(user, case) -> bool:
    return may_read_clinical(user, case)


def may_request_assignment(user, case) -> bool:
    return user.role in ASSIGNMENT_REQUESTER_ROLES and allowed(user, case, CaseAction.EDIT)


def may_decide_assignment(user, case) -> bool:
    """Approve or decline: a supervisor of the case's program (the right to manage its team)."""
    return user.role == Role.SUPERVISOR and allowed(user, case, CaseAction.MANAGE_TEAM)


def may_end_assignment(user, assignment: Assignment) -> bool:
    case = assignment.case
    return may_decide_assignment(user, case) or assignment.clinician_id == user.pk


def may_edit_wishes(user, case) -> bool:
    """The survivor's wishes are recorded by whoever works with them on the case."""
    return allowed(user, case, CaseAction.EDIT)


def clinical_case_for(user, case_id, *, write: bool = False):
    """The case for a clinical page or endpoint: 404 outsiders, 403 insiders who are not a
    clinician on it."""
    case = case_for(user, case_id, CaseAction.VIEW)
    if not (may_write_clinical if write else may_read_clinical)(user, case):
        raise PermissionDenied
    return case


def psychotherapy_notes_of(user, case) -> QuerySet[PsychotherapyNote]:
    """The psychotherapy notes ``user`` wrote on ``case``: nobody reaches anyone else's."""
    if not is_clinician(user):
        return PsychotherapyNote.objects.none()
    return PsychotherapyNote.objects.filter(case=case, author=user)


def psychotherapy_note_for(user, case_id, note_id) -> PsychotherapyNote:
    """The note for its author; 404 for everyone else, whoever they are (a superuser too),
    and for its author once they no longer reach the case."""
    case = case_for(user, case_id, CaseAction.VIEW)
    try:
        note = psychotherapy_notes_of(user, case).filter(pk=note_id).first()
    except (ValueError, TypeError):
        note = None
    if note is None:
        raise Http404
    note.case = case
    return note
