"""Integrity alarms: a list page shows a damaged value as unreadable instead of failing.

A single case refuses to show a value that does not open (``FieldDecryptionError``): nothing
shown beats something wrong. A list of many cases cannot refuse on behalf of all of them, so
``decrypt_or_alarm`` opens its rows' fields up front and puts a label in place of any value that
does not open, logs which cell it was (table, column, the row's public id; never a value) and
records an integrity alarm in the audit trail.
"""

import logging
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_record
from protection.exceptions import ProtectedDataError
from protection.fields import EncryptedField, EncryptedJSONField, Unreadable

logger = logging.getLogger("protection")


def unreadable_label() -> str:
    return _("Unreadable — integrity alarm raised")


def decrypt_or_alarm(rows: Iterable, *, actor=None, fields: Sequence[str] | None = None) -> list:
    """``rows`` with every encrypted field they loaded (or only ``fields``) opened now; a value
    that does not open is replaced, on that row only, by an ``Unreadable`` label (in a list,
    for a list-valued field), logged and audited. Saving such a row is refused."""
    rows = list(rows)
    alarms = []
    for row in rows:
        for field in _fields_of(row, fields):
            try:
                getattr(row, field.attname)
            except ProtectedDataError:
                label = Unreadable(unreadable_label())
                row.__dict__[field.attname] = [label] if _is_list(field) else label
                alarms.append((row, field))
    for row, field in alarms:
        logger.error(
            "Integrity alarm: %s.%s of row %s did not open; shown as unreadable",
            row._meta.db_table,
            field.column,
            row.pk,
        )
        audit_record(
            actor=actor,
            action=AuditAction.INTEGRITY_ALARM,
            target=row,
            fields=[field.name],
            reason=f"{row._meta.db_table}.{field.column} did not open",
        )
    return rows


def _fields_of(row, names: Sequence[str] | None) -> list[EncryptedField]:
    loaded = row.__dict__
    return [
        field
        for field in row._meta.concrete_fields
        if isinstance(field, EncryptedField)
        and field.attname in loaded
        and (names is None or field.name in names)
    ]


def _is_list(field: EncryptedField) -> bool:
    default = field.get_default()
    return isinstance(field, EncryptedJSONField) and isinstance(default, list)
