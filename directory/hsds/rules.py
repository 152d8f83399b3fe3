"""The directory's own rules on the records of an import: each model's field rules (as a form
checks them) and the rules across rows and fields its constraints would otherwise refuse."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.hsds import mapping
from directory.hsds.checking import MODELS
from directory.hsds.references import Resolver
from directory.hsds.report import ImportReport
from directory.models import ServiceAtLocation, TaxonomyTerm


def validate_models(records, existing, report: ImportReport) -> None:
    """Each record against its model's own field rules (lengths, e-mail and URL shapes,
    choices), as a form would check it; no query per row."""
    for table_name, model in MODELS.items():
        stored = existing.get(table_name, {})
        foreign = [
            each.name for each in model._meta.concrete_fields if isinstance(each, models.ForeignKey)
        ]
        every = [each.name for each in model._meta.concrete_fields]
        for record in records[table_name].values():
            instance = stored.get(record.id)
            if instance is None:
                instance = model(pk=record.id)
                record.created = True
                unchecked = foreign
            else:
                record.before = {name: getattr(instance, name) for name in record.values}
                # What is stored stays as it is: only the values the upload changes are checked
                # (an import that changes nothing costs no validation).
                changed = {
                    name for name, value in record.values.items() if record.before[name] != value
                }
                unchecked = [name for name in every if name not in changed or name in foreign]
            for name, value in record.values.items():
                setattr(instance, name, value)
            try:
                instance.clean_fields(exclude=unchecked)
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    where = record.where
                    if name in mapping.ADDRESS_FIELDS and record.address_where:
                        where = record.address_where
                    for message in messages:
                        report.refuse(where, f"{name}: {message}")
                continue
            record.instance = instance


def check_rules(records, existing, resolver: Resolver, report: ImportReport) -> None:
    """The directory's rules across fields and rows (what its constraints would refuse)."""
    for service in records["services"].values():
        instance = service.instance
        if instance is None:
            continue
        low, high = instance.minimum_age, instance.maximum_age
        if low is not None and high is not None and low > high:
            report.refuse(service.where, _("minimum_age is more than maximum_age."))
    for schedule in records["schedules"].values():
        instance = schedule.instance
        if instance is None or instance.valid_from is None or instance.valid_to is None:
            continue
        if instance.valid_from > instance.valid_to:
            report.refuse(schedule.where, _("valid_from is after valid_to."))
    codes = {}
    for term in records["taxonomy_terms"].values():
        instance = term.instance
        if instance is None or not instance.code:
            continue
        key = (instance.taxonomy, instance.code)
        if key in codes:
            report.refuse(
                term.where,
                _("another term of taxonomy “%(taxonomy)s” has code “%(code)s” (at %(other)s).")
                % {"taxonomy": key[0], "code": key[1], "other": codes[key].where},
            )
        codes[key] = term
    if codes:
        clashes = TaxonomyTerm.objects.filter(code__in={code for _t, code in codes}).exclude(
            pk__in=[term.id for term in records["taxonomy_terms"].values()]
        )
        for taxonomy, code in clashes.values_list("taxonomy", "code"):
            if (taxonomy, code) in codes:
                report.refuse(
                    codes[taxonomy, code].where,
                    _(
                        "the directory has another term of taxonomy “%(taxonomy)s” with code "
                        "“%(code)s”."
                    )
                    % {"taxonomy": taxonomy, "code": code},
                )
    pairs = {}
    for link in records["service_at_location"].values():
        instance = link.instance
        if instance is None or instance.service_id is None or instance.location_id is None:
            continue
        pair = (instance.service_id, instance.location_id)
        if pair in pairs:
            report.refuse(link.where, _("this service is already linked to this location."))
        pairs[pair] = link
        service_org = resolver.organization_of("services", instance.service_id)
        location_org = resolver.organization_of("locations", instance.location_id)
        if service_org and location_org and service_org != location_org:
            report.refuse(
                link.where,
                _("the service and the location belong to different organizations."),
            )
    if pairs:
        services = {service for service, _location in pairs}
        ids = [link.id for link in records["service_at_location"].values()]
        stored = ServiceAtLocation.objects.filter(service_id__in=services).exclude(pk__in=ids)
        for pair in stored.values_list("service_id", "location_id"):
            if pair in pairs:
                report.refuse(
                    pairs[pair].where,
                    _(
                        "the directory already links this service to this location under "
                        "another id."
                    ),
                )
    _check_parents(records, existing, report)


# The tables whose records may sit under another of their own, by the field that says where.
PARENTS = {
    "organizations": (
        "parent_organization_id",
        gettext_lazy("the organization sits under itself."),
    ),
    "taxonomy_terms": ("parent_id", gettext_lazy("the category sits under itself.")),
}


def _check_parents(records, existing, report: ImportReport) -> None:
    """No record may end up under itself, through the file's records or the directory's."""
    for table, (field, message) in PARENTS.items():
        parents = {
            key: getattr(record.instance, field)
            for key, record in records[table].items()
            if record.instance is not None
        }
        stored = None
        for start, record in records[table].items():
            seen, current = {start}, parents.get(start)
            while current is not None:
                if current in seen:
                    report.refuse(record.where, str(message))
                    break
                seen.add(current)
                if current not in parents:
                    if stored is None:
                        # Read once, and only when a chain leaves the file.
                        model = MODELS[table]
                        stored = dict(
                            model.objects.exclude(**{field: None}).values_list("pk", field)
                        )
                    parents[current] = stored.get(current)
                current = parents[current]
