"""What a report gives: tables of counts (and a few statistics), already suppressed.

Every report (``reports.referral_report``, ``reports.funder_report``) returns a ``Report``.
Nothing leaves the organization but a ``Report``: the page, the charts, CSV, XLSX and the API
all render one, so the one suppression step (``reports.suppression``) that built it covers
them all. A ``Report`` carries counts and category codes only: never a name, a case number or
any value of an encrypted field.

A cell is an ``int`` (shown as is), ``HIDDEN`` (a count from 1 to the threshold, or a count
hidden so that such a count cannot be worked out from totals: shown as "fewer than N" or as
"hidden"), or ``None`` (not applicable: a statistic over no rows).
"""

import datetime
from dataclasses import dataclass, field
from typing import Any


class _Hidden:
    """A suppressed cell. One object, so ``cell is HIDDEN`` and JSON as ``null`` with a flag."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "HIDDEN"

    def __bool__(self) -> bool:
        return False


HIDDEN = _Hidden()

Cell = int | float | _Hidden | None


@dataclass(frozen=True)
class Column:
    code: str  # stable, for files and the API ("accepted", "2026-03", "total")
    label: str  # translated, for people


@dataclass(frozen=True)
class Row:
    code: str  # a category code, an organization's id, a month — never a survivor's
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """One table. ``kind`` says what its cells are: "count" (suppressed counts), "percent",
    "days" (a statistic over a group, given only when the group has more than the threshold
    rows) or "text"."""

    key: str
    title: str
    row_header: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    kind: str = "count"
    # Whether the last row and the last column are totals (suppression treats them so).
    has_totals: bool = False
    note: str = ""
    # A chart of this table, if one helps: "bar" (rows as bars, first column), "stacked"
    # (rows as bars, columns stacked) or "line" (columns along time). Empty: table only.
    chart: str = ""


@dataclass(frozen=True)
class Report:
    kind: str  # "referral" or "funder"
    title: str
    period_start: datetime.date
    period_end: datetime.date  # inclusive
    filters: dict[str, Any]  # codes and ids as given, after validation
    filter_labels: dict[str, str]  # the same filters in words, for files and pages
    threshold: int
    generated_at: datetime.datetime
    tables: tuple[Table, ...]
    code_version: str = ""
    # For funder packs: a hash of the set of records counted (``reports.packs``).
    records_hash: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)
