"""A ``Report`` as a CSV or XLSX file to share outside the organization.

Both files open with the same header block (title, period, filters in words, the suppression
threshold and what it means, when and by which version of the code it was generated), then
each table under its caption. A hidden cell is the words "fewer than N", never its count: the
report holds no count to write (``reports.results.HIDDEN``).
"""

import csv
import io
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from reports.results import HIDDEN, Cell, Report, Table
from reports.serialize import hidden_words
from reports.suppression import hidden_note

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet reads a text cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    """Text a spreadsheet shows as text: a leading formula character is escaped with ``'``."""
    text = str(text)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def filename(report: Report, extension: str) -> str:
    return (
        f"alongside-{report.kind}-report-"
        f"{report.period_start.isoformat()}-to-{report.period_end.isoformat()}.{extension}"
    )


def threshold_words(report: Report) -> str:
    return hidden_note(report.threshold)


def header_rows(report: Report) -> list[tuple[str, str]]:
    generated = (
        timezone.localtime(report.generated_at)
        if timezone.is_aware(report.generated_at)
        else report.generated_at
    )
    rows = [
        (_("Report"), str(report.title)),
        (
            _("Period"),
            _("%(start)s to %(end)s")
            % {
                "start": report.period_start.isoformat(),
                "end": report.period_end.isoformat(),
            },
        ),
    ]
    if report.filter_labels:
        for name, words in report.filter_labels.items():
            rows.append((_("Filter: %(name)s") % {"name": name}, str(words)))
    else:
        rows.append((_("Filters"), _("none")))
    rows += [
        (_("Suppression threshold"), str(report.threshold)),
        (_("Suppression"), threshold_words(report)),
        (_("Generated"), generated.strftime("%Y-%m-%d %H:%M %Z").strip()),
        (_("Code version"), report.code_version or _("unknown")),
    ]
    if report.records_hash:
        rows.append((_("Records counted (fingerprint)"), report.records_hash))
    for note in report.notes:
        if str(note) != threshold_words(report):
            rows.append((_("Note"), str(note)))
    return rows


def cell_text(cell: Cell, table: Table, threshold: int) -> str | int | float:
    if cell is HIDDEN:
        return hidden_words(threshold)
    if cell is None:
        return _("not applicable")
    if table.kind == "percent" and isinstance(cell, float):
        return round(cell, 1)
    return cell


def table_rows(report: Report, table: Table) -> Iterator[list]:
    yield [str(table.title)]
    if table.note:
        yield [str(table.note)]
    yield [str(table.row_header), *(str(column.label) for column in table.columns)]
    for row in table.rows:
        yield [str(row.label), *(cell_text(cell, table, report.threshold) for cell in row.cells)]


def report_csv(report: Report) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for name, value in header_rows(report):
        writer.writerow([neutralised(name), neutralised(value)])
    for table in report.tables:
        writer.writerow([])
        for row in table_rows(report, table):
            writer.writerow([neutralised(v) if isinstance(v, str) else v for v in row])
    # A byte-order mark: spreadsheet programs then read the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def report_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    about = workbook.active
    about.title = _("About")[:31]
    bold = Font(bold=True)
    for name, value in header_rows(report):
        # Text cells typed as text: openpyxl would otherwise store "=..." as a formula.
        about.append([neutralised(name), neutralised(value)])
        about.cell(row=about.max_row, column=1).font = bold
    about.column_dimensions["A"].width = 30
    about.column_dimensions["B"].width = 80
    for index, table in enumerate(report.tables, start=1):
        sheet = workbook.create_sheet(_sheet_title(table, index))
        for number, row in enumerate(table_rows(report, table), start=1):
            sheet.append([neutralised(v) if isinstance(v, str) else v for v in row])
            if number == 1:
                sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
        sheet.column_dimensions["A"].width = 36
    buffer = io.BytesIO()
    workbook.properties.title = str(report.title)
    workbook.properties.created = timezone.now().replace(tzinfo=None)
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(table: Table, index: int) -> str:
    # Sheet names: at most 31 characters, none of []:*?/\ .
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in str(table.title)).strip()
    return f"{index} {cleaned}"[:31]


WRITERS = {
    "csv": (report_csv, CSV_CONTENT_TYPE),
    "xlsx": (report_xlsx, XLSX_CONTENT_TYPE),
}


def report_file(report: Report, file_format: str) -> tuple[bytes, str, str]:
    """The file's bytes, content type and name."""
    writer, content_type = WRITERS[file_format]
    return writer(report), content_type, filename(report, file_format)
