"""Who may run reports and see their runs.

Administrators run reports over the whole organization, supervisors over the programs they
supervise (``reports.parameters`` holds them to those programs). A run, its result and its
files are its requester's: anyone else gets 404, as for a run that does not exist.
"""

from accounts.roles import Role

REPORT_ROLES = frozenset({Role.ADMINISTRATOR, Role.SUPERVISOR})


def may_run_reports(user) -> bool:
    return bool(
        user is not None and user.is_authenticated and user.is_active and user.role in REPORT_ROLES
    )


def runs_visible_to(user, queryset):
    """``queryset`` of runs narrowed to those ``user`` may see."""
    if not may_run_reports(user):
        return queryset.none()
    return queryset.filter(requested_by=user)
