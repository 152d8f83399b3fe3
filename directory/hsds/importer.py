"""Reading HSDS 3.0 into the directory: all of it, or nothing.

An import runs in three steps. ``read_json`` or ``tabular.read_package`` turn the upload into
rows of HSDS tables (``Parsed``); ``plan`` checks every row (types, ids, lengths, references,
the directory's own rules) and collects *every* problem, not the first; ``apply`` writes the
plan with bulk queries in one transaction, and only when there was no problem. Records are
matched by their HSDS id, which is the directory's primary key: a known id is updated, an
unknown one created.
"""

import contextlib
import datetime
import decimal
import functools
import gc
import json
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from alongside.limits import MAX_TEXT
from directory.hsds import mapping
from directory.hsds.mapping import DATETIME, INTEGER, NUMBER, REFERENCE, TABLES, TEXT
from directory.models import Service, ServiceAtLocation, TaxonomyTerm

BATCH = 1000
# More problems than this are counted, not listed: the upload is wrong throughout by then.
MAX_PROBLEMS = 1000


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass
class ImportReport:
    """What an import did (``created``, ``updated``, ``unchanged`` by table), or why it wrote
    nothing (``problems``); ``notes`` say what was read and not kept."""

    format: str = ""
    size: int = 0
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    problems_uncounted: int = 0
    notes: list[str] = field(default_factory=list)
    not_kept: Counter = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem_count(self) -> int:
        return len(self.problems) + self.problems_uncounted

    def refuse(self, where: str, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems_uncounted += 1
        else:
            self.problems.append(Problem(where, message))

    def tables(self) -> list[dict]:
        return [
            {
                "table": name,
                "created": self.created[name],
                "updated": self.updated[name],
                "unchanged": self.unchanged[name],
            }
            for name in mapping.WRITTEN
            if self.created[name] or self.updated[name] or self.unchanged[name]
        ]

    def not_kept_rows(self) -> list[tuple[str, int]]:
        # A Counter answers 0 for any key, "items" included: templates need the pairs.
        return sorted(self.not_kept.items())

    def as_dict(self) -> dict:
        return {
            "format": self.format,
            "accepted": self.ok,
            "tables": self.tables(),
            "rejected": [{"where": each.where, "reason": each.message} for each in self.problems],
            "rejected_count": self.problem_count,
            "notes": list(self.notes),
            "not_kept": dict(sorted(self.not_kept.items())),
        }

    def audit_fields(self) -> list[str]:
        """Parameters and counts, for the audit trail (names and numbers, no directory text)."""
        fields = [f"format={self.format}", f"bytes={self.size}", f"accepted={self.ok}"]
        for kind in ("created", "updated", "unchanged"):
            fields += [f"{kind}.{name}={count}" for name, count in getattr(self, kind).items()]
        fields.append(f"rejected={self.problem_count}")
        return fields


class Refused(Exception):
    """The upload cannot be read at all (too large, not JSON, not a package)."""


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


@contextlib.contextmanager
def cyclic_gc_paused():
    """Python's cycle collector runs again and again while an import builds its tens of
    thousands of rows, none of them garbage yet; pausing it for the import saves about a
    third of its time. Reference counting still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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


# --- JSON -------------------------------------------------------------------------------------


def read_json(data: bytes) -> Parsed:
    """HSDS JSON: one organization, service, service-at-location or taxonomy term object, a
    list of them, or a page of them (``{"contents": [...]}``, as the HSDS API answers)."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise Refused(_("The file is not UTF-8 text.")) from error
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


# --- checking ---------------------------------------------------------------------------------


def _type_name(value) -> str:
    if isinstance(value, bool):
        return _("true or false")
    if isinstance(value, (int, float)):
        return _("a number")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("an object")
    return _("text")


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _Bad(Exception):
    pass


def _uuid(value) -> uuid.UUID:
    if not isinstance(value, str):
        raise _Bad(_("must be a UUID (text), not %(type)s") % {"type": _type_name(value)})
    parsed = _parsed_uuid(value.strip())
    if parsed is None:
        raise _Bad(_("“%(value)s” is not a UUID") % {"value": value[:40]})
    return parsed


@functools.lru_cache(maxsize=65_536)
def _parsed_uuid(text: str) -> uuid.UUID | None:
    # A package names most ids twice or more (a service's id, then in its links): parsing is
    # the costliest step of reading a row, so each text is parsed once.
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def _convert(column: mapping.Column, value):
    """An HSDS value (JSON typed, or CSV text) as the directory stores it, or ``_Bad``."""
    if column.kind == TEXT:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise _Bad(_("must be text, not %(type)s") % {"type": _type_name(value)})
        return value.strip()
    if _blank(value):
        return None
    if column.kind == REFERENCE:
        return _uuid(value)
    if column.kind == INTEGER:
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError as error:
                raise _Bad(_("must be a whole number")) from error
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _Bad(_("must be a whole number, not %(type)s") % {"type": _type_name(value)})
        if isinstance(value, float) and not value.is_integer():
            raise _Bad(_("must be a whole number"))
        return int(value)
    if column.kind == NUMBER:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise _Bad(_("must be a number, not %(type)s") % {"type": _type_name(value)})
        try:
            number = decimal.Decimal(str(value).strip())
        except decimal.InvalidOperation as error:
            raise _Bad(_("must be a number")) from error
        if not number.is_finite():
            raise _Bad(_("must be a number"))
        return number.quantize(decimal.Decimal("0.000001"))
    if column.kind == DATETIME:
        moment = parse_datetime(value.strip()) if isinstance(value, str) else None
        if moment is None:
            raise _Bad(_("must be a date and time (ISO 8601)"))
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, datetime.UTC)
        return moment
    raise AssertionError(column.kind)


