"""How HSDS 3.0 tables and fields map onto the directory's models, both ways.

One table of HSDS's tabular package per entry: ``name`` is its CSV file's name (``organizations``,
``services``...), ``resource`` the name HSDS 3.0's ``datapackage.json`` gives it
(``organization``, ``service``...). Columns are listed in the order of the specification's
package, with the type, format and "required" constraint it gives each. The JSON form nests the
same records (an organization's services, a service's phones and schedules); ``reading``
flattens it into these tables, ``exporter`` nests them back.

HSDS keeps more than the directory does (funding, programs, languages...): those tables and
fields are read, counted and reported as not kept, never refused.
"""

from dataclasses import dataclass
from functools import cached_property

from directory.models import (
    Contact,
    Frequency,
    Location,
    LocationType,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
    Weekday,
)

# How the importer reads a value.
TEXT = "text"
INTEGER = "integer"
NUMBER = "number"
DATETIME = "datetime"
DATE = "date"
REFERENCE = "reference"

# The HSDS table schema's type for each, unless a column says otherwise.
SPEC_TYPES = {
    TEXT: "string",
    INTEGER: "number",
    NUMBER: "number",
    DATETIME: "datetime",
    DATE: "date",
    REFERENCE: "string",
}


@dataclass(frozen=True)
class Column:
    hsds: str
    kind: str = TEXT
    # The model attribute it fills; for a reference, the table it points into.
    attr: str = ""
    target: str = ""
    # A reference the import must resolve (a service's organization): unresolved, the record is
    # refused. An optional one that points at nothing we know is dropped, and the report says so.
    required: bool = False
    # What HSDS's table schema says of the column: its type and format (``uuid``, ``email``,
    # ``uri``), and whether a row must give it.
    spec_type: str = ""
    format: str = ""
    hsds_required: bool = False
    # The values HSDS allows, where it lists them.
    enum: tuple[str, ...] = ()
    # Decimal places a NUMBER is kept to.
    places: int = 6

    @property
    def name(self) -> str:
        return self.attr or self.hsds

    @property
    def type(self) -> str:
        return self.spec_type or SPEC_TYPES[self.kind]

    def field(self) -> dict:
        """The column as a field of a Table Schema (``datapackage.json``)."""
        described = {"name": self.hsds, "type": self.type}
        form = self.format or ("uuid" if self.kind == REFERENCE else "")
        if form:
            described["format"] = form
        described["constraints"] = {"required": self.hsds_required}
        if self.enum:
            described["constraints"]["enum"] = list(self.enum)
        return described


def _text(*names: str) -> tuple[Column, ...]:
    return tuple(Column(name) for name in names)


def _link(hsds: str, target: str, *, required: bool = False, hsds_required: bool = False):
    return Column(
        hsds,
        REFERENCE,
        attr=hsds,
        target=target,
        required=required,
        hsds_required=hsds_required,
    )


@dataclass(frozen=True)
class Table:
    name: str  # the CSV file's name without ".csv", and the key of the JSON list
    resource: str  # the resource's name in HSDS 3.0's datapackage.json
    model: type | None
    columns: tuple[Column, ...]

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def column(self, hsds: str) -> Column | None:
        return next((column for column in self.columns if column.hsds == hsds), None)

    @property
    def hsds_columns(self) -> list[str]:
        """The CSV's header, as the directory writes it."""
        return ["id", *(column.hsds for column in self.columns)]

    # Read once per row of an import: worked out once per table.
    @cached_property
    def references(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if column.kind == REFERENCE)

    @cached_property
    def known(self) -> frozenset[str]:
        return frozenset(self.hsds_columns)

    def schema(self) -> dict:
        """The table's Table Schema, as the package's ``datapackage.json`` describes it."""
        identifier = {
            "name": "id",
            "type": "string",
            "format": "uuid",
            "constraints": {"required": True, "unique": True},
        }
        return {
            "fields": [identifier, *(column.field() for column in self.columns)],
            "primaryKey": "id",
        }


