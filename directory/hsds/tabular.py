"""The HSDS tabular data package: ``datapackage.json`` and one CSV per table, zipped.

Reading guards the zip before trusting it: no member outside the package (``..``, absolute
paths), a cap on members and on the bytes they unpack to (counted as they unpack, since a
zip's own figures can lie), and strict CSV. Tables are found by the resources
``datapackage.json`` names (in the singular, as HSDS 3.0 names them, or in the plural) and
otherwise by their HSDS file names; an older HSDS version is refused by name (``versions``).

Writing follows HSDS 3.0's own package: its file names, its resource names, each column's type
and constraints. Text that would run as a spreadsheet formula is escaped (``formulas``).
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
from directory.hsds.encoding import BYTE_ORDER_MARK, json_loads, shown, utf8_text
from directory.hsds.formulas import neutralised, restored
from directory.hsds.reading import Parsed
from directory.hsds.report import Refused

MAX_MEMBERS = 100
# Some HSDS cells are long (descriptions); CSV's default 128 KB field cap stays.
KNOWN = set(mapping.TABLES) | set(mapping.NOT_KEPT)


def is_zip(data: bytes) -> bool:
    # A zip starts with its first member's header, or, holding nothing, with its directory's end.
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def read_package(data: bytes) -> Parsed:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except UnicodeDecodeError as error:
        # The member's name is flagged as UTF-8 and is not.
        raise Refused(_("The archive names a file in broken UTF-8: it cannot be read.")) from error
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        raise Refused(_("The file is not a readable zip archive.")) from error
    members = archive.infolist()
    if not members:
        raise Refused(
            _("The archive is empty: an HSDS package has datapackage.json and its CSV files.")
        )
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
                % {"name": shown(name, 100)}
            )
        if member.is_dir():
            continue
        base = posixpath.basename(name)
        if base in files:
            raise Refused(
                _("The archive has two files called %(name)s.") % {"name": shown(base, 100)}
            )
        files[base] = member
    budget = settings.HSDS_IMPORT_MAX_UNZIPPED_BYTES
    if sum(member.file_size for member in files.values()) > budget:
        raise Refused(_unzipped_too_large(budget))
    parsed = Parsed("tabular")
    claimed = {}
    if "datapackage.json" in files:
        raw, budget = _unpack(archive, files["datapackage.json"], budget)
        claimed = _resources(parsed, _descriptor(raw), files)
    for name in sorted(files):
        parsed.older.file(name)
    try:
        budget = _read_tables(parsed, archive, files, claimed, budget)
    except Refused as error:
        # An older version's tables may not read as 3.0's: its version is the reason.
        if parsed.older.found:
            raise parsed.older.refusal() from error
        raise
    if parsed.older.found:
        raise parsed.older.refusal()
    return parsed


def _read_tables(parsed: Parsed, archive, files: dict, claimed: dict, budget: int) -> int:
    tables = {table: name for name, table in claimed.items()}
    if not tables and not any(name.removesuffix(".csv") in mapping.TABLES for name in files):
        raise Refused(
            _("The archive is not an HSDS package: no datapackage.json and no organizations.csv.")
        )
    for base, member in sorted(files.items()):
        table = claimed.get(base) or base.removesuffix(".csv")
        if base == "datapackage.json":
            continue
        if not base.endswith(".csv") or table not in KNOWN:
            parsed.notes.append(
                _("%(name)s is not an HSDS table; not read.") % {"name": shown(base, 100)}
            )
            continue
        if base not in claimed and table in tables:
            parsed.notes.append(
                _("%(name)s is not the file datapackage.json names for %(table)s; not read.")
                % {"name": base, "table": table}
            )
            continue
        raw, budget = _unpack(archive, member, budget)
        if table in mapping.TABLES:
            _read_csv(parsed, table, base, raw)
        else:
            parsed.not_kept[table] += _count_rows(parsed, table, base, raw)
    return budget


def _descriptor(raw: bytes) -> dict:
    descriptor = json_loads(utf8_text(raw, "datapackage.json"), "datapackage.json")
    if not isinstance(descriptor, dict):
        raise Refused(_("datapackage.json is not a data package descriptor (a JSON object)."))
    return descriptor


def _resources(parsed: Parsed, descriptor: dict, files: dict) -> dict[str, str]:
    """The package's files that datapackage.json names as HSDS tables, with their table.

    Resources are HSDS's by their name: singular as 3.0 names them, or plural as this
    directory's exports named them before. A resource whose file is not in the archive is
    passed over (packages often keep the specification's whole descriptor)."""
    parsed.older.descriptor(descriptor)
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        return {}
    claimed = {}
    for resource in resources:
        if not isinstance(resource, dict) or not isinstance(resource.get("name"), str):
            continue
        name = resource["name"]
        parsed.older.resource(name)
        table = mapping.BY_RESOURCE.get(name)
        path = resource.get("path")
        if isinstance(path, list) and len(path) == 1:
            path = path[0]
        if table is None or not isinstance(path, str):
            continue
        base = posixpath.basename(path.replace("\\", "/"))
        if base in files and base not in claimed:
            claimed[base] = table.name
    return claimed


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
            % {"name": shown(posixpath.basename(member.filename), 100)}
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
            % {"name": shown(posixpath.basename(member.filename), 100)}
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


def _count_rows(parsed: Parsed, table: str, name: str, raw: bytes) -> int:
    rows = _rows(name, raw)
    header = next(rows, None)
    if header is None:
        return 0
    parsed.older.columns(table, _header(name, header))
    return sum(1 for row in rows if any(cell.strip() for cell in row))


def _read_csv(parsed: Parsed, table: str, name: str, raw: bytes) -> None:
    rows = _rows(name, raw)
    header = next(rows, None)
    if header is None:
        return
    header = _header(name, header)
    if "id" not in header:
        raise Refused(_("%(name)s has no id column.") % {"name": name})
    parsed.older.columns(table, header)
    known = mapping.TABLES[table].known
    unknown = [(index, cell) for index, cell in enumerate(header) if cell and cell not in known]
    given = [0] * len(unknown)
    # Translated once per file: a package has tens of thousands of rows.
    label = _("%(name)s row %(number)s") % {"name": name, "number": "{}"}
    for number, row in enumerate(rows, start=2):
        where = label.format(number)
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            parsed.add("", {"__cells__": (len(row), len(header))}, where)
            continue
        for position, (index, _cell) in enumerate(unknown):
            if row[index].strip():
                given[position] += 1
        cells = [restored(cell) for cell in row]
        parsed.add(table, dict(zip(header, cells, strict=True)), where)
    for (_index, cell), count in zip(unknown, given, strict=True):
        if count:
            parsed.field_not_kept(table, cell, count)


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


def _resource(table: mapping.Table) -> dict:
    schema = table.schema()
    # The links HSDS's own package declares: not an attribute's link_id (it names a record
    # of any table) nor a parent in the same table.
    foreign = [
        {
            "fields": column.hsds,
            "reference": {"resource": mapping.TABLES[column.target].resource, "fields": "id"},
        }
        for column in table.references
        if column.target != table.name and column.hsds != "link_id"
    ]
    if foreign:
        schema["foreignKeys"] = foreign
    return {
        "name": table.resource,
        "path": table.filename,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def write_package(tables: dict[str, list[dict]]) -> bytes:
    """The package as a zip: datapackage.json and one CSV per table (header always written),
    in the order of HSDS 3.0's own package."""
    buffer = io.BytesIO()
    resources = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, table in mapping.TABLES.items():
            columns = table.hsds_columns
            out = io.StringIO(newline="")
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow(columns)
            for row in tables.get(name, ()):
                writer.writerow([neutralised(row.get(column)) for column in columns])
            archive.writestr(table.filename, out.getvalue().encode("utf-8"))
            resources.append(_resource(table))
        package = {
            "name": "alongside-partner-directory",
            "title": "Partner directory (HSDS 3.0)",
            "profile": "tabular-data-package",
            "version": "3.0.0",
            "resources": resources,
        }
        archive.writestr("datapackage.json", json.dumps(package, indent=2))
    return buffer.getvalue()
