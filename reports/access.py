"""Who may run which report (DESIGN: Access). The only place that decides it.

Administrators run every report of every program. Supervisors run the reports of the programs
they supervise, and asking for another program's is refused (403, with a message that says
why): they are insiders without that right, not outsiders. Partner-agency users, advocates,
clinicians and auditors run no report: a partner never sees the referral report, whose rows
are other agencies.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.access import role_required
from accounts.roles import Role

REPORT_ROLES = frozenset({Role.ADMINISTRATOR, Role.SUPERVISOR})

# For the pages and the API: signed-out people go to sign-in, other roles get 403.
report_access_required = role_required(*REPORT_ROLES)


def may_run_reports(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in REPORT_ROLES)


def supervised_program_ids(user) -> frozenset:
    from organization.selectors import programs_supervised_by

    return frozenset(programs_supervised_by(actor=user).values_list("pk", flat=True))


def report_program_scope(user, program_id):
    """The program a report of ``user`` covers: ``program_id`` (None: the whole
    organization), checked. Raises ``PermissionDenied`` with a specific message."""
    if not may_run_reports(user):
        raise PermissionDenied(_("Reports are for administrators and supervisors."))
    if user.role == Role.ADMINISTRATOR:
        return program_id
    supervised = supervised_program_ids(user)
    if program_id is None:
        if len(supervised) == 1:
            return next(iter(supervised))
        if not supervised:
            raise PermissionDenied(_("You supervise no program, so there is no report to run."))
        raise PermissionDenied(_("Choose one of the programs you supervise."))
    if program_id not in supervised:
        raise PermissionDenied(_("You may run reports only for the programs you supervise."))
    return program_id


def runs_visible_to(user, queryset):
    """``queryset`` of report runs narrowed to those ``user`` may see: a run, its result and
    its files are its requester's (anyone else gets 404, as for a run that does not exist)."""
    if not may_run_reports(user):
        return queryset.none()
    return queryset.filter(requested_by=user)


def packs_visible_to(user, queryset):
    """Funder packs ``user`` may see and regenerate: every pack for administrators, the packs
    of the programs they supervise for supervisors."""
    if not may_run_reports(user):
        return queryset.none()
    if user.role == Role.ADMINISTRATOR:
        return queryset
    return queryset.filter(program_id__in=supervised_program_ids(user))
