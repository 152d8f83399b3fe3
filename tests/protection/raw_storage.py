"""Reading and writing columns behind the ORM's back, as someone holding the database could."""

import uuid

from django.db import connection


def _key(pk: uuid.UUID):
    # Django stores UUIDs as 32 hex characters on SQLite and as native uuid on PostgreSQL.
    return pk.hex if connection.vendor == "sqlite" else pk


def raw_column(model, column: str, pk: uuid.UUID):
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name(column)} FROM {table} WHERE id = %s",  # noqa: S608
            [_key(pk)],
        )
        value = cursor.fetchone()[0]
    return bytes(value) if isinstance(value, memoryview | bytes) else value


def raw_write(model, column: str, pk: uuid.UUID, value) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {connection.ops.quote_name(column)} = %s WHERE id = %s",  # noqa: S608
            [value, _key(pk)],
        )
