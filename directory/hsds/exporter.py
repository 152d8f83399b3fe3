"""Writing the directory out as HSDS 3.0: tables first, then nested JSON or a zipped package.

A fixed number of queries whatever the size (one per table), read as plain values. Ids HSDS
needs and the directory does not keep (an address, an attribute linking a service to a
category) are derived from the record they belong to (UUID 5), so the same directory always
exports the same ids. A referral pause has no HSDS field and is not exported.

HSDS requires a description of every organization and taxonomy term; where the directory holds
none, the export gives the name, so that the export validates (an import then keeps it).
"""

import datetime
import json
import uuid
from collections import defaultdict
from decimal import Decimal

from directory.hsds import mapping, tabular
from directory.models import (
    Contact,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

ADDRESS = uuid.UUID("0b8a3c56-3f59-4d1e-9d7e-2f0a4b6b1a01")
ATTRIBUTE = uuid.UUID("0b8a3c56-3f59-4d1e-9d7e-2f0a4b6b1a03")
# What an attribute linking a service to one of its categories says of itself.
CATEGORY_LINK = {"link_type": "category", "link_entity": "service", "value": ""}
# Tables whose required description falls back to the name.
DESCRIBED = ("organizations", "taxonomy_terms")


def _hsds(value):
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Decimal):
        # A whole number stays one (an offset of 3 hours, latitude 100); others are decimals.
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _rows(queryset, table: mapping.Table, order: tuple[str, ...]) -> list[dict]:
    names = {"id": "id"} | {column.hsds: column.attr or column.hsds for column in table.columns}
    rows = []
    for stored in queryset.order_by(*order).values(*names.values()):
        rows.append({hsds: _hsds(stored[attr]) for hsds, attr in names.items()})
    return rows


def export_tables() -> dict[str, list[dict]]:
    """Every table of the package, rows as HSDS values (None for an empty reference)."""
    tables = {
        "organizations": _rows(Organization.objects, mapping.ORGANIZATIONS, ("name", "id")),
        "services": _rows(Service.objects, mapping.SERVICES, ("organization_id", "name", "id")),
        "locations": _rows(
            Location.objects, _LOCATION_WITH_ADDRESS, ("organization_id", "name", "id")
        ),
        "service_at_location": _rows(
            ServiceAtLocation.objects, mapping.SERVICE_AT_LOCATION, ("service_id", "location_id")
        ),
        "contacts": _rows(Contact.objects, mapping.CONTACTS, ("name", "id")),
        "phones": _rows(Phone.objects, mapping.PHONES, ("number", "id")),
        "schedules": _rows(Schedule.objects, mapping.SCHEDULES, ("valid_from", "opens_at", "id")),
        "taxonomy_terms": _rows(
            TaxonomyTerm.objects, mapping.TAXONOMY_TERMS, ("taxonomy", "code", "name", "id")
        ),
    }
    for name in DESCRIBED:
        for row in tables[name]:
            row["description"] = row["description"] or row["name"]
    tables["addresses"] = [
        _address(location) for location in tables["locations"] if _has_address(location)
    ]
    links = Service.taxonomy_terms.through.objects.order_by("service_id", "taxonomyterm_id")
    tables["attributes"] = [
        {
            "id": str(uuid.uuid5(ATTRIBUTE, f"{service}:{term}")),
            "link_id": str(service),
            "taxonomy_term_id": str(term),
            **CATEGORY_LINK,
        }
        for service, term in links.values_list("service_id", "taxonomyterm_id")
    ]
    return {name: tables[name] for name in mapping.TABLES}


_LOCATION_WITH_ADDRESS = mapping.Table(
    "locations",
    "location",
    Location,
    mapping.LOCATIONS.columns + tuple(mapping.Column(name) for name in mapping.ADDRESS_FIELDS),
)


def _has_address(location: dict) -> bool:
    return any(location[name] for name in mapping.ADDRESS_FIELDS)


def _address(location: dict) -> dict:
    return {
        "id": str(uuid.uuid5(ADDRESS, location["id"])),
        "location_id": location["id"],
        **{name: location[name] for name in mapping.ADDRESS_FIELDS},
        "address_type": "physical",
    }


