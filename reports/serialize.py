"""A ``Report`` as JSON and back, for a run's stored result and the API.

A hidden cell is ``{"hidden": true}``, distinct from ``0`` (nothing counted) and ``null`` (not
applicable): loading gives back ``HIDDEN``, never a number, so a stored result can only be shown
as hidden. ``report_to_json(report, shown=True)`` adds the words a person sees
(``"shown": "fewer than 5 or hidden"``) for the API.
"""

import datetime
from typing import Any

from reports.results import HIDDEN, Cell, Column, Report, Row, Table
from reports.suppression import hidden_wording

FORMAT_VERSION = 1


def hidden_words(threshold: int) -> str:
    """How a hidden cell reads on every surface (page, files, API): the suppression step's
    one wording for every hidden cell ("fewer than 5 or hidden"). A complementary cell may hold
    any count, so saying "fewer than 5" of it would be false, and telling the two kinds apart
    would let a reader pin totals (``reports.suppression``, "What a reader can tell")."""
    return hidden_wording(threshold)


def cell_to_json(cell: Cell, *, threshold: int | None = None) -> Any:
    if cell is HIDDEN:
        if threshold is None:
            return {"hidden": True}
        return {"hidden": True, "shown": hidden_words(threshold)}
    if cell is None or isinstance(cell, bool):
        # A bool is an int to Python; a report never holds one, so it is a bug, not a count.
        if cell is None:
            return None
        raise TypeError("A report cell is never a bool.")
    if isinstance(cell, int | float):
        return cell
    raise TypeError(f"A report cell is a number, HIDDEN or None, not {type(cell).__name__}.")


def cell_from_json(value: Any) -> Cell:
    if isinstance(value, dict):
        if value.get("hidden") is True:
            return HIDDEN
        raise ValueError("A cell object must be a hidden cell.")
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    raise ValueError(f"Not a report cell: {type(value).__name__}")


def report_to_json(report: Report, *, shown: bool = False) -> dict:
    threshold = report.threshold if shown else None
    return {
        "format": FORMAT_VERSION,
        "kind": report.kind,
        "title": str(report.title),
        "period_start": report.period_start.isoformat(),
        "period_end": report.period_end.isoformat(),
        "filters": report.filters,
        "filter_labels": {key: str(value) for key, value in report.filter_labels.items()},
        "threshold": report.threshold,
        "generated_at": report.generated_at.isoformat(),
        "code_version": report.code_version,
        "records_hash": report.records_hash,
        "notes": [str(note) for note in report.notes],
        "tables": [
            {
                "key": table.key,
                "title": str(table.title),
                "row_header": str(table.row_header),
                "kind": table.kind,
                "has_totals": table.has_totals,
                "note": str(table.note),
                "chart": table.chart,
                "columns": [
                    {"code": column.code, "label": str(column.label)} for column in table.columns
                ],
                "rows": [
                    {
                        "code": row.code,
                        "label": str(row.label),
                        "cells": [cell_to_json(cell, threshold=threshold) for cell in row.cells],
                    }
                    for row in table.rows
                ],
            }
            for table in report.tables
        ],
    }


def report_from_json(data: dict) -> Report:
    if data.get("format") != FORMAT_VERSION:
        raise ValueError("A stored report in a format this version cannot read.")
    return Report(
        kind=data["kind"],
        title=data["title"],
        period_start=datetime.date.fromisoformat(data["period_start"]),
        period_end=datetime.date.fromisoformat(data["period_end"]),
        filters=data["filters"],
        filter_labels=data["filter_labels"],
        threshold=data["threshold"],
        generated_at=datetime.datetime.fromisoformat(data["generated_at"]),
        code_version=data.get("code_version", ""),
        records_hash=data.get("records_hash", ""),
        notes=tuple(data.get("notes", ())),
        tables=tuple(
            Table(
                key=table["key"],
                title=table["title"],
                row_header=table["row_header"],
                kind=table["kind"],
                has_totals=table["has_totals"],
                note=table["note"],
                chart=table["chart"],
                columns=tuple(Column(c["code"], c["label"]) for c in table["columns"]),
                rows=tuple(
                    Row(
                        code=row["code"],
                        label=row["label"],
                        cells=tuple(cell_from_json(cell) for cell in row["cells"]),
                    )
                    for row in table["rows"]
                ),
            )
            for table in data["tables"]
        ),
    )
