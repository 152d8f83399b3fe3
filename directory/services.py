"""The only writers of the partner directory: administrators create and change its entries.

Each service is keyword-only, takes ``actor``, checks the right (``directory.access``), runs in
one transaction and writes its audit event in it. Entries are never deleted (releases and
referrals point at them); a service that stops is marked inactive instead.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_record
from directory.access import may_be_partner_user, may_manage_directory, may_pause_referrals
from directory.hsds import exporter, importer
from directory.hsds.importer import ImportReport
from directory.models import (
    Contact,
    Location,
    Organization,
    PartnerUser,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)

ORGANIZATION_FIELDS = (
    "name",
    "alternate_name",
    "description",
    "email",
    "website",
    "legal_status",
    "uri",
    "parent_organization",
)
SERVICE_FIELDS = (
    "name",
    "alternate_name",
    "description",
    "url",
    "email",
    "status",
    "interpretation_services",
    "application_process",
    "fees_description",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "alert",
)
LOCATION_FIELDS = (
    "location_type",
    "name",
    "alternate_name",
    "description",
    "transportation",
    "latitude",
    "longitude",
    "address_1",
    "address_2",
    "city",
    "state_province",
    "postal_code",
    "country",
)
TAXONOMY_TERM_FIELDS = ("code", "name", "description", "parent", "taxonomy", "language", "term_uri")
CONTACT_FIELDS = ("name", "title", "department", "email")
PHONE_FIELDS = ("number", "extension", "type", "description")
SCHEDULE_FIELDS = (
    "valid_from",
    "valid_to",
    "dtstart",
    "timezone",
    "until",
    "count",
    "wkst",
    "freq",
    "interval",
    "byday",
    "byweekno",
    "bymonthday",
    "byyearday",
    "description",
    "opens_at",
    "closes_at",
    "schedule_link",
    "attending_type",
    "notes",
)


def _require_manager(actor) -> None:
    if not may_manage_directory(actor):
        raise PermissionDenied


def _apply(instance: models.Model, values: dict, allowed: tuple[str, ...]) -> list[str]:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValidationError(
            _("Unknown directory field: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    changed = []
    for name, value in values.items():
        if isinstance(value, str):
            value = value.strip()
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def _save(*, actor, instance: models.Model, changed: list[str], created: bool) -> None:
    if hasattr(instance, "last_modified"):
        instance.last_modified = timezone.now()
    # Single-row rules (required names, e-mail and URL shapes, choices, ages in order).
    instance.full_clean()
    instance.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        target=instance,
        fields=changed,
    )


@transaction.atomic
def organization_create(*, actor, **values) -> Organization:
    _require_manager(actor)
    organization = Organization()
    changed = _apply(organization, values, ORGANIZATION_FIELDS)
    _save(actor=actor, instance=organization, changed=changed, created=True)
    return organization


@transaction.atomic
def organization_update(*, actor, organization: Organization, **values) -> Organization:
    _require_manager(actor)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    parent = values.get("parent_organization")
    if parent is not None and _is_within(parent, organization):
        raise ValidationError(
            {"parent_organization": _("An organization cannot sit under itself.")}
        )
    changed = _apply(organization, values, ORGANIZATION_FIELDS)
    _save(actor=actor, instance=organization, changed=changed, created=False)
    return organization


def _is_within(candidate: Organization, organization: Organization) -> bool:
    seen = set()
    while candidate is not None and candidate.pk not in seen:
        if candidate.pk == organization.pk:
            return True
        seen.add(candidate.pk)
        candidate = candidate.parent_organization
    return False


@transaction.atomic
def service_create(*, actor, organization: Organization, taxonomy_terms=(), **values) -> Service:
    _require_manager(actor)
    service = Service(organization=organization)
    changed = _apply(service, values, SERVICE_FIELDS)
    _save(actor=actor, instance=service, changed=[*changed, "organization"], created=True)
    if taxonomy_terms:
        service.taxonomy_terms.set(taxonomy_terms)
    return service


@transaction.atomic
def service_update(*, actor, service: Service, taxonomy_terms=None, **values) -> Service:
    _require_manager(actor)
    service = Service.objects.select_for_update().get(pk=service.pk)
    changed = _apply(service, values, SERVICE_FIELDS)
    if taxonomy_terms is not None:
        service.taxonomy_terms.set(taxonomy_terms)
        changed.append("taxonomy_terms")
    _save(actor=actor, instance=service, changed=changed, created=False)
    return service


def service_set_status(*, actor, service: Service, status: str) -> Service:
    """Mark a service active, inactive, temporarily closed or defunct (never deleted)."""
    if status not in ServiceStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    return service_update(actor=actor, service=service, status=status)


@transaction.atomic
def location_create(*, actor, organization: Organization, **values) -> Location:
    _require_manager(actor)
    location = Location(organization=organization)
    changed = _apply(location, values, LOCATION_FIELDS)
    _save(actor=actor, instance=location, changed=[*changed, "organization"], created=True)
    return location


@transaction.atomic
def location_update(*, actor, location: Location, **values) -> Location:
    _require_manager(actor)
    location = Location.objects.select_for_update().get(pk=location.pk)
    changed = _apply(location, values, LOCATION_FIELDS)
    _save(actor=actor, instance=location, changed=changed, created=False)
    return location


@transaction.atomic
def service_at_location_add(
    *, actor, service: Service, location: Location, description: str = ""
) -> ServiceAtLocation:
    _require_manager(actor)
    if location.organization_id != service.organization_id:
        raise ValidationError(
            {"location": _("Choose a location of the organization that runs the service.")}
        )
    link, created = ServiceAtLocation.objects.get_or_create(
        service=service, location=location, defaults={"description": description.strip()}
    )
    if created:
        audit_record(actor=actor, action=AuditAction.CREATE, target=link, fields=["location"])
    return link


@transaction.atomic
def taxonomy_term_create(*, actor, **values) -> TaxonomyTerm:
    _require_manager(actor)
    term = TaxonomyTerm()
    changed = _apply(term, values, TAXONOMY_TERM_FIELDS)
    _save(actor=actor, instance=term, changed=changed, created=True)
    return term


@transaction.atomic
def taxonomy_term_update(*, actor, term: TaxonomyTerm, **values) -> TaxonomyTerm:
    _require_manager(actor)
    term = TaxonomyTerm.objects.select_for_update().get(pk=term.pk)
    changed = _apply(term, values, TAXONOMY_TERM_FIELDS)
    _save(actor=actor, instance=term, changed=changed, created=False)
    return term


@transaction.atomic
def contact_create(
    *,
    actor,
    organization: Organization | None = None,
    service: Service | None = None,
    location: Location | None = None,
    service_at_location: ServiceAtLocation | None = None,
    **values,
) -> Contact:
    _require_manager(actor)
    links = {
        "organization": organization,
        "service": service,
        "location": location,
        "service_at_location": service_at_location,
    }
    if not any(links.values()):
        raise ValidationError(_("A contact belongs to an organization, a service or a location."))
    contact = Contact(**links)
    changed = _apply(contact, values, CONTACT_FIELDS)
    _save(actor=actor, instance=contact, changed=changed, created=True)
    return contact


@transaction.atomic
def contact_update(*, actor, contact: Contact, **values) -> Contact:
    _require_manager(actor)
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    changed = _apply(contact, values, CONTACT_FIELDS)
    _save(actor=actor, instance=contact, changed=changed, created=False)
    return contact


@transaction.atomic
def phone_create(
    *,
    actor,
    organization: Organization | None = None,
    service: Service | None = None,
    location: Location | None = None,
    contact: Contact | None = None,
    service_at_location: ServiceAtLocation | None = None,
    **values,
) -> Phone:
    """A phone number of whatever it is given (one number may serve several at once)."""
    _require_manager(actor)
    links = {
        "organization": organization,
        "service": service,
        "location": location,
        "contact": contact,
        "service_at_location": service_at_location,
    }
    if not any(links.values()):
        raise ValidationError(
            _("A phone belongs to an organization, a service, a location or a contact.")
        )
    phone = Phone(**links)
    changed = _apply(phone, values, PHONE_FIELDS)
    _save(actor=actor, instance=phone, changed=changed, created=True)
    return phone


@transaction.atomic
def schedule_create(
    *,
    actor,
    service: Service | None = None,
    location: Location | None = None,
    service_at_location: ServiceAtLocation | None = None,
    **values,
) -> Schedule:
    """When a service or a location is open."""
    _require_manager(actor)
    links = {"service": service, "location": location, "service_at_location": service_at_location}
    if not any(links.values()):
        raise ValidationError(_("A schedule belongs to a service or a location."))
    schedule = Schedule(**links)
    changed = _apply(schedule, values, SCHEDULE_FIELDS)
    _save(actor=actor, instance=schedule, changed=changed, created=True)
    return schedule


# --- referral pauses --------------------------------------------------------------------------


def _referrals_pause_set(*, actor, service: Service, paused: bool) -> Service:
    if not may_pause_referrals(actor, service):
        raise PermissionDenied
    service = Service.objects.select_for_update().get(pk=service.pk)
    if (service.referrals_paused_at is not None) == paused:
        return service
    service.referrals_paused_at = timezone.now() if paused else None
    service.referrals_paused_by = actor if paused else None
    service.save(update_fields=["referrals_paused_at", "referrals_paused_by"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=service,
        fields=["referrals_paused_at", "referrals_paused_by"],
        reason="referrals paused" if paused else "referrals resumed",
    )
    return service


@transaction.atomic
def service_referrals_pause(*, actor, service: Service) -> Service:
    """Stop new referrals to a service (it is full for now); referrals already sent go on and
    the service stays in the directory. Pausing a paused service changes nothing."""
    return _referrals_pause_set(actor=actor, service=service, paused=True)


@transaction.atomic
def service_referrals_resume(*, actor, service: Service) -> Service:
    return _referrals_pause_set(actor=actor, service=service, paused=False)


# --- partner-agency users ---------------------------------------------------------------------


@transaction.atomic
def partner_user_link(*, actor, user, organization: Organization) -> PartnerUser:
    """Say which agency a partner-agency user works for (one per account; linking again moves
    them)."""
    _require_manager(actor)
    if not may_be_partner_user(user):
        raise ValidationError(
            {"user": _("Only an active partner-agency account can be linked to an agency.")}
        )
    link = PartnerUser.objects.select_for_update().filter(user=user).first()
    if link is not None and link.organization_id == organization.pk:
        return link
    created = link is None
    if created:
        link = PartnerUser(user=user, added_by=actor)
    link.organization = organization
    link.added_at = timezone.now()
    link.added_by = actor
    link.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        target_type=PartnerUser._meta.label_lower,
        target_id=user.pk,
        fields=["organization"],
    )
    return link


@transaction.atomic
def partner_user_unlink(*, actor, user) -> None:
    _require_manager(actor)
    deleted, _counts = PartnerUser.objects.filter(user=user).delete()
    if deleted:
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            target_type=PartnerUser._meta.label_lower,
            target_id=user.pk,
            fields=["organization"],
        )


# --- HSDS import and export -------------------------------------------------------------------


def hsds_import(*, actor, upload) -> ImportReport:
    """Import an HSDS 3.0 upload (JSON, or the tabular package zipped): all of it or nothing.

    ``upload`` is a file (``size``, ``read``). The report lists what was created and updated,
    or every problem found; with one problem nothing is written. Either way the attempt is
    audited with its counts.
    """
    _require_manager(actor)
    size = getattr(upload, "size", None)
    with importer.cyclic_gc_paused():
        return _hsds_import(actor, upload, size)


def _hsds_import(actor, upload, size) -> ImportReport:
    try:
        importer.size_checked(size)
        data = upload.read(importer.max_bytes() + 1)
        importer.size_checked(len(data))
        if not data.strip():
            raise importer.Refused(_("The file is empty."))
        parsed = importer.read(data)
    except importer.Refused as error:
        report = ImportReport(format="unread", size=size or 0)
        report.refuse("", str(error))
        _hsds_import_audit(actor, report)
        return report
    try:
        with transaction.atomic():
            plan = importer.plan(parsed)
            plan.report.size = len(data)
            if not plan.report.ok:
                raise _Rejected
            importer.apply(plan)
            _hsds_import_audit(actor, plan.report)
    except _Rejected:
        _hsds_import_audit(actor, plan.report)
    except IntegrityError:
        # The directory changed between the check and the write (another import, an edit).
        report = ImportReport(format=parsed.format, size=len(data))
        report.refuse(
            "", _("The directory changed while importing: nothing was written. Try again.")
        )
        _hsds_import_audit(actor, report)
        return report
    return plan.report


class _Rejected(Exception):
    pass


@transaction.atomic
def _hsds_import_audit(actor, report: ImportReport) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target_type=Organization._meta.label_lower,
        fields=report.audit_fields(),
        reason="HSDS import" if report.ok else "HSDS import refused",
    )


HSDS_FORMATS = {"json": "application/json", "tabular": "application/zip"}


@transaction.atomic
def hsds_export(*, actor, format: str) -> bytes:
    """The whole directory as HSDS 3.0: ``json`` (organizations with their services nested)
    or ``tabular`` (the data package, zipped). Audited with the format and the counts."""
    _require_manager(actor)
    if format not in HSDS_FORMATS:
        raise ValidationError({"format": _("Choose json or tabular.")})
    data = exporter.export_json() if format == "json" else exporter.export_package()
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        target_type=Organization._meta.label_lower,
        fields=[
            f"format={format}",
            f"bytes={len(data)}",
            f"organizations={Organization.objects.count()}",
            f"services={Service.objects.count()}",
        ],
        reason="HSDS export",
    )
    return data
