"""The role-aware navigation: one list, each entry naming the roles that see it."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise, SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from accounts.roles import (
    ALL_ROLES,
    AUDIT_READER_ROLES,
    CASE_TEAM_ROLES,
    CLINICIAN_ROLES,
    PARTNER_ROLES,
    SUPERVISOR_ROLES,
    USER_ADMIN_ROLES,
)
from reports.access import REPORT_ROLES

# Who reads the missed-deadlines report (referrals.access decides; the menu only shows it).
REFERRAL_REPORT_ROLES = USER_ADMIN_ROLES | SUPERVISOR_ROLES


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[str]
    # Pages reached from this entry rather than from the navigation: it reads as current there.
    also_current: tuple[str, ...] = ()


NAVIGATION: list[NavItem] = [
    # A partner agency's user comes for the queue: it is their first entry (Home points to it).
    NavItem(_("Referrals"), "referrals:queue", PARTNER_ROLES, also_current=("referrals:packet",)),
    NavItem(_("Home"), "home", ALL_ROLES),
    NavItem(_("My survivors"), "clinicians:my-survivors", CLINICIAN_ROLES),
    # Administrators and auditors have a caseload too: the cases whose team they are on.
    NavItem(_("Caseload"), "cases:caseload", CASE_TEAM_ROLES),
    NavItem(_("Clinicians"), "clinicians:overview", SUPERVISOR_ROLES),
    NavItem(
        _("Referrals to my programs"),
        "referrals:queue",
        SUPERVISOR_ROLES,
        also_current=("referrals:packet",),
    ),
    NavItem(_("Break-glass review"), "cases:break-glass-review", SUPERVISOR_ROLES),
    NavItem(_("Users"), "accounts:user-list", USER_ADMIN_ROLES),
    NavItem(_("Programs"), "organization:program-list", USER_ADMIN_ROLES),
    NavItem(
        _("Break-glass without a supervisor"), "cases:break-glass-unsupervised", USER_ADMIN_ROLES
    ),
    NavItem(_("Partner directory"), "directory:organization-list", USER_ADMIN_ROLES),
    # A partner-agency user's own services, to pause and resume new referrals.
    NavItem(_("Our services"), "directory:partner-services", PARTNER_ROLES),
    NavItem(
        _("Reports"),
        "reports:index",
        REPORT_ROLES,
        also_current=("reports:new", "reports:run", "reports:packs", "reports:pack"),
    ),
    NavItem(_("Referral deadlines"), "referrals:deadlines", REFERRAL_REPORT_ROLES),
    NavItem(_("Audit trail"), "audit:event-list", AUDIT_READER_ROLES),
    # Personal API tokens are a security setting most people never need: Security links to them.
    NavItem(_("Security"), "accounts:security", ALL_ROLES, also_current=("accounts:token-list",)),
]


def items_for(user) -> list[dict]:
    role = getattr(user, "role", None)
    return [
        {
            "label": item.label,
            "url": reverse(item.url_name),
            "url_name": item.url_name,
            "current_for": (item.url_name, *item.also_current),
        }
        for item in NAVIGATION
        if role in item.roles
    ]


def navigation(request) -> dict:
    """The navigation, built only when a template shows it: fragments (htmx answers) render
    with the same context processors and never do."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_verified():
        return {"navigation": []}
    return {"navigation": SimpleLazyObject(lambda: items_for(user))}