@dataclass
class Record:
    """One checked row: its id, the model values it states, and its references."""

    table: str
    id: uuid.UUID
    where: str
    values: dict
    refs: dict = field(default_factory=dict)
    nested: bool = False
    created: bool = False
    instance: models.Model | None = None
    # The stored values the record would change, to tell an update from no change.
    before: dict = field(default_factory=dict)
    address_where: str = ""


@dataclass
class Plan:
    report: ImportReport
    records: dict[str, dict[uuid.UUID, Record]]
    existing: dict[str, dict[uuid.UUID, models.Model]]
    categories: dict[uuid.UUID, set[uuid.UUID]]
    stored_categories: dict[uuid.UUID, set[uuid.UUID]]


def _label(table: str) -> str:
    return table.rstrip("s") if table != "service_at_location" else table


def _check_rows(parsed: Parsed, report: ImportReport) -> dict[str, dict[uuid.UUID, Record]]:
    records: dict[str, dict[uuid.UUID, Record]] = {name: {} for name in TABLES}
    for table_name, rows in parsed.rows.items():
        if table_name == "":
            for row in rows:
                if "__cells__" in row.values:
                    found, expected = row.values["__cells__"]
                    report.refuse(
                        row.where,
                        _("the row has %(found)d cells; the header has %(expected)d.")
                        % {"found": found, "expected": expected},
                    )
                elif "__not_a_list__" in row.values:
                    report.refuse(
                        row.where,
                        _("“%(key)s” must be a list.") % {"key": row.values["__not_a_list__"]},
                    )
                else:
                    report.refuse(
                        row.where,
                        _("must be an HSDS object, not %(type)s.")
                        % {"type": _type_name(row.values["__not_an_object__"])},
                    )
            continue
        table = TABLES[table_name]
        for row in rows:
            record = _check_row(table, row, report)
            if record is None:
                continue
            seen = records[table_name].get(record.id)
            if seen is None:
                records[table_name][record.id] = record
            elif row.nested and seen.nested:
                _merge(seen, record, report)
            else:
                report.refuse(
                    row.where,
                    _("the %(kind)s id %(id)s appears twice (also at %(other)s).")
                    % {"kind": _label(table_name), "id": record.id, "other": seen.where},
                )
    return records


def _check_row(table: mapping.Table, row: Row, report: ImportReport):
    # A field the row does not state (a JSON key left out, a CSV column not there) is left as
    # it is; one stated empty (null, "") is emptied.
    problems = []
    raw_id = row.values.get("id")
    record_id = None
    if _blank(raw_id):
        problems.append(_("the id is missing."))
    else:
        try:
            record_id = _uuid(raw_id)
        except _Bad as error:
            problems.append(_("id %(reason)s.") % {"reason": error})
    values, refs = {}, {}
    for column in table.columns:
        if column.hsds not in row.values:
            continue
        try:
            value = _convert(column, row.values.get(column.hsds))
        except _Bad as error:
            problems.append(f"{column.hsds} {error}.")
            continue
        if column.kind == REFERENCE:
            refs[column.hsds] = value
        else:
            if isinstance(value, str) and len(value) > MAX_TEXT:
                problems.append(
                    _("%(field)s: keep this under %(limit)d characters.")
                    % {"field": column.hsds, "limit": MAX_TEXT}
                )
                continue
            values[column.name] = value
    for problem in problems:
        report.refuse(row.where, problem)
    if problems:
        return None
    return Record(table.name, record_id, row.where, values, refs, nested=row.nested)


