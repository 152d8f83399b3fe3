"""Who may read and who may manage the partner directory."""

from accounts.roles import CASE_TEAM_ROLES, USER_ADMIN_ROLES

# Administrators keep the directory; it lists agencies, never survivors.
DIRECTORY_ADMIN_ROLES = USER_ADMIN_ROLES
# Everyone who works inside the organization picks recipients and referral targets from it.
DIRECTORY_READER_ROLES = CASE_TEAM_ROLES | DIRECTORY_ADMIN_ROLES


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def may_manage_directory(user) -> bool:
    return _active(user) and user.role in DIRECTORY_ADMIN_ROLES


def may_read_directory(user) -> bool:
    return _active(user) and user.role in DIRECTORY_READER_ROLES
