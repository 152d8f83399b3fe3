"""Writes of the protection layer: key rotation and crypto-shredding.

Each service is atomic and writes its audit event in the same transaction. Audit events name
owners by their pseudonymous UUID and carry counts and key versions, never key material.
"""

import getpass

from django.apps import apps
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_record
from protection import keyring as keyring_module
from protection.envelope import (
    OwnerRef,
    forget_data_key,
    owner_model_path,
    unwrap_data_key,
    wrap_data_key,
)
from protection.exceptions import ProtectedDataError
from protection.keyring import get_keyring
from protection.models import DataKey, DataKeyOwner, ShredTombstone

DATA_KEY_TYPE = "protection.datakey"


def command_line_reason(text: str) -> str:
    """A reason for key operations run from a shell: who ran it, as far as the OS knows."""
    try:
        operator = getpass.getuser()
    except (KeyError, OSError):
        operator = "unknown"
    return f"{text} (command line, operator account {operator})"


# --- Crypto-shredding ---------------------------------------------------------------------


def _owner_model_of(model: type[models.Model]) -> type[models.Model] | None:
    path = getattr(model, "encryption_owner", None)
    if not path:
        return model if issubclass(model, DataKeyOwner) else None
    holder = model
    for hop in path.split("__"):
        holder = holder._meta.get_field(hop).related_model
    return holder


def _blind_index_holders(owner_type: str):
    """Every model holding blind indexes of this owner type's data, with its lookup and fields."""
    from protection.fields import BlindIndexField

    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
        owner_model = _owner_model_of(model) if fields else None
        if owner_model is not None and owner_model._meta.label_lower == owner_type:
            yield model, owner_model_path(model), fields


def data_key_shred(*, actor, owner: models.Model, reason: str) -> ShredTombstone:
    """Destroy ``owner``'s data key and blind indexes: every copy of their fields is unreadable.

    The ciphertext stays where it is (and in every backup); without the key it is noise. Copies
    of the *wrapped* key in older backups remain openable until the KEKs that wrapped it are
    retired, so a rotation after shredding completes it for backups too.
    """
    if not reason or not reason.strip():
        raise ValueError(_("Say why this record is being shredded."))
    ref = OwnerRef.of(owner)
    now = timezone.now()
    with transaction.atomic():
        key = (
            DataKey.objects.select_for_update()
            .filter(owner_type=ref.owner_type, owner_id=ref.owner_id)
            .first()
        )
        if key is None:
            # No data yet: leave a shredded key anyway, so nothing can be encrypted later.
            key = DataKey(owner_type=ref.owner_type, owner_id=ref.owner_id, kek_version=0)
        elif key.shredded_at is not None:
            raise ProtectedDataError(_("This record was already shredded."))
        key.wrapped_key = b""
        key.shredded_at = now
        key.save()
        cleared: list[str] = []
        for model, lookup, fields in _blind_index_holders(ref.owner_type):
            model._base_manager.filter(**{lookup: ref.owner_id}).update(
                **{field.attname: None for field in fields}
            )
            cleared.extend(f"{model._meta.label_lower}.{field.name}" for field in fields)
        tombstone = ShredTombstone.objects.create(
            owner_type=ref.owner_type,
            owner_id=ref.owner_id,
            shredded_at=now,
            shredded_by=actor if getattr(actor, "is_authenticated", False) else None,
            reason=reason,
        )
        audit_record(
            actor=actor,
            action=AuditAction.SHRED,
            target_type=ref.owner_type,
            target_id=ref.owner_id,
            fields=["data_key", *cleared],
            reason=reason,
        )
    forget_data_key(ref)
    return tombstone


# --- Rotation -----------------------------------------------------------------------------


def kek_add(*, actor, reason: str = "") -> tuple[int, str | None]:
    """Create a new KEK version and return ``(version, key_text)``.

    In development the key goes into ``var/keys.json`` and becomes current at once, and
    ``key_text`` is None. When keys come from the environment nothing here can change it: the
    new key is returned for the operator to add to ``ALONGSIDE_KEKS`` (and to make current
    with ``ALONGSIDE_KEK_CURRENT``); it is written nowhere else.
    """
    with transaction.atomic():
        if keyring_module.keys_come_from_environment():
            version = max(get_keyring().keks) + 1
            key_text = keyring_module.new_key_text()
            note = f"Generated key-encryption key version {version} for the environment."
        else:
            version = keyring_module.development_kek_add()
            key_text = None
            note = f"Added key-encryption key version {version} and made it current."
        audit_record(
            actor=actor,
            action=AuditAction.KEY_OPERATION,
            target_type=DATA_KEY_TYPE,
            reason=f"{note} {reason}".strip(),
        )
    return version, key_text


