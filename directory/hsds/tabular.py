"""The HSDS tabular data package: ``datapackage.json`` and one CSV per table, zipped.

Reading guards the zip before trusting it: no member outside the package (``..``, absolute
paths), a cap on members and on the bytes they unpack to (counted as they unpack, since a
zip's own figures can lie), and strict CSV. Writing neutralises spreadsheet formulas: a cell
that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) gets a leading
apostrophe, so a spreadsheet opening the export shows text instead of running it.
"""

import csv
import io
import json
import posixpath
import zipfile
import zlib

from django.conf import settings
from django.utils.translation import gettext as _

from directory.hsds import mapping
from directory.hsds.encoding import BYTE_ORDER_MARK, shown, utf8_text
from directory.hsds.reading import Parsed
from directory.hsds.report import Refused

MAX_MEMBERS = 100
# Some HSDS cells are long (descriptions); CSV's default 128 KB field cap stays.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
KNOWN = set(mapping.TABLES) | set(mapping.NOT_KEPT)


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def read_package(data: bytes) -> Parsed:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except UnicodeDecodeError as error:
        # The member's name is flagged as UTF-8 and is not.
        raise Refused(_("The archive names a file in broken UTF-8: it cannot be read.")) from error
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        raise Refused(_("The file is not a readable zip archive.")) from error
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise Refused(
            _("The archive has %(count)d files; a package has at most %(limit)d.")
            % {"count": len(members), "limit": MAX_MEMBERS}
        )
    files = {}
    for member in members:
        name = member.filename
        if _outside(name):
            raise Refused(
                _("The archive names a file outside the package (%(name)s): refused.")
                % {"name": name[:100]}
            )
        if member.is_dir():
            continue
        base = posixpath.basename(name)
        if base in files:
            raise Refused(_("The archive has two files called %(name)s.") % {"name": base})
        files[base] = member
    budget = settings.HSDS_IMPORT_MAX_UNZIPPED_BYTES
    if sum(member.file_size for member in files.values()) > budget:
        raise Refused(_unzipped_too_large(budget))
    if "datapackage.json" not in files and not any(
        name.removesuffix(".csv") in mapping.TABLES for name in files
    ):
        raise Refused(
            _("The archive is not an HSDS package: no datapackage.json and no organizations.csv.")
        )
    parsed = Parsed("tabular")
    for base, member in sorted(files.items()):
        table = base.removesuffix(".csv")
        if base == "datapackage.json" or not base.endswith(".csv") or table not in KNOWN:
            if base != "datapackage.json":
                parsed.notes.append(_("%(name)s is not an HSDS table; not read.") % {"name": base})
            continue
        raw, budget = _unpack(archive, member, budget)
        if table in mapping.TABLES:
            _read_csv(parsed, table, base, raw)
        else:
            parsed.not_kept[table] += _count_rows(base, raw)
    return parsed


def _outside(name: str) -> bool:
    normal = name.replace("\\", "/")
    return (
        normal.startswith("/")
        or (len(normal) > 1 and normal[1] == ":")
        or ".." in normal.split("/")
    )


def _unzipped_too_large(budget: int) -> str:
    return _("The archive unpacks to more than %(limit)s MB: refused.") % {
        "limit": f"{budget / (1024 * 1024):g}"
    }


def _unpack(archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: int) -> tuple[bytes, int]:
    if member.flag_bits & 0x1:
        raise Refused(
            _("%(name)s in the archive is encrypted: upload it without a password.")
            % {"name": posixpath.basename(member.filename)}
        )
    chunks = []
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(64 * 1024):
                budget -= len(chunk)
                if budget < 0:
                    raise Refused(_unzipped_too_large(settings.HSDS_IMPORT_MAX_UNZIPPED_BYTES))
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise Refused(
            _("%(name)s in the archive is damaged or compressed in a way we cannot read.")
            % {"name": posixpath.basename(member.filename)}
        ) from error
    return b"".join(chunks), budget


def _rows(name: str, raw: bytes):
    reader = csv.reader(io.StringIO(utf8_text(raw, name), newline=""), strict=True)
    try:
        yield from reader
    except csv.Error as error:
        raise Refused(
            _("%(name)s is not valid CSV at line %(line)d: %(reason)s.")
            % {"name": name, "line": reader.line_num, "reason": error}
        ) from error


def _count_rows(name: str, raw: bytes) -> int:
    return max(0, sum(1 for _row in _rows(name, raw)) - 1)


def _read_csv(parsed: Parsed, table: str, name: str, raw: bytes) -> None:
    rows = _rows(name, raw)
    header = next(rows, None)
    if header is None:
        return
    header = _header(name, header)
    if "id" not in header:
        raise Refused(_("%(name)s has no id column.") % {"name": name})
    known = {column.hsds for column in mapping.TABLES[table].columns} | {"id"}
    unknown = [cell for cell in header if cell and cell not in known]
    if unknown:
        parsed.not_kept[f"{table} columns"] += len(unknown)
    # Translated once per file: a package has tens of thousands of rows.
    label = _("%(name)s row %(number)s") % {"name": name, "number": "{}"}
    for number, row in enumerate(rows, start=2):
        where = label.format(number)
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            parsed.add("", {"__cells__": (len(row), len(header))}, where)
            continue
        cells = [restored(cell) for cell in row]
        parsed.add(table, dict(zip(header, cells, strict=True)), where)


def _header(name: str, cells: list[str]) -> list[str]:
    header = [cell.strip().strip(BYTE_ORDER_MARK) for cell in cells]
    seen = set()
    for number, cell in enumerate(header, start=1):
        if not cell.isprintable():
            message = _("%(name)s: column %(number)d of the header (“%(cell)s”) holds a %(what)s.")
            what = _("control character")
            raise Refused(
                message % {"name": name, "number": number, "cell": shown(cell), "what": what}
            )
        if cell and cell in seen:
            raise Refused(
                _("%(name)s: the header names “%(cell)s” twice.") % {"name": name, "cell": cell}
            )
        seen.add(cell)
    return header


# --- writing ----------------------------------------------------------------------------------


def neutralised(value) -> str:
    """A cell as text a spreadsheet will not run as a formula."""
    if value is None:
        return ""
    if not isinstance(value, str):
        # Numbers stay numbers: a negative latitude is not a formula.
        return str(value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restored(cell: str) -> str:
    """Undo ``neutralised`` on import, so an export imports back to the same text."""
    if cell.startswith("'") and cell[1:2] and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def write_package(tables: dict[str, list[dict]]) -> bytes:
    """The package as a zip: datapackage.json and one CSV per table (header always written)."""
    buffer = io.BytesIO()
    resources = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, rows in tables.items():
            columns = ["id", *(column.hsds for column in mapping.TABLES[name].columns)]
            out = io.StringIO(newline="")
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow([neutralised(row.get(column)) for column in columns])
            archive.writestr(f"{name}.csv", out.getvalue().encode("utf-8"))
            resources.append(
                {
                    "name": name,
                    "path": f"{name}.csv",
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "schema": {"fields": [{"name": column} for column in columns]},
                }
            )
        package = {
            "name": "alongside-partner-directory",
            "profile": "tabular-data-package",
            "title": "Partner directory (HSDS 3.0)",
            "version": "3.0",
            "resources": resources,
        }
        archive.writestr("datapackage.json", json.dumps(package, indent=2))
    return buffer.getvalue()
