"""Who may read and record a case's consent, built on the case policy (``cases.access``).

Consent belongs to the case: whoever may see the case sees its releases (outsiders get 404);
case workers on the team (and the program's supervisors) record, confirm, revoke and restrict
(others who see the case get 403).
"""

from cases.access import CaseAction, allowed, case_for


def consent_case_for(user, case_id, *, record: bool = False, for_update: bool = False):
    """The case whose consent ``user`` reads (or, with ``record``, changes)."""
    action = CaseAction.EDIT if record else CaseAction.VIEW
    return case_for(user, case_id, action, for_update=for_update)


def may_record_consent(user, case) -> bool:
    """For a case already reached through ``consent_case_for``: may this person change it?"""
    return allowed(user, case, CaseAction.EDIT)
