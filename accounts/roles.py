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


# Model permissions per role, as "app_label.codename". Access to survivor data is decided by
# the case-team policy, not by these; they gate whole areas of the product.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.ADVOCATE: [],
    Role.CLINICIAN: [],
    Role.SUPERVISOR: [],
    Role.ADMINISTRATOR: ["accounts.view_user", "accounts.add_user", "accounts.change_user"],
    Role.PARTNER: [],
    Role.AUDITOR: ["audit.view_auditevent"],
}


def sync_role_permissions(sender=None, **kwargs) -> None:
    """Make each role group hold exactly the permissions listed above (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for name in names:
            app_label, codename = name.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:  # the app may not be migrated yet
                wanted.append(permission)
        group.permissions.set(wanted)


# Roles whose holders can read survivor data (through a case team or a program they supervise).
# Changes that would hand such an account to someone else, or give an account such a role, need
# a second person (accounts.change_requests).
SURVIVOR_READING_ROLES: frozenset[str] = frozenset(
    {Role.ADVOCATE.value, Role.CLINICIAN.value, Role.SUPERVISOR.value}
)
