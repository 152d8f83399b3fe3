"""Who may read and who may manage the partner directory, and who may pause referrals to a
service."""

from accounts.roles import CASE_TEAM_ROLES, USER_ADMIN_ROLES, Role
from directory.models import PartnerUser

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


def may_pause_referrals(user, service) -> bool:
    """Administrators, and a partner-agency user of the agency that runs the service, may pause
    and resume new referrals to it (the agency knows when it is full)."""
    if may_manage_directory(user):
        return True
    return is_partner_of(user, service.organization_id)


def partner_organization_id(user):
    """The agency a partner-agency user works for (``PartnerUser``), or None."""
    if not (_active(user) and user.role == Role.PARTNER):
        return None
    return (
        PartnerUser.objects.filter(user_id=user.pk)
        .values_list("organization_id", flat=True)
        .first()
    )


def is_partner_of(user, organization_id) -> bool:
    return organization_id is not None and partner_organization_id(user) == organization_id


def may_be_partner_user(user) -> bool:
    """Only partner-agency accounts are linked to an agency."""
    return bool(user and user.is_active and user.role == Role.PARTNER)
