"""Reading the partner directory. Staff read it (to pick a recipient or a referral target);
administrators also see what is inactive, to keep it."""

from django.db.models import Prefetch, QuerySet

from alongside.lookups import get_or_404
from directory.access import may_manage_directory, may_read_directory
from directory.models import Contact, Location, Organization, Service, ServiceStatus


def organizations_for(*, actor) -> QuerySet[Organization]:
    """Every organization ``actor`` may read (none for anyone outside the organization)."""
    if not may_read_directory(actor):
        return Organization.objects.none()
    return Organization.objects.all()


def organization_detail(*, actor, organization_id) -> Organization:
    """One organization with its services, locations and contacts (404 if not readable).

    Readers who do not keep the directory see active services only."""
    services = Service.objects.prefetch_related("taxonomy_terms").order_by("name")
    if not may_manage_directory(actor):
        services = services.filter(status=ServiceStatus.ACTIVE)
    organizations = organizations_for(actor=actor).prefetch_related(
        Prefetch("services", queryset=services),
        Prefetch("locations", queryset=Location.objects.order_by("name")),
        Prefetch("contacts", queryset=Contact.objects.order_by("name")),
    )
    return get_or_404(organizations, organization_id)


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
