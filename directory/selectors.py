"""Reading the partner directory. Staff read it (to pick a recipient or a referral target);
administrators also see what is inactive, to keep it; a partner-agency user sees their own
agency's services, to pause and resume referrals."""

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from accounts.roles import Role
from alongside.lookups import get_or_404
from directory.access import may_manage_directory, may_read_directory, partner_organization_id
from directory.models import (
    Contact,
    Location,
    Organization,
    PartnerUser,
    Phone,
    Schedule,
    Service,
    ServiceStatus,
)


def organizations_for(*, actor) -> QuerySet[Organization]:
    """Every organization ``actor`` may read (none for anyone outside the organization)."""
    if not may_read_directory(actor):
        return Organization.objects.none()
    return Organization.objects.all()


def organization_detail(*, actor, organization_id) -> Organization:
    """One organization with its services, locations and contacts (404 if not readable).

    Readers who do not keep the directory see active services only."""
    services = Service.objects.prefetch_related("taxonomy_terms", *_own_reach()).order_by("name")
    if not may_manage_directory(actor):
        services = services.filter(status=ServiceStatus.ACTIVE)
    locations = Location.objects.prefetch_related(*_own_reach()).order_by("name")
    organizations = organizations_for(actor=actor).prefetch_related(
        Prefetch("services", queryset=services),
        Prefetch("locations", queryset=locations),
        Prefetch(
            "contacts",
            queryset=Contact.objects.prefetch_related(*_own_reach(schedules=False)).order_by(
                "name"
            ),
        ),
        *_own_reach(schedules=False),
    )
    return get_or_404(organizations, organization_id)


def _own_reach(*, schedules: bool = True) -> list[Prefetch]:
    prefetches = [Prefetch("phones", queryset=Phone.objects.order_by("number", "id"))]
    if schedules:
        prefetches.append(
            Prefetch(
                "schedules", queryset=Schedule.objects.order_by("valid_from", "opens_at", "id")
            )
        )
    return prefetches


def reach_prefetches() -> list[Prefetch]:
    """How to reach a service and when: its phones and schedules, and its organization's phones
    (for a service that lists none of its own), read with a page of services in three
    queries whatever their number."""
    return [
        *_own_reach(),
        Prefetch("organization__phones", queryset=Phone.objects.order_by("number", "id")),
    ]


def organization_phones_prefetch() -> list[Prefetch]:
    return _own_reach(schedules=False)


def service_reach_prefetch() -> list[Prefetch]:
    """A service's own phones and schedules, read with a page of services."""
    return _own_reach()


def services_for(*, actor, include_inactive: bool = False) -> QuerySet[Service]:
    """Services ``actor`` may pick, with their organization; inactive ones for keepers only."""
    if not may_read_directory(actor):
        return Service.objects.none()
    services = Service.objects.select_related("organization")
    if not (include_inactive and may_manage_directory(actor)):
        services = services.filter(status=ServiceStatus.ACTIVE)
    return services


def service_detail(*, actor, service_id) -> Service:
    return get_or_404(services_for(actor=actor, include_inactive=True), service_id)


def recipient_organizations_for(*, actor) -> QuerySet[Organization]:
    """The organizations a release or referral may name: those with an active service."""
    return (
        organizations_for(actor=actor)
        .filter(services__status=ServiceStatus.ACTIVE)
        .distinct()
        .order_by("name")
    )


def partner_services_for(*, actor) -> tuple[Organization | None, QuerySet[Service]]:
    """A partner-agency user's agency and all its services (to pause and resume referrals);
    ``(None, none)`` when no administrator has linked the account to an agency."""
    organization_id = partner_organization_id(actor)
    if organization_id is None:
        return None, Service.objects.none()
    organization = Organization.objects.get(pk=organization_id)
    services = (
        Service.objects.filter(organization_id=organization_id)
        .select_related("organization", "referrals_paused_by")
        .prefetch_related(*reach_prefetches())
    )
    return organization, services.order_by("name")


def pausable_service(*, actor, service_id) -> Service:
    """A service ``actor`` may pause and resume referrals to (404 otherwise)."""
    if may_manage_directory(actor):
        services = Service.objects.all()
    else:
        organization_id = partner_organization_id(actor)
        services = Service.objects.filter(organization_id=organization_id)
        if organization_id is None:
            services = Service.objects.none()
    return get_or_404(services, service_id)


def partner_users_of(*, actor, organization: Organization) -> QuerySet[PartnerUser]:
    if not may_manage_directory(actor):
        return PartnerUser.objects.none()
    return (
        PartnerUser.objects.filter(organization=organization)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def partner_accounts_for(*, actor, organization: Organization):
    """Active partner-agency accounts an administrator may link to ``organization`` (those
    linked elsewhere included: linking moves them)."""
    if not may_manage_directory(actor):
        return User.objects.none()
    return (
        User.objects.filter(groups__name=Role.PARTNER, is_active=True)
        .exclude(partner_user__organization=organization)
        .order_by("full_name", "email")
    )


def active_services_prefetch() -> Prefetch:
    """An organization's active services, by name, read with a page of organizations."""
    return Prefetch(
        "services",
        queryset=Service.objects.filter(status=ServiceStatus.ACTIVE).order_by("name"),
    )