def _merge(seen: Record, record: Record, report: ImportReport) -> None:
    for attribute in ("values", "refs"):
        mine, theirs = getattr(seen, attribute), getattr(record, attribute)
        for key, value in theirs.items():
            if value in (None, ""):
                continue
            if mine.get(key) in (None, ""):
                mine[key] = value
            elif mine[key] != value:
                report.refuse(
                    record.where,
                    _(
                        "the %(kind)s %(id)s appears again with another %(field)s "
                        "(first at %(other)s)."
                    )
                    % {
                        "kind": _label(record.table),
                        "id": record.id,
                        "field": key,
                        "other": seen.where,
                    },
                )


def _in_chunks(ids: Iterable, size: int = BATCH) -> Iterable[list]:
    ids = list(ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _existing(model, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, models.Model]:
    found = {}
    for chunk in _in_chunks(ids):
        found.update(model.objects.in_bulk(chunk))
    return found


def _known(model, ids: Iterable[uuid.UUID], *fields: str) -> dict[uuid.UUID, tuple]:
    """Ids of ``model`` already stored, with ``fields`` of each (one query per thousand)."""
    found = {}
    for chunk in _in_chunks(ids):
        for row in model.objects.filter(pk__in=chunk).values_list("pk", *fields):
            found[row[0]] = row[1:]
    return found


MODELS = {table.name: table.model for table in TABLES.values() if table.model is not None}


def plan(parsed: Parsed) -> Plan:
    report = ImportReport(format=parsed.format)
    report.not_kept.update(parsed.not_kept)
    report.notes.extend(parsed.notes)
    records = _check_rows(parsed, report)
    existing = {
        name: _existing(model, records[name]) for name, model in MODELS.items() if records[name]
    }
    resolver = _Resolver(records, existing, report)
    categories = resolver.resolve(parsed.states_categories)
    _validate_models(records, existing, report)
    _check_rules(records, existing, resolver, report)
    return Plan(report, records, existing, categories, _stored_categories(categories))


def _stored_categories(categories) -> dict[uuid.UUID, set[uuid.UUID]]:
    stored = defaultdict(set)
    through = Service.taxonomy_terms.through
    for chunk in _in_chunks(categories):
        rows = through.objects.filter(service_id__in=chunk)
        for service, term in rows.values_list("service_id", "taxonomyterm_id"):
            stored[service].add(term)
    return stored


class _Resolver:
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
            self.stored[target] = _known(MODELS[target], ids, *extra)

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
        for table_name in ("organizations", "taxonomy_terms", "services", "contacts"):
            table = TABLES[table_name]
            for record in list(self.records[table_name].values()):
                for column in table.references:
                    ref = record.refs.get(column.hsds)
                    if ref is None:
                        if column.required and record.id not in self.existing.get(table_name, {}):
                            report.refuse(
                                record.where,
                                _("%(field)s is missing: a %(kind)s needs one.")
                                % {"field": column.hsds, "kind": _label(table_name)},
                            )
                        continue
                    if self.known(column.target, ref):
                        record.values[column.attr] = ref
                    elif column.required:
                        report.refuse(
                            record.where,
                            _("%(field)s %(id)s names no %(kind)s in the file or the directory.")
                            % {"field": column.hsds, "id": ref, "kind": _label(column.target)},
                        )
                    else:
                        report.notes.append(
                            _("%(where)s: %(field)s %(id)s names no %(kind)s we know; left out.")
                            % {
                                "where": record.where,
                                "field": column.hsds,
                                "id": ref,
                                "kind": _label(column.target),
                            }
                        )
        self._locations()
        self._addresses()
        self._phones()
        self._contacts_belong()
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
                        % {"field": column.hsds, "id": ref, "kind": _label(column.target)},
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

    def _phones(self) -> None:
        for phone in self._rows_of("phones"):
            contact = self.records["contacts"].get(phone.refs.get("contact_id"))
            if contact is None or "phone" in contact.values:
                self.report.not_kept["phones"] += 1
                continue
            contact.values["phone"] = phone.values.get("number", "")

    def _contacts_belong(self) -> None:
        for contact in self.records["contacts"].values():
            links = ("organization_id", "service_id", "location_id")
            if contact.id in self.existing.get("contacts", {}):
                continue
            if not any(contact.values.get(name) for name in links):
                self.report.refuse(
                    contact.where,
                    _("the contact belongs to no organization, service or location we know."),
                )

    def _categories(self, states_categories: set) -> dict[uuid.UUID, set[uuid.UUID]]:
        categories = {}
        for ref in states_categories:
            service = _safe_uuid(ref)
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


def _safe_uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _validate_models(records, existing, report: ImportReport) -> None:
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


def _check_rules(records, existing, resolver: _Resolver, report: ImportReport) -> None:
    """The directory's rules across fields and rows (what its constraints would refuse)."""
    for service in records["services"].values():
        instance = service.instance
        if instance is None:
            continue
        low, high = instance.minimum_age, instance.maximum_age
        if low is not None and high is not None and low > high:
            report.refuse(service.where, _("minimum_age is more than maximum_age."))
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


def _check_parents(records, existing, report: ImportReport) -> None:
    parents = {}
    for organization in records["organizations"].values():
        instance = organization.instance
        if instance is not None:
            parents[organization.id] = instance.parent_organization_id
    for start, record in records["organizations"].items():
        seen, current = {start}, parents.get(start)
        while current is not None and current in parents:
            if current in seen:
                report.refuse(record.where, _("the organization sits under itself."))
                break
            seen.add(current)
            current = parents[current]


# --- writing ----------------------------------------------------------------------------------


def apply(plan: Plan) -> ImportReport:
    """Write a plan with no problem. Call inside a transaction (``directory.services``)."""
    report = plan.report
    assert report.ok
    now = timezone.now()
    for table_name in mapping.WRITTEN:
        model = MODELS[table_name]
        new, changed, fields = [], [], set()
        for record in plan.records[table_name].values():
            instance = record.instance
            if record.created:
                if hasattr(instance, "last_modified") and "last_modified" not in record.values:
                    instance.last_modified = now
                new.append(instance)
                continue
            differ = [name for name, value in record.values.items() if record.before[name] != value]
            if record.table == "services" and record.id in plan.categories:
                stated, stored = plan.categories[record.id], plan.stored_categories
                if stored.get(record.id, set()) != stated:
                    differ.append("taxonomy_terms")
            if differ:
                if hasattr(instance, "last_modified") and "last_modified" not in record.values:
                    instance.last_modified = now
                    differ.append("last_modified")
                fields.update(name for name in differ if name != "taxonomy_terms")
                changed.append(instance)
                report.updated[table_name] += 1
            else:
                report.unchanged[table_name] += 1
        if new:
            model.objects.bulk_create(new, batch_size=BATCH)
            report.created[table_name] += len(new)
        if changed and fields:
            _bulk_update(model, changed, sorted(fields))
    _write_categories(
        {
            service: terms
            for service, terms in plan.categories.items()
            if plan.stored_categories.get(service, set()) != terms
        }
    )
    return report


def _bulk_update(model, instances: list, fields: list[str]) -> None:
    """Django's ``bulk_update`` builds a CASE per field and row, seconds of Python for 20,000
    services; on PostgreSQL one ``UPDATE ... FROM (VALUES ...)`` per thousand rows does it."""
    if connection.vendor != "postgresql":
        model.objects.bulk_update(instances, fields, batch_size=BATCH)
        return
    quote = connection.ops.quote_name
    pk = model._meta.pk
    columns = [model._meta.get_field(name) for name in fields]
    row = "(" + ", ".join(f"%s::{field.db_type(connection)}" for field in [pk, *columns]) + ")"
    names = ", ".join(quote(field.column) for field in [pk, *columns])
    sets = ", ".join(f"{quote(field.column)} = v.{quote(field.column)}" for field in columns)
    table, key = quote(model._meta.db_table), quote(pk.column)
    with connection.cursor() as cursor:
        for chunk in _in_chunks(instances):
            params = []
            for instance in chunk:
                params.append(pk.get_db_prep_save(instance.pk, connection))
                params.extend(
                    field.get_db_prep_save(getattr(instance, field.attname), connection)
                    for field in columns
                )
            cursor.execute(
                f"UPDATE {table} AS t SET {sets} "  # noqa: S608 - names from the model
                f"FROM (VALUES {', '.join([row] * len(chunk))}) AS v({names}) "
                f"WHERE t.{key} = v.{key}",
                params,
            )


def _write_categories(categories: dict[uuid.UUID, set[uuid.UUID]]) -> None:
    if not categories:
        return
    through = Service.taxonomy_terms.through
    for chunk in _in_chunks(categories):
        through.objects.filter(service_id__in=chunk).delete()
    through.objects.bulk_create(
        [
            through(service_id=service, taxonomyterm_id=term)
            for service, terms in categories.items()
            for term in terms
        ],
        batch_size=BATCH,
    )
