"""Writing the directory out as HSDS 3.0: tables first, then nested JSON or a zipped package.

A fixed number of queries whatever the size (one per table), read as plain values. Ids HSDS
needs and the directory does not keep (an address, a phone, an attribute linking a service to
a category) are derived from the record they belong to (UUID 5), so the same directory always
exports the same ids. A referral pause has no HSDS field and is not exported.
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
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

ADDRESS = uuid.UUID("0b8a3c56-3f59-4d1e-9d7e-2f0a4b6b1a01")
PHONE = uuid.UUID("0b8a3c56-3f59-4d1e-9d7e-2f0a4b6b1a02")
ATTRIBUTE = uuid.UUID("0b8a3c56-3f59-4d1e-9d7e-2f0a4b6b1a03")
# What an attribute linking a service to one of its categories says of itself.
CATEGORY_LINK = {"link_type": "category", "link_entity": "service", "value": ""}


def _hsds(value):
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
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
        "contacts": _rows(Contact.objects, _CONTACT_WITH_PHONE, ("name", "id")),
        "taxonomy_terms": _rows(
            TaxonomyTerm.objects, mapping.TAXONOMY_TERMS, ("taxonomy", "code", "name", "id")
        ),
    }
    tables["addresses"] = [
        _address(location) for location in tables["locations"] if _has_address(location)
    ]
    tables["phones"] = [
        {
            "id": str(uuid.uuid5(PHONE, contact["id"])),
            "contact_id": contact["id"],
            "number": contact["phone"],
        }
        for contact in tables["contacts"]
        if contact["phone"]
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
    Location,
    mapping.LOCATIONS.columns + tuple(mapping.Column(name) for name in mapping.ADDRESS_FIELDS),
)
_CONTACT_WITH_PHONE = mapping.Table(
    "contacts", Contact, (*mapping.CONTACTS.columns, mapping.Column("phone"))
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
    """The package's tables with only their HSDS columns (addresses and phones apart)."""
    shaped = {}
    for name, rows in tables.items():
        columns = ["id", *(column.hsds for column in mapping.TABLES[name].columns)]
        shaped[name] = [{column: row.get(column) for column in columns} for row in rows]
    return shaped


def export_package() -> bytes:
    return tabular.write_package(_table_rows(export_tables()))


# --- nested JSON ------------------------------------------------------------------------------

# Fields HSDS requires even when the directory has nothing to say.
REQUIRED = {
    "organizations": ("description",),
    "taxonomy_terms": ("description",),
    "addresses": ("address_1", "city", "state_province", "postal_code", "country"),
}


def _object(table: str, row: dict, *, leave_out: tuple[str, ...] = ()) -> dict:
    """An HSDS object: empty optional fields left out (the schema's e-mail and URI formats
    refuse ``""``), required ones kept."""
    columns = ["id", *(column.hsds for column in mapping.TABLES[table].columns)]
    required = REQUIRED.get(table, ())
    return {
        name: row.get(name) if row.get(name) is not None else ""
        for name in columns
        if name not in leave_out and (name in required or row.get(name) not in (None, ""))
    }


def export_objects() -> list[dict]:
    """HSDS organization objects, each with its services, locations and contacts nested as
    the HSDS API answers them."""
    tables = export_tables()
    by = _group(tables)
    terms = {term["id"]: term for term in tables["taxonomy_terms"]}
    objects = []
    for organization in tables["organizations"]:
        ref = organization["id"]
        nested = _object("organizations", organization)
        nested["services"] = [
            _service(service, by, terms) for service in by["services", "organization_id"][ref]
        ]
        nested["locations"] = [
            _location(location, by) for location in by["locations", "organization_id"][ref]
        ]
        nested["contacts"] = [
            _contact(contact, by)
            for contact in by["contacts", "organization_id"][ref]
            if not contact["service_id"] and not contact["location_id"]
        ]
        objects.append(nested)
    return objects


def _group(tables) -> dict:
    by = defaultdict(lambda: defaultdict(list))
    for table, key in [
        ("services", "organization_id"),
        ("locations", "organization_id"),
        ("contacts", "organization_id"),
        ("contacts", "service_id"),
        ("contacts", "location_id"),
        ("service_at_location", "service_id"),
        ("addresses", "location_id"),
        ("phones", "contact_id"),
        ("attributes", "link_id"),
    ]:
        grouped = by[table, key]
        for row in tables[table]:
            if row.get(key):
                grouped[row[key]].append(row)
    return by


def _contact(contact: dict, by) -> dict:
    nested = _object("contacts", contact)
    phones = by["phones", "contact_id"][contact["id"]]
    if phones:
        nested["phones"] = [_object("phones", phone) for phone in phones]
    return nested


def _service(service: dict, by, terms: dict) -> dict:
    nested = _object("services", service)
    nested["attributes"] = [
        {
            **_object("attributes", attribute),
            "taxonomy_term": _object("taxonomy_terms", terms[attribute["taxonomy_term_id"]]),
        }
        for attribute in by["attributes", "link_id"][service["id"]]
    ]
    nested["service_at_locations"] = [
        _object("service_at_location", link)
        for link in by["service_at_location", "service_id"][service["id"]]
    ]
    nested["contacts"] = [
        _contact(contact, by) for contact in by["contacts", "service_id"][service["id"]]
    ]
    return nested


def _location(location: dict, by) -> dict:
    nested = _object("locations", location)
    nested["addresses"] = [
        _object("addresses", address) for address in by["addresses", "location_id"][location["id"]]
    ]
    nested["contacts"] = [
        _contact(contact, by)
        for contact in by["contacts", "location_id"][location["id"]]
        if not contact["service_id"]
    ]
    return nested


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
