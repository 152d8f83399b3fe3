"""References between records: to a record of the upload or to one already in the directory.
A required reference that points at nothing is refused; an optional one is left out, and the
report says so."""

import uuid
from collections import defaultdict

from django.utils.translation import gettext as _

from directory.hsds import mapping
from directory.hsds.checking import MODELS, Record, known_ids, label, safe_uuid
from directory.hsds.mapping import TABLES
from directory.hsds.report import ImportReport


class Resolver:
    """References: to a record of the upload or to one already in the directory."""

    def __init__(self, records, existing, report: ImportReport):
        self.records, self.existing, self.report = records, existing, report
        self.stored: dict[str, dict[uuid.UUID, tuple]] = {}

    def _lookup_stored(self) -> None:
        wanted = defaultdict(set)
        for table_name, records in self.records.items():
            for record in records.values():
                for column in TABLES[table_name].references:
                    ref = record.refs.get(column.hsds)
                    if ref is not None and ref not in self.records[column.target]:
                        wanted[column.target].add(ref)
        for target, ids in wanted.items():
            extra = ("organization_id",) if target in ("services", "locations") else ()
            self.stored[target] = known_ids(MODELS[target], ids, *extra)

    def known(self, target: str, ref) -> bool:
        return ref in self.records[target] or ref in self.stored.get(target, {})

    def organization_of(self, target: str, ref):
        record = self.records[target].get(ref)
        if record is not None:
            value = record.values.get("organization_id")
            if value is None and ref in self.existing.get(target, {}):
                value = self.existing[target][ref].organization_id
            return value
        stored = self.stored.get(target, {}).get(ref)
        return stored[0] if stored else None

    def resolve(self, states_categories: set) -> dict[uuid.UUID, set[uuid.UUID]]:
        self._lookup_stored()
        report = self.report
        for table_name in (
            "organizations",
            "taxonomy_terms",
            "services",
            "contacts",
            "phones",
            "schedules",
        ):
            table = TABLES[table_name]
            for record in list(self.records[table_name].values()):
                for column in table.references:
                    ref = record.refs.get(column.hsds)
                    if ref is None:
                        if column.required and record.id not in self.existing.get(table_name, {}):
                            report.refuse(
                                record.where,
                                _("%(field)s is missing: a %(kind)s needs one.")
                                % {"field": column.hsds, "kind": label(table_name)},
                            )
                        continue
                    if self.known(column.target, ref):
                        record.values[column.attr] = ref
                    elif column.required:
                        report.refuse(
                            record.where,
                            _("%(field)s %(id)s names no %(kind)s in the file or the directory.")
                            % {"field": column.hsds, "id": ref, "kind": label(column.target)},
                        )
                    else:
                        report.notes.append(
                            _("%(where)s: %(field)s %(id)s names no %(kind)s we know; left out.")
                            % {
                                "where": record.where,
                                "field": column.hsds,
                                "id": ref,
                                "kind": label(column.target),
                            }
                        )
        self._locations()
        self._addresses()
        self._belong(
            "contacts",
            _(
                "the contact belongs to no organization, service, location or service at a "
                "location we know."
            ),
        )
        self._belong(
            "phones",
            _(
                "the phone belongs to no organization, service, location, contact or service at "
                "a location we know."
            ),
        )
        self._belong(
            "schedules",
            _("the schedule belongs to no service, location or service at a location we know."),
        )
        return self._categories(states_categories)

    def _locations(self) -> None:
        offered_by = {}
        for link in self.records["service_at_location"].values():
            for column in TABLES["service_at_location"].references:
                ref = link.refs.get(column.hsds)
                if ref is None and link.id not in self.existing.get("service_at_location", {}):
                    self.report.refuse(
                        link.where, _("%(field)s is missing.") % {"field": column.hsds}
                    )
                elif ref is not None and not self.known(column.target, ref):
                    self.report.refuse(
                        link.where,
                        _("%(field)s %(id)s names no %(kind)s in the file or the directory.")
                        % {"field": column.hsds, "id": ref, "kind": label(column.target)},
                    )
                elif ref is not None:
                    link.values[column.attr] = ref
            service, location = link.refs.get("service_id"), link.refs.get("location_id")
            if service is not None and location is not None:
                offered_by.setdefault(location, service)
        for location in self.records["locations"].values():
            ref = location.refs.get("organization_id")
            if ref is not None and self.known("organizations", ref):
                location.values["organization_id"] = ref
                continue
            if location.id in self.existing.get("locations", {}) and ref is None:
                continue
            # HSDS makes a location's organization optional; the directory files a location
            # under one, so it takes that of a service offered there.
            service = offered_by.get(location.id)
            organization = self.organization_of("services", service) if service else None
            if organization is not None:
                location.values["organization_id"] = organization
                if ref is not None:
                    self.report.notes.append(
                        _(
                            "%(where)s: organization_id %(id)s names no organization we know; "
                            "filed under the organization of the service offered there."
                        )
                        % {"where": location.where, "id": ref}
                    )
            else:
                self.report.refuse(
                    location.where,
                    _(
                        "the location names no organization we know, and no service is "
                        "offered there."
                    ),
                )

    def _addresses(self) -> None:
        chosen = {}
        for address in self._rows_of("addresses"):
            ref = address.refs.get("location_id")
            if ref not in self.records["locations"]:
                self.report.not_kept["addresses"] += 1
                continue
            previous = chosen.get(ref)
            physical = address.values.get("address_type", "") == "physical"
            if previous is None or (physical and previous.values.get("address_type") != "physical"):
                if previous is not None:
                    self.report.not_kept["addresses"] += 1
                chosen[ref] = address
            else:
                self.report.not_kept["addresses"] += 1
        for ref, address in chosen.items():
            location = self.records["locations"][ref]
            for name in mapping.ADDRESS_FIELDS:
                if name in address.values:
                    location.values[name] = address.values[name]
            location.address_where = address.where

    def _belong(self, table_name: str, message: str) -> None:
        """Each new record of ``table_name`` links to something we know (a stored one keeps
        the links the upload does not restate)."""
        links = [column.attr for column in TABLES[table_name].references]
        stored = self.existing.get(table_name, {})
        for record in self.records[table_name].values():
            if record.id not in stored and not any(record.values.get(name) for name in links):
                self.report.refuse(record.where, message)

    def _categories(self, states_categories: set) -> dict[uuid.UUID, set[uuid.UUID]]:
        categories = {}
        for ref in states_categories:
            service = safe_uuid(ref)
            if service in self.records["services"]:
                categories[service] = set()
        for attribute in self._rows_of("attributes"):
            service = attribute.refs.get("link_id")
            term = attribute.refs.get("taxonomy_term_id")
            entity = attribute.values.get("link_entity", "")
            if entity != "service" or service not in self.records["services"]:
                self.report.not_kept["attributes"] += 1
                continue
            if term is None or not self.known("taxonomy_terms", term):
                self.report.refuse(
                    attribute.where,
                    _(
                        "taxonomy_term_id %(id)s names no taxonomy term in the file or the "
                        "directory."
                    )
                    % {"id": term},
                )
                continue
            categories.setdefault(service, set()).add(term)
        return categories

    def _rows_of(self, table: str) -> list[Record]:
        return list(self.records[table].values())