def _rewrap_rows_postgresql(rows: list[DataKey], version: int, now) -> None:
    # One UPDATE ... FROM (VALUES ...) per batch: bulk_update's CASE per row is quadratic.
    values = ", ".join(["(%s::uuid, %s::bytea)"] * len(rows))
    parameters: list = []
    for row in rows:
        parameters.extend([row.pk, row.wrapped_key])
    table = connection.ops.quote_name(DataKey._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS d SET wrapped_key = v.wrapped_key, kek_version = %s, "  # noqa: S608
            f"rewrapped_at = %s FROM (VALUES {values}) AS v(id, wrapped_key) WHERE d.id = v.id",
            [version, now, *parameters],
        )


def data_keys_rewrap_batch(*, actor, batch_size: int = 1000, reason: str = "") -> int:
    """Re-wrap up to ``batch_size`` data keys to the current KEK; return how many.

    The data keys themselves do not change, so nothing encrypted under them is touched and
    readers keep working throughout: each row switches from old wrapping to new atomically.
    Rows being re-wrapped by another worker are skipped, not waited for.
    """
    keyring = get_keyring()
    target = keyring.current_kek_version
    others = [version for version in keyring.keks if version != target]
    if not others:
        return 0
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            DataKey.objects.select_for_update(skip_locked=True)
            .filter(kek_version__in=others, shredded_at__isnull=True)
            # No ORDER BY: any batch will do, and sorting what remains costs each batch O(n).
            .only("id", "owner_type", "owner_id", "wrapped_key", "kek_version")[:batch_size]
        )
        if not rows:
            return 0
        for row in rows:
            ref = OwnerRef(row.owner_type, row.owner_id)
            data_key = unwrap_data_key(keyring, row.kek_version, ref, row.wrapped_key)
            row.wrapped_key = wrap_data_key(keyring, target, ref, data_key)
            row.kek_version = target
            row.rewrapped_at = now
        if connection.vendor == "postgresql":
            _rewrap_rows_postgresql(rows, target, now)
        else:
            DataKey.objects.bulk_update(rows, ["wrapped_key", "kek_version", "rewrapped_at"])
        audit_record(
            actor=actor,
            action=AuditAction.KEY_OPERATION,
            target_type=DATA_KEY_TYPE,
            reason=(
                f"Re-wrapped {len(rows)} data keys to key-encryption key version {target}. {reason}"
            ).strip(),
        )
    return len(rows)


def data_keys_remaining() -> int:
    """How many live data keys are not yet wrapped by the current KEK."""
    current = get_keyring().current_kek_version
    return DataKey.objects.filter(shredded_at__isnull=True).exclude(kek_version=current).count()


def kek_retire(*, actor, version: int) -> bool:
    """Retire a KEK version nothing uses any more.

    Returns True when the key was removed here (development), False when the operator must
    now remove it from ``ALONGSIDE_KEKS``. Refuses the current version and any version that
    still wraps a live data key.
    """
    keyring = get_keyring()
    if version == keyring.current_kek_version:
        raise ProtectedDataError(
            _("Key version %(version)s is current: make another version current first.")
            % {"version": version}
        )
    if version not in keyring.keks:
        raise ProtectedDataError(
            _("Key version %(version)s is not configured.") % {"version": version}
        )
    with transaction.atomic():
        in_use = DataKey.objects.filter(kek_version=version, shredded_at__isnull=True).count()
        if in_use:
            raise ProtectedDataError(
                _("Key version %(version)s still wraps %(count)s data keys: run keys_rewrap first.")
                % {"version": version, "count": in_use}
            )
        from_environment = keyring_module.keys_come_from_environment()
        audit_record(
            actor=actor,
            action=AuditAction.KEY_OPERATION,
            target_type=DATA_KEY_TYPE,
            reason=f"Retired key-encryption key version {version}.",
        )
        if not from_environment:
            # Last, so that a failure here rolls the audit event back with it.
            keyring_module.development_kek_remove(version)
    return not from_environment