ORGANIZATIONS = Table(
    "organizations",
    "organization",
    Organization,
    (
        Column("name", hsds_required=True),
        Column("alternate_name"),
        Column("description", hsds_required=True),
        Column("email", format="email"),
        Column("website", format="uri"),
        Column("legal_status"),
        Column("uri", format="uri"),
        Column(
            "parent_organization_id",
            REFERENCE,
            attr="parent_organization_id",
            target="organizations",
        ),
    ),
)
SERVICES = Table(
    "services",
    "service",
    Service,
    (
        _link("organization_id", "organizations", required=True, hsds_required=True),
        Column("name", hsds_required=True),
        Column("alternate_name"),
        Column("description"),
        Column("url", format="uri"),
        Column("email", format="email"),
        Column("status", hsds_required=True, enum=tuple(ServiceStatus.values)),
        *_text(
            "interpretation_services",
            "application_process",
            "fees_description",
            "eligibility_description",
        ),
        Column("minimum_age", INTEGER),
        Column("maximum_age", INTEGER),
        Column("alert"),
        Column("last_modified", DATETIME),
    ),
)
# A service's categories: HSDS links a term to a service through an attribute.
ATTRIBUTES = Table(
    "attributes",
    "attribute",
    None,
    (
        Column("link_id", REFERENCE, target="services", hsds_required=True),
        Column(
            "taxonomy_term_id",
            REFERENCE,
            target="taxonomy_terms",
            required=True,
            hsds_required=True,
        ),
        Column("link_type"),
        Column("link_entity", hsds_required=True),
        Column("value"),
    ),
)
SERVICE_AT_LOCATION = Table(
    "service_at_location",
    "service_at_location",
    ServiceAtLocation,
    (
        _link("service_id", "services", required=True, hsds_required=True),
        _link("location_id", "locations", required=True, hsds_required=True),
        Column("description"),
    ),
)
LOCATIONS = Table(
    "locations",
    "location",
    Location,
    (
        Column("location_type", hsds_required=True, enum=tuple(LocationType.values)),
        _link("organization_id", "organizations"),
        *_text("name", "alternate_name", "description", "transportation"),
        Column("latitude", NUMBER),
        Column("longitude", NUMBER),
    ),
)
PHONES = Table(
    "phones",
    "phone",
    Phone,
    (
        _link("location_id", "locations"),
        _link("service_id", "services"),
        _link("organization_id", "organizations"),
        _link("contact_id", "contacts"),
        _link("service_at_location_id", "service_at_location"),
        Column("number", hsds_required=True),
        Column("extension", INTEGER),
        Column("type"),
        Column("description"),
    ),
)
CONTACTS = Table(
    "contacts",
    "contact",
    Contact,
    (
        _link("organization_id", "organizations"),
        _link("service_id", "services"),
        _link("service_at_location_id", "service_at_location"),
        _link("location_id", "locations"),
        *_text("name", "title", "department"),
        Column("email", format="email"),
    ),
)
# A location here has one address: the first physical one HSDS lists (else the first).
ADDRESSES = Table(
    "addresses",
    "address",
    None,
    (
        Column("location_id", REFERENCE, target="locations", required=True),
        Column("address_1", hsds_required=True),
        Column("address_2"),
        Column("city", hsds_required=True),
        Column("state_province", hsds_required=True),
        Column("postal_code", hsds_required=True),
        Column("country", hsds_required=True),
        Column("address_type", hsds_required=True, enum=tuple(LocationType.values)),
    ),
)
ADDRESS_FIELDS = ("address_1", "address_2", "city", "state_province", "postal_code", "country")
SCHEDULES = Table(
    "schedules",
    "schedule",
    Schedule,
    (
        _link("service_id", "services"),
        _link("location_id", "locations"),
        _link("service_at_location_id", "service_at_location"),
        Column("valid_from", DATE),
        Column("valid_to", DATE),
        Column("dtstart", DATE),
        Column("timezone", NUMBER, places=2),
        Column("until", DATE),
        Column("count", INTEGER),
        Column("wkst", enum=tuple(Weekday.values)),
        Column("freq", enum=tuple(Frequency.values)),
        Column("interval", INTEGER),
        *_text("byday", "byweekno", "bymonthday", "byyearday", "description"),
        Column("opens_at", spec_type="time"),
        Column("closes_at", spec_type="time"),
        Column("schedule_link", format="uri"),
        Column("attending_type"),
        Column("notes"),
    ),
)
TAXONOMY_TERMS = Table(
    "taxonomy_terms",
    "taxonomy_term",
    TaxonomyTerm,
    (
        Column("code"),
        Column("name", hsds_required=True),
        Column("description", hsds_required=True),
        Column("parent_id", REFERENCE, attr="parent_id", target="taxonomy_terms"),
        Column("taxonomy"),
        Column("language"),
        Column("term_uri", format="uri"),
    ),
)

# In the order of HSDS 3.0's datapackage.json, which the export follows.
TABLES = {
    table.name: table
    for table in (
        ORGANIZATIONS,
        SERVICES,
        ATTRIBUTES,
        SERVICE_AT_LOCATION,
        LOCATIONS,
        PHONES,
        CONTACTS,
        ADDRESSES,
        SCHEDULES,
        TAXONOMY_TERMS,
    )
}
# A package's resources by name: HSDS 3.0 names them in the singular; earlier exports of this
# directory named them as their files, in the plural. Both are read.
BY_RESOURCE = {table.resource: table for table in TABLES.values()} | TABLES
# The tables the directory writes, in the order an import writes them (what a record points
# at first) and a report lists them.
WRITTEN = (
    "organizations",
    "taxonomy_terms",
    "services",
    "locations",
    "service_at_location",
    "contacts",
    "phones",
    "schedules",
)

# HSDS tables the directory does not keep: read (so a package with them imports) and counted.
# 3.1's tables (url, units, service_capacity) are there too: a 3.1 package is 3.0 with more.
NOT_KEPT = (
    "accessibility",
    "cost_options",
    "funding",
    "languages",
    "meta_table_descriptions",
    "metadata",
    "organization_identifiers",
    "programs",
    "required_documents",
    "service_areas",
    "service_capacity",
    "taxonomies",
    "units",
    "url",
)
# The JSON keys under which HSDS nests those tables.
NOT_KEPT_NESTED = {
    "accessibility": "accessibility",
    "cost_options": "cost_options",
    "funding": "funding",
    "languages": "languages",
    "metadata": "metadata",
    "organization_identifiers": "organization_identifiers",
    "programs": "programs",
    "program": "programs",
    "required_documents": "required_documents",
    "service_areas": "service_areas",
    "taxonomy_detail": "taxonomies",
}
