"""Reading an upload: HSDS JSON (or, through ``tabular``, the zipped package) turned into rows
of HSDS tables, as ``Parsed``. Nothing is checked here beyond the shape of the file: the values
are the checking step's."""

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from directory.hsds import mapping
from directory.hsds.encoding import json_loads, utf8_text
from directory.hsds.report import Refused


@dataclass
class Row:
    table: str
    values: dict
    where: str
    # Nested JSON repeats a record wherever it is linked (a contact under its organization and
    # under its location): repeats of a nested record merge, repeats of a top one are refused.
    nested: bool = False


@dataclass
class Parsed:
    format: str
    rows: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    not_kept: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    # Services whose categories the upload states (so the link set is replaced, not merged).
    states_categories: set = field(default_factory=set)

    def add(self, table: str, values: dict, where: str, *, nested: bool = False) -> None:
        self.rows[table].append(Row(table, values, where, nested))


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
    text = utf8_text(data)
    try:
        document = json_loads(text)
    except json.JSONDecodeError as error:
        raise Refused(
            _("The file is not valid JSON: %(reason)s (line %(line)d, column %(column)d).")
            % {"reason": error.msg, "line": error.lineno, "column": error.colno}
        ) from error
    except RecursionError as error:
        raise Refused(_("The file is nested too deeply to be HSDS.")) from error
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


class _JSONReader:
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

    def _record(self, table: str, value: dict, where: str, nested: bool, **links) -> dict:
        own = {key: item for key, item in value.items() if not isinstance(item, (dict, list))}
        for key, link in links.items():
            if link is not None and own.get(key) in (None, ""):
                own[key] = link
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

    def _not_kept(self, value: dict, skip: Iterable[str] = ()) -> None:
        for key, table in mapping.NOT_KEPT_NESTED.items():
            if key in skip:
                continue
            item = value.get(key)
            if isinstance(item, list):
                self.parsed.not_kept[table] += len(item)
            elif isinstance(item, dict):
                self.parsed.not_kept[table] += 1

    def _ref(self, value: dict) -> str | None:
        ref = value.get("id")
        return ref if isinstance(ref, str) else None

    def organizations(self, value: dict, where: str, nested: bool) -> None:
        own = self._record("organizations", value, where, nested)
        ref = self._ref(own)
        for service, child_where in self._children(value, "services", where):
            self.services(service, child_where, nested=True, organization_id=ref)
        for location, child_where in self._children(value, "locations", where):
            self.locations(location, child_where, nested=True, organization_id=ref)
        for contact, child_where in self._children(value, "contacts", where):
            self.contacts(contact, child_where, organization_id=ref)
        self._phones_elsewhere(value, where)
        self._attributes_elsewhere(value)
        self._not_kept(value)

    def services(self, value: dict, where: str, nested: bool, organization_id=None) -> None:
        organization = value.get("organization")
        if isinstance(organization, dict):
            self.organizations(organization, f"{where} > organization", nested=True)
            organization_id = organization_id or self._ref(organization)
        own = self._record("services", value, where, nested, organization_id=organization_id)
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
            own_attribute = {
                key: item for key, item in attribute.items() if not isinstance(item, (dict, list))
            }
            own_attribute.update(link_id=ref, link_entity="service", taxonomy_term_id=term_id)
            self.parsed.add("attributes", own_attribute, child_where, nested=True)
        for link, child_where in self._children(value, "service_at_locations", where):
            self.service_at_location(link, child_where, nested=True, service_id=ref)
        for contact, child_where in self._children(value, "contacts", where):
            self.contacts(contact, child_where, service_id=ref)
        self._phones_elsewhere(value, where)
        self._not_kept(value)

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
            service_id=service_id,
            location_id=location_id,
        )
        for contact, child_where in self._children(value, "contacts", where):
            self.contacts(
                contact,
                child_where,
                service_id=own.get("service_id"),
                location_id=own.get("location_id"),
            )
        self._phones_elsewhere(value, where)
        self._not_kept(value)

    def locations(self, value: dict, where: str, nested: bool, organization_id=None) -> None:
        own = self._record("locations", value, where, nested, organization_id=organization_id)
        ref = self._ref(own)
        for address, child_where in self._children(value, "addresses", where):
            self._record("addresses", address, child_where, True, location_id=ref)
        for contact, child_where in self._children(value, "contacts", where):
            self.contacts(contact, child_where, location_id=ref)
        self._phones_elsewhere(value, where)
        self._not_kept(value)

    def contacts(self, value: dict, where: str, **links) -> None:
        own = self._record("contacts", value, where, True, **links)
        ref = self._ref(own)
        for phone, child_where in self._children(value, "phones", where):
            self._record("phones", phone, child_where, True, contact_id=ref)
            self._not_kept(phone)
        self._not_kept(value)

    def taxonomy_terms(self, value: dict, where: str, nested: bool) -> None:
        self._record("taxonomy_terms", value, where, nested)
        self._not_kept(value)

    def _phones_elsewhere(self, value: dict, where: str) -> None:
        # Only a contact's phone is kept (in Contact.phone); others are counted.
        phones = value.get("phones")
        if isinstance(phones, list):
            self.parsed.not_kept["phones"] += len(phones)

    def _attributes_elsewhere(self, value: dict) -> None:
        attributes = value.get("attributes")
        if isinstance(attributes, list):
            self.parsed.not_kept["attributes"] += len(attributes)
