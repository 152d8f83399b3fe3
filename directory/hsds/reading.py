"""Reading an upload: HSDS JSON (or, through ``tabular``, the zipped package) turned into rows
of HSDS tables, as ``Parsed``. Nothing is checked here beyond the shape of the file: the values
are the checking step's."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from directory.hsds import mapping
from directory.hsds.encoding import json_loads, shown, utf8_text
from directory.hsds.report import Refused
from directory.hsds.versions import Evidence


@dataclass
class Row:
    table: str
    values: dict
    where: str
    # Nested JSON repeats a record wherever it is linked (a contact under its organization and
    # under its location): repeats of a nested record merge, repeats of a top one are refused.
    nested: bool = False


# Distinct fields not kept listed by name; past this they are counted together (a file of
# random keys would otherwise fill the report).
MAX_FIELDS_LISTED = 200


@dataclass
class Parsed:
    format: str
    rows: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    # Tables and fields read and not kept: ``funding`` (rows), ``organizations.tax_id``
    # (records that give it), as the report lists them.
    not_kept: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    # Services whose categories the upload states (so the link set is replaced, not merged).
    states_categories: set = field(default_factory=set)
    older: Evidence = field(default_factory=Evidence)
    _fields_listed: set = field(default_factory=set)
    # What nested JSON repeats (a location under its organization and under a service) is
    # counted once: by its id.
    _counted: set = field(default_factory=set)

    def add(self, table: str, values: dict, where: str, *, nested: bool = False) -> None:
        self.rows[table].append(Row(table, values, where, nested))

    def _first(self, *key) -> bool:
        if key[-1] is None:
            return True
        if key in self._counted:
            return False
        self._counted.add(key)
        return True

    def rows_not_kept(self, table: str, item) -> None:
        """Rows of a table the directory does not keep, as JSON nests them (a list or one)."""
        for each in item if isinstance(item, list) else [item]:
            ref = each.get("id") if isinstance(each, dict) else None
            if self._first(table, ref if isinstance(ref, str) else None):
                self.not_kept[table] += 1

    def field_not_kept(self, table: str, name: str, count: int = 1, record=None) -> None:
        """``count`` records of ``table`` give ``name``, which the directory does not keep
        (``record``: the id of the one JSON record, counted once however often it repeats)."""
        if not self._first(table, name, record if isinstance(record, str) else None):
            return
        key = f"{table}.{shown(name, 60)}"
        if key not in self._fields_listed:
            if len(self._fields_listed) >= MAX_FIELDS_LISTED:
                key = _("other fields")
            else:
                self._fields_listed.add(key)
        self.not_kept[key] += count


def max_bytes() -> int:
    return settings.HSDS_IMPORT_MAX_BYTES


def size_checked(size: int | None) -> None:
    """Refuse by size alone, before a byte is parsed."""
    if size is not None and size > max_bytes():
        raise Refused(
            _("The file is too large: the limit is %(limit)s MB.")
            % {"limit": _megabytes(max_bytes())}
        )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def read_json(data: bytes) -> Parsed:
    """HSDS JSON: one organization, service, service-at-location or taxonomy term object, a
    list of them, or a page of them (``{"contents": [...]}``, as the HSDS API answers)."""
    document = json_loads(utf8_text(data))
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        objects = document["contents"]
    elif isinstance(document, list):
        objects = document
    elif isinstance(document, dict):
        objects = [document]
    else:
        raise Refused(_("The file holds no HSDS object: give an object or a list of objects."))
    parsed = Parsed("json")
    reader = _JSONReader(parsed)
    for number, each in enumerate(objects, start=1):
        reader.top(each, number)
    if parsed.older.found:
        raise parsed.older.refusal()
    return parsed


def _kind_of(value: dict) -> str:
    if ("service" in value and "location" in value) or {"service_id", "location_id"} <= set(value):
        return "service_at_location"
    if {"status", "organization_id", "organization", "service_at_locations"} & set(value):
        return "services"
    if "location_type" in value or "addresses" in value:
        return "locations"
    if {"code", "term_uri", "taxonomy_detail", "parent_id"} & set(value):
        return "taxonomy_terms"
    if "version" in value and "name" in value:
        return "taxonomies"
    return "organizations"


def _given(item) -> bool:
    return item not in (None, "", [], {})


class _JSONReader:
    """Flattens HSDS's nested JSON into rows of its tables. A record nested under another
    links to it (a phone under a service is that service's phone) unless it says otherwise."""

    def __init__(self, parsed: Parsed):
        self.parsed = parsed

    def top(self, value, number: int) -> None:
        where = _("object %(number)d") % {"number": number}
        if not isinstance(value, dict):
            self.parsed.add("", {"__not_an_object__": value}, where)
            return
        kind = _kind_of(value)
        if kind == "taxonomies":
            self.parsed.not_kept["taxonomies"] += 1
            return
        getattr(self, kind)(value, where, nested=False)

    def _record(
        self,
        table: str,
        value: dict,
        where: str,
        nested: bool,
        handled: frozenset = frozenset(),
        overrides: dict | None = None,
        **links,
    ) -> dict:
        """The record's own fields as a row of ``table``; what it holds that the directory
        does not keep (fields, nested tables) is counted. ``handled`` are the nested keys the
        caller reads."""
        known = mapping.TABLES[table].known
        record = value.get("id")
        own = {}
        for key, item in value.items():
            if key in known:
                own[key] = item  # a list where text belongs is the checking step's to refuse
            elif isinstance(item, (dict, list)):
                if key in handled:
                    continue
                if key in mapping.NOT_KEPT_NESTED:
                    self.parsed.rows_not_kept(mapping.NOT_KEPT_NESTED[key], item)
                elif key == "attributes":
                    # Attributes of anything but a service (whose categories they are).
                    self.parsed.rows_not_kept("attributes", item)
                elif _given(item):
                    self.parsed.field_not_kept(table, key, record=record)
            elif _given(item):
                self.parsed.field_not_kept(table, key, record=record)
        for key, link in links.items():
            if link is not None and own.get(key) in (None, ""):
                own[key] = link
        own.update(overrides or {})
        self.parsed.older.keys(table, value, where)
        self.parsed.add(table, own, where, nested=nested)
        return own

    def _children(self, value: dict, key: str, where: str):
        children = value.get(key)
        if children is None:
            return []
        if not isinstance(children, list):
            self.parsed.add("", {"__not_a_list__": key}, where)
            return []
        for number, child in enumerate(children, start=1):
            child_where = f"{where} > {key}[{number}]"
            if not isinstance(child, dict):
                self.parsed.add("", {"__not_an_object__": child}, child_where)
                continue
            yield child, child_where

    def _ref(self, value: dict) -> str | None:
        ref = value.get("id")
        return ref if isinstance(ref, str) else None

    def _phones_and_schedules(self, value: dict, where: str, link: str, ref, *, schedules=True):
        for phone, child_where in self._children(value, "phones", where):
            self._record("phones", phone, child_where, True, **{link: ref})
        if schedules:
            for schedule, child_where in self._children(value, "schedules", where):
                self._record("schedules", schedule, child_where, True, **{link: ref})

    def organizations(self, value: dict, where: str, nested: bool) -> None:
        handled = frozenset({"services", "locations", "contacts", "phones"})
        own = self._record("organizations", value, where, nested, handled)
        ref = self._ref(own)
        for service, child_where in self._children(value, "services", where):
            self.services(service, child_where, nested=True, organization_id=ref)
        for location, child_where in self._children(value, "locations", where):
            self.locations(location, child_where, nested=True, organization_id=ref)
        for contact, child_where in self._children(value, "contacts", where):
            self.contacts(contact, child_where, organization_id=ref)
        self._phones_and_schedules(value, where, "organization_id", ref, schedules=False)

    def services(self, value: dict, where: str, nested: bool, organization_id=None) -> None:
        organization = value.get("organization")
        if isinstance(organization, dict):
            self.organizations(organization, f"{where} > organization", nested=True)
            organization_id = organization_id or self._ref(organization)
        handled = frozenset(
            {
                "organization",
                "attributes",
                "service_at_locations",
                "contacts",
                "phones",
                "schedules",
            }
        )
        own = self._record(
            "services", value, where, nested, handled, organization_id=organization_id
        )
        ref = self._ref(own)
        if "attributes" in value and ref is not None:
            self.parsed.states_categories.add(ref)
        for attribute, child_where in self._children(value, "attributes", where):
            term = attribute.get("taxonomy_term")
            term_id = attribute.get("taxonomy_term_id")
            if isinstance(term, dict):
                self.taxonomy_terms(term, f"{child_where} > taxonomy_term", nested=True)
                term_id = term_id or self._ref(term)
            # Nested under the service, the attribute links to it whatever link_entity says.
            links = {"link_id": ref, "link_entity": "service", "taxonomy_term_id": term_id}
            self._record(
                "attributes",
                attribute,
                child_where,
                True,
                frozenset({"taxonomy_term"}),
                overrides=links,
            )
        for link, child_where in self._children(value, "service_at_locations", where):
            self.service_at_location(link, child_where, nested=True, service_id=ref)
        for contact, child_where in self._children(value, "contacts", where):
            self.contacts(contact, child_where, service_id=ref)
        self._phones_and_schedules(value, where, "service_id", ref)

    def service_at_location(self, value: dict, where: str, nested: bool, service_id=None):
        service = value.get("service")
        if isinstance(service, dict):
            self.services(service, f"{where} > service", nested=True)
            service_id = service_id or self._ref(service)
        location = value.get("location")
        location_id = None
        if isinstance(location, dict):
            self.locations(location, f"{where} > location", nested=True)
            location_id = self._ref(location)
        own = self._record(
            "service_at_location",
            value,
            where,
            nested,
            frozenset({"service", "location", "contacts", "phones", "schedules"}),
            service_id=service_id,
            location_id=location_id,
        )
        ref = self._ref(own)
        for contact, child_where in self._children(value, "contacts", where):
            self.contacts(contact, child_where, service_at_location_id=ref)
        self._phones_and_schedules(value, where, "service_at_location_id", ref)

    def locations(self, value: dict, where: str, nested: bool, organization_id=None) -> None:
        handled = frozenset({"addresses", "contacts", "phones", "schedules"})
        own = self._record(
            "locations", value, where, nested, handled, organization_id=organization_id
        )
        ref = self._ref(own)
        for address, child_where in self._children(value, "addresses", where):
            self._record("addresses", address, child_where, True, location_id=ref)
        for contact, child_where in self._children(value, "contacts", where):
            self.contacts(contact, child_where, location_id=ref)
        self._phones_and_schedules(value, where, "location_id", ref)

    def contacts(self, value: dict, where: str, **links) -> None:
        own = self._record("contacts", value, where, True, frozenset({"phones"}), **links)
        self._phones_and_schedules(value, where, "contact_id", self._ref(own), schedules=False)

    def taxonomy_terms(self, value: dict, where: str, nested: bool) -> None:
        self._record("taxonomy_terms", value, where, nested)
