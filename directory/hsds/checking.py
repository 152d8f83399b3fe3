"""Checking the rows read: each value against its HSDS type, each row's id, repeats of a
record; then the stored records they match, read in bulk. Every problem is collected in the
report, not only the first."""

import datetime
import decimal
import functools
import re
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from alongside.limits import MAX_TEXT
from directory.hsds import mapping
from directory.hsds.encoding import MAX_INTEGER_DIGITS, OddNumber, shown, unstorable
from directory.hsds.mapping import DATE, DATETIME, INTEGER, NUMBER, REFERENCE, TABLES, TEXT
from directory.hsds.reading import Parsed, Row
from directory.hsds.report import ImportReport
from directory.models import Service

BATCH = 1000


def _type_name(value) -> str:
    if isinstance(value, bool):
        return _("true or false")
    if isinstance(value, (int, float, OddNumber)):
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
        raise _Bad(_("“%(value)s” is not a UUID") % {"value": shown(value)})
    return parsed


@functools.lru_cache(maxsize=65_536)
def _parsed_uuid(text: str) -> uuid.UUID | None:
    # A package names most ids twice or more (a service's id, then in its links): parsing is
    # the costliest step of reading a row, so each text is parsed once.
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


INTEGER_TEXT = re.compile(r"[+-]?[0-9]+")
# Whole digits a NUMBER may have before the directory's widest (latitude's 3) is far behind:
# past this, quantizing to six places would overflow the decimal context.
MAX_NUMBER_EXPONENT = 20


def _text(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _Bad(_("must be text, not %(type)s") % {"type": _type_name(value)})
    problem = unstorable(value)
    if problem:
        raise _Bad(problem)
    return value.strip()


def _too_large(value: OddNumber) -> _Bad:
    if value.text.lstrip("-").isdigit():
        return _Bad(_("is a number of %(digits)d digits: too large") % {"digits": value.digits})
    return _Bad(_("is too large a number"))


def _integer(value) -> int:
    if isinstance(value, str):
        text = value.strip()
        if not INTEGER_TEXT.fullmatch(text):
            raise _Bad(_("must be a whole number"))
        if len(text.lstrip("+-")) > MAX_INTEGER_DIGITS:
            raise _Bad(
                _("is a number of %(digits)d digits: too large")
                % {"digits": len(text.lstrip("+-"))}
            )
        return int(text)
    if isinstance(value, OddNumber):
        if value.constant:
            raise _Bad(_("must be a whole number, not %(value)s") % {"value": value.text})
        raise _too_large(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Bad(_("must be a whole number, not %(type)s") % {"type": _type_name(value)})
    if isinstance(value, float) and not value.is_integer():
        raise _Bad(_("must be a whole number"))
    return int(value)


def _number(value, places: int) -> decimal.Decimal:
    if isinstance(value, OddNumber):
        if value.constant:
            raise _Bad(_("must be a number, not %(value)s") % {"value": value.text})
        raise _too_large(value)
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise _Bad(_("must be a number, not %(type)s") % {"type": _type_name(value)})
    try:
        number = decimal.Decimal(str(value).strip())
    except decimal.InvalidOperation as error:
        raise _Bad(_("must be a number")) from error
    if not number.is_finite():
        raise _Bad(_("must be a number"))
    if number and number.adjusted() > MAX_NUMBER_EXPONENT:
        raise _Bad(_("is too large a number"))
    return number.quantize(decimal.Decimal(1).scaleb(-places))


def _moment(value) -> datetime.datetime:
    moment = None
    if isinstance(value, str):
        try:
            moment = parse_datetime(value.strip())
        except ValueError:
            # Well formed but no such moment (30 February, an offset of 99 hours).
            moment = None
    if moment is None:
        raise _Bad(_("must be a date and time (ISO 8601)"))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    try:
        # Stored in UTC: a moment Python cannot hold there could be written but never read.
        moment.astimezone(datetime.UTC)
    except OverflowError as error:
        raise _Bad(_("is out of range (years 1 to 9999, in UTC)")) from error
    return moment


def _day(value) -> datetime.date:
    day = None
    if isinstance(value, str):
        try:
            day = parse_date(value.strip())
        except ValueError:
            day = None  # well formed but no such day
    if day is None:
        raise _Bad(_("must be a date (YYYY-MM-DD)"))
    return day


def _convert(column: mapping.Column, value):
    """An HSDS value (JSON typed, or CSV text) as the directory stores it, or ``_Bad``."""
    if column.kind == TEXT:
        return _text(value)
    if _blank(value):
        return None
    if column.kind == REFERENCE:
        return _uuid(value)
    if column.kind == INTEGER:
        return _integer(value)
    if column.kind == NUMBER:
        return _number(value, column.places)
    if column.kind == DATETIME:
        return _moment(value)
    if column.kind == DATE:
        return _day(value)
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
