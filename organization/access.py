"""Who may change the organization's structure: its programs and who supervises them."""

from accounts.access import role_required
from accounts.roles import SUPERVISOR_ROLES, USER_ADMIN_ROLES

# The people who manage accounts also manage programs: naming a supervisor is, like giving a
# role, a way of handing someone survivors, and goes through the same second person.
program_admin_required = role_required(*USER_ADMIN_ROLES)


def may_manage_programs(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in USER_ADMIN_ROLES)


def may_supervise(user) -> bool:
    """Only an active account with the supervisor role can be named a program's supervisor."""
    return bool(user.is_active and user.role in SUPERVISOR_ROLES)
