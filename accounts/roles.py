"""The six roles. Each is a group; a user holds exactly one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADVOCATE = "advocate", _("Advocate")
    CLINICIAN = "clinician", _("Clinician")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMINISTRATOR = "administrator", _("Administrator")
    PARTNER = "partner", _("Partner agency")
    AUDITOR = "auditor", _("Auditor")


ALL_ROLES = frozenset(Role)
# Roles that may work on cases at all. Administrators and auditors see a case only when they
# are on its team; partner-agency users never see a case, only consented referral packets.
CASE_WORKER_ROLES = frozenset({Role.ADVOCATE, Role.CLINICIAN, Role.SUPERVISOR})
TEAM_ONLY_ROLES = frozenset({Role.ADMINISTRATOR, Role.AUDITOR})
# Who may hold a place on a case team at all.
CASE_TEAM_ROLES = CASE_WORKER_ROLES | TEAM_ONLY_ROLES
# Who supervises a program: sees its cases, manages their teams, may break the glass and reviews
# others' break-glass access.
SUPERVISOR_ROLES = frozenset({Role.SUPERVISOR})
# Who works as a clinician: "my survivors", sessions, clinical notes and measures.
CLINICIAN_ROLES = frozenset({Role.CLINICIAN})
# Who opens a case and is its lead advocate from the start.
LEAD_ADVOCATE_ROLES = frozenset({Role.ADVOCATE})
# The areas of the product that are not about one survivor: each gate names its set here.
USER_ADMIN_ROLES = frozenset({Role.ADMINISTRATOR})
# Who works a partner agency's referral queue in the portal (and sees nothing else).
PARTNER_ROLES = frozenset({Role.PARTNER})
AUDIT_READER_ROLES = frozenset({Role.AUDITOR})


def sync_role_groups(sender=None, **kwargs) -> None:
    """Make a group exist for each role (idempotent).

    Rights are the role sets above, checked by ``accounts.access.role_required`` and each app's
    access module; groups carry no model permissions, so nothing can grant a right these sets
    do not name (break-glass grants are object permissions on one case, given by its service).
    """
    from django.contrib.auth.models import Group

    for role in Role:
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.clear()


# Roles whose holders can read survivor data (through a case team or a program they supervise).
# Changes that would hand such an account to someone else, or give an account such a role, need
# a second person (accounts.change_requests).
SURVIVOR_READING_ROLES = CASE_WORKER_ROLES
