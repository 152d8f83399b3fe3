"""How HSDS 3.0 tables and fields map onto the directory's models, both ways.

One table of HSDS's tabular package per entry, named as its CSV file is (``organizations``,
``services``...). The JSON form nests the same records (an organization's services, a
service's attributes); ``importer`` flattens it into these tables, ``exporter`` nests them back.

HSDS keeps more than the directory does (schedules, funding, programs, languages...): those
tables are read, counted and reported as not kept, never refused.
"""

from dataclasses import dataclass
from functools import cached_property

from directory.models import (
    Contact,
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

TEXT = "text"
INTEGER = "integer"
NUMBER = "number"
DATETIME = "datetime"
REFERENCE = "reference"


@dataclass(frozen=True)
class Column:
    hsds: str
    kind: str = TEXT
    # The model attribute it fills; for a reference, the table it points into.
    attr: str = ""
    target: str = ""
    # A reference HSDS requires (a service's organization): unresolved, the record is refused.
    # An optional one that points at nothing we know is dropped, and the report says so.
    required: bool = False

    @property
    def name(self) -> str:
        return self.attr or self.hsds


def _text(*names: str) -> tuple[Column, ...]:
    return tuple(Column(name) for name in names)


@dataclass(frozen=True)
class Table:
    name: str  # the CSV file's name without ".csv", and the key of the JSON list
    model: type | None
    columns: tuple[Column, ...]

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def column(self, hsds: str) -> Column | None:
        return next((column for column in self.columns if column.hsds == hsds), None)

    # Read once per row of an import: worked out once per table.
    @cached_property
    def references(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if column.kind == REFERENCE)


ORGANIZATIONS = Table(
    "organizations",
    Organization,
    (
        *_text("name", "alternate_name", "description", "email", "website", "legal_status", "uri"),
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
    Service,
    (
        Column(
            "organization_id",
            REFERENCE,
            attr="organization_id",
            target="organizations",
            required=True,
        ),
        *_text(
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
        ),
        Column("minimum_age", INTEGER),
        Column("maximum_age", INTEGER),
        Column("alert"),
        Column("last_modified", DATETIME),
    ),
)
LOCATIONS = Table(
    "locations",
    Location,
    (
        Column("location_type"),
        Column("organization_id", REFERENCE, attr="organization_id", target="organizations"),
        *_text("name", "alternate_name", "description", "transportation"),
        Column("latitude", NUMBER),
        Column("longitude", NUMBER),
    ),
)
# A location here has one address: the first physical one HSDS lists (else the first).
ADDRESSES = Table(
    "addresses",
    None,
    (
        Column("location_id", REFERENCE, target="locations", required=True),
        *_text("address_1", "address_2", "city", "state_province", "postal_code", "country"),
        Column("address_type"),
    ),
)
ADDRESS_FIELDS = ("address_1", "address_2", "city", "state_province", "postal_code", "country")
SERVICE_AT_LOCATION = Table(
    "service_at_location",
    ServiceAtLocation,
    (
        Column("service_id", REFERENCE, attr="service_id", target="services", required=True),
        Column("location_id", REFERENCE, attr="location_id", target="locations", required=True),
        Column("description"),
    ),
)
CONTACTS = Table(
    "contacts",
    Contact,
    (
        Column("organization_id", REFERENCE, attr="organization_id", target="organizations"),
        Column("service_id", REFERENCE, attr="service_id", target="services"),
        Column("location_id", REFERENCE, attr="location_id", target="locations"),
        *_text("name", "title", "department", "email"),
    ),
)
# A contact keeps one phone number: the first HSDS lists for it.
PHONES = Table(
    "phones",
    None,
    (
        Column("contact_id", REFERENCE, target="contacts"),
        Column("number"),
    ),
)
TAXONOMY_TERMS = Table(
    "taxonomy_terms",
    TaxonomyTerm,
    (
        *_text("code", "name", "description"),
        Column("parent_id", REFERENCE, attr="parent_id", target="taxonomy_terms"),
        *_text("taxonomy", "language", "term_uri"),
    ),
)
# A service's categories: HSDS links a term to a service through an attribute.
ATTRIBUTES = Table(
    "attributes",
    None,
    (
        Column("link_id", REFERENCE, target="services"),
        Column("taxonomy_term_id", REFERENCE, target="taxonomy_terms", required=True),
        Column("link_type"),
        Column("link_entity"),
        Column("value"),
    ),
)

TABLES = {
    table.name: table
    for table in (
        ORGANIZATIONS,
        SERVICES,
        LOCATIONS,
        ADDRESSES,
        SERVICE_AT_LOCATION,
        CONTACTS,
        PHONES,
        TAXONOMY_TERMS,
        ATTRIBUTES,
    )
}
# The tables the directory writes, in the order an export lists them.
WRITTEN = (
    "organizations",
    "taxonomy_terms",
    "services",
    "locations",
    "service_at_location",
    "contacts",
)

# HSDS tables the directory does not keep: read (so a package with them imports) and counted.
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
    "schedules",
    "service_areas",
    "taxonomies",
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
    "schedules": "schedules",
    "service_areas": "service_areas",
    "taxonomy_detail": "taxonomies",
}
