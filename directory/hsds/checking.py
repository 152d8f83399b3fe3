"""Checking the rows read: each value against its HSDS type, each row's id, repeats of a
record; then the stored records they match, read in bulk. Every problem is collected in the
report, not only the first."""

import datetime
import decimal
import functools
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from alongside.limits import MAX_TEXT
from directory.hsds import mapping
from directory.hsds.mapping import DATETIME, INTEGER, NUMBER, REFERENCE, TABLES, TEXT
from directory.hsds.reading import Parsed, Row
from directory.hsds.report import ImportReport
from directory.models import Service

BATCH = 1000


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


def label(table: str) -> str:
    return table.rstrip("s") if table != "service_at_location" else table


def check_rows(parsed: Parsed, report: ImportReport) -> dict[str, dict[uuid.UUID, Record]]:
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
            record = check_row(table, row, report)
            if record is None:
                continue
            seen = records[table_name].get(record.id)
            if seen is None:
                records[table_name][record.id] = record
            elif row.nested and seen.nested:
                merge(seen, record, report)
            else:
                report.refuse(
                    row.where,
                    _("the %(kind)s id %(id)s appears twice (also at %(other)s).")
                    % {"kind": label(table_name), "id": record.id, "other": seen.where},
                )
    return records


def check_row(table: mapping.Table, row: Row, report: ImportReport):
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


def merge(seen: Record, record: Record, report: ImportReport) -> None:
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
                        "kind": label(record.table),
                        "id": record.id,
                        "field": key,
                        "other": seen.where,
                    },
                )


def in_chunks(ids: Iterable, size: int = BATCH) -> Iterable[list]:
    ids = list(ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def existing_records(model, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, models.Model]:
    found = {}
    for chunk in in_chunks(ids):
        found.update(model.objects.in_bulk(chunk))
    return found


def known_ids(model, ids: Iterable[uuid.UUID], *fields: str) -> dict[uuid.UUID, tuple]:
    """Ids of ``model`` already stored, with ``fields`` of each (one query per thousand)."""
    found = {}
    for chunk in in_chunks(ids):
        for row in model.objects.filter(pk__in=chunk).values_list("pk", *fields):
            found[row[0]] = row[1:]
    return found


MODELS = {table.name: table.model for table in TABLES.values() if table.model is not None}


def safe_uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def stored_categories(categories) -> dict[uuid.UUID, set[uuid.UUID]]:
    """The categories stored now for the services whose categories the upload states."""
    stored = defaultdict(set)
    through = Service.taxonomy_terms.through
    for chunk in in_chunks(categories):
        rows = through.objects.filter(service_id__in=chunk)
        for service, term in rows.values_list("service_id", "taxonomyterm_id"):
            stored[service].add(term)
    return stored
