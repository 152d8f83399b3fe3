"""The no-plaintext scanner: proves that known secrets appear nowhere in the database.

Give it canaries (synthetic secrets a test stored through the encrypted fields) and it reads
every column of every table through raw SQL — and on PostgreSQL also a ``pg_dump`` of the whole
database — looking for each canary as-is, case-folded, JSON-escaped, base64 (at every byte
alignment, so a canary in the middle of an encoded blob is found too) and hex. Findings name
the table, column and form; they never quote the surrounding data.

    from protection.scanner import assert_no_plaintext
    assert_no_plaintext(["Zephyrine Oduya", "+1 202 555 0147"])

``pg_dump`` runs in its own connection, so it sees committed data only: use it from tests
marked ``django_db(transaction=True)``.
"""

import base64
import json
import math
import os
import re
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import connection

MINIMUM_CANARY_LENGTH = 8
PG_DUMP = "/usr/bin/pg_dump"
_COPY_LINE = re.compile(r"^COPY (\S+) \(")


@dataclass(frozen=True)
class Finding:
    canary: str
    form: str
    table: str
    column: str

    def __str__(self) -> str:
        return f"{self.table}.{self.column}: canary {self.canary!r} found {self.form}"


class PlaintextFound(AssertionError):
    def __init__(self, findings: list[Finding]):
        self.findings = findings
        listed = "\n  ".join(str(finding) for finding in findings)
        super().__init__(f"Plaintext found in the database:\n  {listed}")


def _base64_fragments(data: bytes) -> set[str]:
    """The base64 characters that encode ``data`` wherever it sits in a longer value."""
    fragments = set()
    for offset in range(3):
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            encoded = encode(b"\0" * offset + data).decode("ascii")
            start = math.ceil(offset * 4 / 3)
            end = ((offset + len(data)) * 8) // 6
            fragments.add(encoded[start:end])
    return fragments


@dataclass(frozen=True)
class _Needles:
    canary: str
    folded: str
    json_escaped: str
    base64: frozenset[str]
    hex: str

    @classmethod
    def of(cls, canary: str) -> "_Needles":
        if len(canary) < MINIMUM_CANARY_LENGTH:
            raise ValueError(
                f"Canaries need at least {MINIMUM_CANARY_LENGTH} characters, or they match "
                "random ciphertext by chance."
            )
        data = canary.encode("utf-8")
        return cls(
            canary=canary,
            folded=canary.casefold(),
            json_escaped=json.dumps(canary)[1:-1],
            base64=frozenset(_base64_fragments(data)),
            hex=data.hex(),
        )

    def form_in(self, text: str, folded: str, lowered: str) -> str | None:
        if self.canary in text:
            return "as-is"
        if self.folded in folded:
            return "case-folded"
        if self.json_escaped != self.canary and self.json_escaped in text:
            return "JSON-escaped"
        if any(fragment in text for fragment in self.base64):
            return "base64-encoded"
        if self.hex in lowered:
            return "hex-encoded"
        return None


def _as_text(value) -> str:
    if isinstance(value, memoryview | bytes | bytearray):
        # Bytes are searched as text too: plaintext stored in a binary column shows up here.
        return bytes(value).decode("utf-8", errors="ignore")
    return str(value)


def _search(needles: list[_Needles], value, table: str, column: str) -> Iterator[Finding]:
    if value is None:
        return
    text = _as_text(value)
    folded = text.casefold()
    lowered = text.lower()
    for needle in needles:
        form = needle.form_in(text, folded, lowered)
        if form:
            yield Finding(needle.canary, form, table, column)


def _scan_tables(needles: list[_Needles]) -> Iterator[Finding]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            columns = [
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
            ]
            if not columns:
                continue
            selected = ", ".join(quote(column) for column in columns)
            cursor.execute(f"SELECT {selected} FROM {quote(table)}")  # noqa: S608
            while rows := cursor.fetchmany(500):
                for row in rows:
                    for column, value in zip(columns, row, strict=True):
                        yield from _search(needles, value, table, column)


def _pg_dump_text() -> str:
    settings = connection.settings_dict
    command = [PG_DUMP, "--no-owner", "--no-privileges", "--format=plain"]
    if settings.get("HOST"):
        command += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        command += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        command += ["--username", str(settings["USER"])]
    command.append(str(settings["NAME"]))
    environment = dict(os.environ)
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings["PASSWORD"])
    completed = subprocess.run(  # noqa: S603 - a fixed program with arguments from settings
        command, capture_output=True, env=environment, check=False, timeout=600
    )
    if completed.returncode != 0:
        raise RuntimeError(f"pg_dump failed with exit status {completed.returncode}.")
    return completed.stdout.decode("utf-8", errors="ignore")


def _scan_dump(needles: list[_Needles]) -> Iterator[Finding]:
    where = "(schema)"
    for line in _pg_dump_text().splitlines():
        match = _COPY_LINE.match(line)
        if match:
            where = match.group(1)
            continue
        yield from _search(needles, line, f"pg_dump {where}", "(row)")


def plaintext_findings(canaries: Iterable[str], *, include_dump: bool | None = None) -> list:
    """Every place a canary appears, in any form. Empty means the database is clean.

    ``include_dump`` defaults to True on PostgreSQL (it needs committed data).
    """
    needles = [_Needles.of(canary) for canary in canaries]
    findings = list(dict.fromkeys(_scan_tables(needles)))
    if include_dump is None:
        include_dump = connection.vendor == "postgresql"
    if include_dump:
        if connection.vendor != "postgresql":
            raise ValueError("A database dump can only be scanned on PostgreSQL.")
        findings.extend(dict.fromkeys(_scan_dump(needles)))
    return findings


def stored_file_findings(canaries: Iterable[str], *, root: str | os.PathLike | None = None):
    """Every stored file (default storage's directory unless ``root``) holding a canary."""
    from django.conf import settings

    needles = [_Needles.of(canary) for canary in canaries]
    if root is None:
        root = settings.STORAGES["default"].get("OPTIONS", {}).get("location", "")
    if not root:
        raise ValueError("There is no files directory to scan: pass root=.")
    findings = []
    for directory, _subdirectories, names in os.walk(root):
        for name in names:
            path = os.path.join(directory, name)
            with open(path, "rb") as handle:
                content = handle.read()
            findings.extend(_search(needles, content, "file", os.path.relpath(path, root)))
    return findings


def assert_no_plaintext(
    canaries: Iterable[str], *, include_dump: bool | None = None, files_root=None
) -> None:
    """Raise ``PlaintextFound`` if a canary is in the database (or under ``files_root``)."""
    canaries = list(canaries)
    findings = plaintext_findings(canaries, include_dump=include_dump)
    if files_root is not None:
        findings.extend(stored_file_findings(canaries, root=files_root))
    if findings:
        raise PlaintextFound(findings)