def _table_rows(tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The package's tables with only their HSDS columns (locations without their address)."""
    shaped = {}
    for name, rows in tables.items():
        columns = mapping.TABLES[name].hsds_columns
        shaped[name] = [{column: row.get(column) for column in columns} for row in rows]
    return shaped


def export_package() -> bytes:
    return tabular.write_package(_table_rows(export_tables()))


# --- nested JSON ------------------------------------------------------------------------------


def _object(table: str, row: dict) -> dict:
    """An HSDS object: empty optional fields left out (the schema's e-mail and URI formats
    refuse ``""``), required ones kept."""
    described = mapping.TABLES[table]
    required = {column.hsds for column in described.columns if column.hsds_required}
    return {
        name: row.get(name) if row.get(name) is not None else ""
        for name in described.hsds_columns
        if name in required or row.get(name) not in (None, "")
    }


class _Nesting:
    """The tables grouped by what their rows link to, to nest each record under every record
    it belongs to, as HSDS's API does: a phone of a service and of one of its contacts is
    under both. Every nested object names its links itself, so an import puts it back in
    the same places."""

    def __init__(self, tables: dict[str, list[dict]]):
        self.by = defaultdict(lambda: defaultdict(list))
        for table in ("services", "locations", "contacts", "phones"):
            self._group(tables, table, "organization_id")
        for table in ("contacts", "phones", "schedules", "service_at_location"):
            self._group(tables, table, "service_id")
        for table in ("contacts", "phones", "schedules", "addresses"):
            self._group(tables, table, "location_id")
        for table in ("contacts", "phones", "schedules"):
            self._group(tables, table, "service_at_location_id")
        self._group(tables, "phones", "contact_id")
        self._group(tables, "attributes", "link_id")
        self.terms = {term["id"]: term for term in tables["taxonomy_terms"]}

    def _group(self, tables, table: str, key: str) -> None:
        grouped = self.by[table, key]
        for row in tables[table]:
            if row.get(key):
                grouped[row[key]].append(row)

    def under(self, table: str, key: str, ref: str) -> list[dict]:
        return self.by[table, key].get(ref, [])

    def _phones(self, key: str, ref: str) -> list[dict]:
        return [_object("phones", phone) for phone in self.under("phones", key, ref)]

    def _schedules(self, key: str, ref: str) -> list[dict]:
        return [_object("schedules", schedule) for schedule in self.under("schedules", key, ref)]

    def _contacts(self, key: str, ref: str) -> list[dict]:
        return [self.contact(contact) for contact in self.under("contacts", key, ref)]

    def organization(self, organization: dict) -> dict:
        ref = organization["id"]
        nested = _object("organizations", organization)
        nested["services"] = [
            self.service(service) for service in self.under("services", "organization_id", ref)
        ]
        nested["locations"] = [
            self.location(location) for location in self.under("locations", "organization_id", ref)
        ]
        nested["contacts"] = self._contacts("organization_id", ref)
        nested["phones"] = self._phones("organization_id", ref)
        return nested

    def contact(self, contact: dict) -> dict:
        nested = _object("contacts", contact)
        nested["phones"] = self._phones("contact_id", contact["id"])
        return nested

    def service(self, service: dict) -> dict:
        ref = service["id"]
        nested = _object("services", service)
        nested["attributes"] = [
            {
                **_object("attributes", attribute),
                "taxonomy_term": _object(
                    "taxonomy_terms", self.terms[attribute["taxonomy_term_id"]]
                ),
            }
            for attribute in self.under("attributes", "link_id", ref)
        ]
        nested["service_at_locations"] = [
            self.service_at_location(link)
            for link in self.under("service_at_location", "service_id", ref)
        ]
        nested["contacts"] = self._contacts("service_id", ref)
        nested["phones"] = self._phones("service_id", ref)
        nested["schedules"] = self._schedules("service_id", ref)
        return nested

    def service_at_location(self, link: dict) -> dict:
        ref = link["id"]
        nested = _object("service_at_location", link)
        nested["contacts"] = self._contacts("service_at_location_id", ref)
        nested["phones"] = self._phones("service_at_location_id", ref)
        nested["schedules"] = self._schedules("service_at_location_id", ref)
        return nested

    def location(self, location: dict) -> dict:
        ref = location["id"]
        nested = _object("locations", location)
        nested["addresses"] = [
            _object("addresses", address) for address in self.under("addresses", "location_id", ref)
        ]
        nested["contacts"] = self._contacts("location_id", ref)
        nested["phones"] = self._phones("location_id", ref)
        nested["schedules"] = self._schedules("location_id", ref)
        return nested


def export_objects() -> list[dict]:
    """HSDS organization objects, each with its services, locations, contacts and phones
    nested as the HSDS API answers them."""
    tables = export_tables()
    nesting = _Nesting(tables)
    return [nesting.organization(organization) for organization in tables["organizations"]]


def export_json() -> bytes:
    """The organizations as one page of the HSDS API's list answer."""
    objects = export_objects()
    page = {
        "total_items": len(objects),
        "total_pages": 1,
        "page_number": 1,
        "size": len(objects),
        "first_page": True,
        "last_page": True,
        "empty": not objects,
        "contents": objects,
    }
    # Compact: with indent, json falls back to its pure-Python encoder (several times slower).
    return json.dumps(page, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
