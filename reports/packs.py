"""Reproducible funder packs (issue 13, part 6).

A pack records the parameters of a funder report, ``REPORT_CODE_VERSION`` and a hash of the
set of records the period's cubes counted — every case served, referral sent, referral
received, service, session and measure of the period, as (id, update marker) pairs, hashed in
the database on PostgreSQL (``md5(string_agg(...))``, one query per kind of record, no row
read into Python) and from ids and markers only elsewhere. The hash covers the whole
organization even for one program's pack: which cells are hidden depends on the whole cube.

``pack_regenerate`` runs the report again with the pack's parameters: the same numbers, or the
list of what changed (cells, which kinds of records changed, the code version).
"""

import dataclasses
import datetime
import hashlib
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import CharField, Func, Value
from django.db.models.functions import Cast, Coalesce, Concat

from cases.models import ServiceRecord
from clinicians.models import MeasureAdministration, SessionParticipation
from referrals.models import ReceivedReferral
from reports.funder_report import funder_report, served_cases
from reports.parameters import ReportParameters
from reports.referral_report import sent_in
from reports.results import HIDDEN, Report
from reports.version import REPORT_CODE_VERSION


def _record_sets(start, end):
    """Every kind of record the period's reports count, with the field that changes when the
    record does (a version, or the moment it was recorded, plus what is counted of it)."""
    return {
        "survivors": (served_cases(start, end), ("version", "status", "closed_at")),
        "referrals": (sent_in(start, end), ("version", "status")),
        "received": (
            ReceivedReferral.objects.filter(received_on__gte=start, received_on__lte=end),
            ("received_on", "organization_id"),
        ),
        "services": (
            ServiceRecord.objects.filter(provided_on__gte=start, provided_on__lte=end),
            ("provided_on", "category"),
        ),
        "sessions": (
            SessionParticipation.objects.filter(held_on__gte=start, held_on__lte=end),
            ("held_on", "attendance"),
        ),
        "measures": (
            MeasureAdministration.objects.filter(
                administered_on__gte=start, administered_on__lte=end
            ),
            ("administered_on", "meaningful_change", "change_direction"),
        ),
    }


class _MD5(Func):
    function = "MD5"
    output_field = CharField()


def _hash_part(queryset, markers) -> str:
    if connection.vendor == "postgresql":
        from django.contrib.postgres.aggregates import StringAgg

        parts = [Cast("pk", CharField())]
        for marker in markers:
            parts += [Value(":"), Coalesce(Cast(marker, CharField()), Value(""))]
        found = queryset.order_by().aggregate(
            digest=_MD5(StringAgg(Concat(*parts, output_field=CharField()), ",", order_by="pk"))
        )["digest"]
        return found or hashlib.md5(b"", usedforsecurity=False).hexdigest()
    digest = hashlib.md5(usedforsecurity=False)
    first = True
    for row in queryset.order_by("pk").values_list("pk", *markers):
        digest.update(((" " if first else ",") + ":".join(str(v) for v in row)).encode())
        first = False
    return digest.hexdigest()


def records_hashes(start, end) -> tuple[str, dict[str, str]]:
    """The hash of the period's records, and one per kind of record."""
    parts = {
        name: _hash_part(queryset, markers)
        for name, (queryset, markers) in _record_sets(start, end).items()
    }
    combined = hashlib.sha256(
        "|".join(f"{name}={parts[name]}" for name in sorted(parts)).encode()
    ).hexdigest()
    return combined, parts


def report_numbers(report: Report) -> dict:
    """A report's tables as plain JSON: a hidden cell as "hidden", not applicable as null."""
    return {
        table.key: {
            "columns": [column.code for column in table.columns],
            "rows": {
                row.code: ["hidden" if cell is HIDDEN else cell for cell in row.cells]
                for row in table.rows
            },
            "labels": {row.code: row.label for row in table.rows},
            "column_labels": {column.code: column.label for column in table.columns},
        }
        for table in report.tables
    }


@dataclass
class PackComparison:
    same: bool
    changes: list[str] = field(default_factory=list)
    records_changed: list[str] = field(default_factory=list)
    code_version_changed: bool = False
    report: Report | None = None


def compare_numbers(before: dict, after: dict) -> list[str]:
    """What changed between two sets of numbers, in words (labels and codes only)."""
    changes = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old is None or new is None:
            changes.append(f"{key}: table {'added' if old is None else 'removed'}")
            continue
        for code in list(dict.fromkeys([*old["rows"], *new["rows"]])):
            old_row, new_row = old["rows"].get(code), new["rows"].get(code)
            label = (new.get("labels") or old.get("labels") or {}).get(code, code)
            if old_row == new_row:
                continue
            if old_row is None or new_row is None:
                changes.append(f"{key} / {label}: row {'added' if old_row is None else 'removed'}")
                continue
            columns = new["columns"]
            for index, column in enumerate(columns):
                was = old_row[index] if index < len(old_row) else None
                now = new_row[index] if index < len(new_row) else None
                if was != now:
                    changes.append(f"{key} / {label} / {column}: {was} → {now}")
    return changes


def parameters_of(pack) -> ReportParameters:
    stored = pack.parameters
    return ReportParameters(
        kind="funder",
        period_start=datetime.date.fromisoformat(stored["period_start"]),
        period_end=datetime.date.fromisoformat(stored["period_end"]),
        threshold=int(stored["threshold"]),
        program=pack.program_id,
    )


def pack_contents(parameters: ReportParameters) -> tuple[Report, dict]:
    """The report and everything a pack stores about it."""
    combined, parts = records_hashes(parameters.period_start, parameters.period_end)
    report = funder_report(parameters)
    report = dataclasses.replace(report, records_hash=combined)
    return report, {
        "records_hash": combined,
        "part_hashes": parts,
        "numbers": report_numbers(report),
        "code_version": REPORT_CODE_VERSION,
    }
