"""Converting stored ciphertexts when what their associated data binds changes.

Used by data migrations, which name their tables and columns themselves (a migration must not
depend on the models as they are later). Works on raw rows, so it runs on any database the
migrations run on, and never logs a value: only table, column and the row's public id.
"""

import json
import logging
import uuid
from dataclasses import dataclass

from protection.aead import DecryptionError, open_with, seal_with
from protection.envelope import OwnerRef, data_key_cache, data_key_cipher
from protection.exceptions import ProtectedDataError
from protection.fields import _ABSENCE_MARKERS, DECLINED, NOT_RECORDED, VALUE

logger = logging.getLogger("protection")

BATCH = 1000


@dataclass(frozen=True)
class SealedTable:
    """A table's encrypted columns and how to find each row's data-key owner.

    ``owner`` is an SQL expression over the table (aliased ``t``) and ``join`` giving the
    owner's id; ``versioned`` binds the row's ``version``; ``declined_in`` names a JSON list
    column of the fields the survivor declined.
    """

    table: str
    columns: tuple[str, ...]
    owner_type: str
    owner: str = "t.id"
    join: str = ""
    versioned: bool = False
    declined_in: str | None = None


def _as_uuid(value) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _declined(value) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, str):
        value = json.loads(value)
    return set(value or ())


def _bound_aad(spec: SealedTable, column: str, pk: uuid.UUID, version) -> tuple[bytes, bytes]:
    """(associated data before, after): the row version is added where the row is versioned."""
    base = f"alongside.field.v1|{spec.table}|{column}|".encode() + pk.bytes
    if not spec.versioned:
        return base, base
    return base, base + b"|version|" + str(int(version)).encode("ascii")


def _open_bound(cipher, sealed: bytes, aad: bytes) -> tuple[str, bytes]:
    if len(sealed) == 1 + 12 + 16:
        for state, marker in _ABSENCE_MARKERS.items():
            try:
                open_with(cipher, sealed, aad=aad + marker)
            except DecryptionError:
                continue
            return state, b""
    return VALUE, open_with(cipher, sealed, aad=aad)


def _convert_cell(spec, cipher, column, pk, version, declined, stored, *, forward):
    old_aad, new_aad = _bound_aad(spec, column, pk, version)
    if forward:
        plaintext = b""
        if stored is not None:
            plaintext = open_with(cipher, bytes(stored), aad=old_aad)
        if column in declined:
            return seal_with(cipher, b"", aad=new_aad + _ABSENCE_MARKERS[DECLINED])
        if stored is None:
            return seal_with(cipher, b"", aad=new_aad + _ABSENCE_MARKERS[NOT_RECORDED])
        return seal_with(cipher, plaintext, aad=new_aad)
    if stored is None:
        return None
    state, plaintext = _open_bound(cipher, bytes(stored), new_aad)
    if state != VALUE:
        return None
    return seal_with(cipher, plaintext, aad=old_aad)


def reseal_tables(schema_editor, tables: list[SealedTable], *, forward: bool = True) -> None:
    """Forward: NULL cells become sealed "not recorded" (or "declined"), declined cells sealed
    "declined", and versioned rows re-sealed with their version bound. Backward undoes it. A
    cell that does not open is left as it is (and logged): it was unreadable before too."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    with data_key_cache():
        for spec in tables:
            extra = ["t.version" if spec.versioned else "NULL"]
            extra.append(f"t.{quote(spec.declined_in)}" if spec.declined_in else "NULL")
            columns = ", ".join(f"t.{quote(column)}" for column in spec.columns)
            select = (
                f"SELECT t.id, {spec.owner}, {', '.join(extra)}, {columns} "  # noqa: S608
                f"FROM {quote(spec.table)} t {spec.join} "
                f"WHERE t.id > %s ORDER BY t.id LIMIT {BATCH}"
            )
            assignments = ", ".join(f"{quote(column)} = %s" for column in spec.columns)
            update = f"UPDATE {quote(spec.table)} SET {assignments} WHERE id = %s"  # noqa: S608
            last = "" if connection.vendor == "sqlite" else uuid.UUID(int=0)
            while True:
                with connection.cursor() as cursor:
                    cursor.execute(select, [last])
                    rows = cursor.fetchall()
                if not rows:
                    break
                last = rows[-1][0]
                updates = []
                for raw_id, owner_id, version, declined, *stored in rows:
                    values = _convert_row(
                        spec, raw_id, owner_id, version, declined, stored, forward
                    )
                    if values is not None:
                        updates.append([*values, raw_id])
                with connection.cursor() as cursor:
                    cursor.executemany(update, updates)


def _convert_row(spec, raw_id, owner_id, version, declined, stored, forward):
    pk = _as_uuid(raw_id)
    try:
        cipher = data_key_cipher(OwnerRef(spec.owner_type, _as_uuid(owner_id)), create=True)
    except ProtectedDataError:
        # Shredded, or a key that does not unwrap: nothing of this row can be read either way.
        logger.warning("Left %s row %s as it was: its data key is unusable", spec.table, pk)
        return None
    declined = _declined(declined)
    values = []
    for column, cell in zip(spec.columns, stored, strict=True):
        try:
            values.append(
                _convert_cell(spec, cipher, column, pk, version, declined, cell, forward=forward)
            )
        except DecryptionError:
            logger.error("Left %s.%s of row %s as it was: it does not open", spec.table, column, pk)
            values.append(cell)
    return values
