"""Envelope encryption: each owner's data key, wrapped by a KEK, unwrapped once per request.

A data key is created the first time something of its owner is encrypted, wrapped under the
current KEK with associated data naming its owner (so a wrapped key copied onto another owner
does not open). Unwrapped keys live only in a per-request cache (``data_key_cache``), never in
a process-wide or shared cache: outside such a scope every use unwraps afresh.
"""

import contextlib
import logging
import os
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from typing import NamedTuple

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError, models, transaction

from protection.aead import KEY_BYTES, DecryptionError, open_with, seal_with
from protection.exceptions import DataKeyMissing, DataShredded, FieldDecryptionError
from protection.keyring import Keyring, UnknownKeyVersion, get_keyring

logger = logging.getLogger("protection")


class OwnerRef(NamedTuple):
    """Which owner's data key a value uses: the owner model's label and its UUID.

    A named tuple rather than a dataclass: it is built on every field access.
    """

    owner_type: str
    owner_id: uuid.UUID

    @classmethod
    def of(cls, owner: models.Model) -> "OwnerRef":
        if not isinstance(owner.pk, uuid.UUID):
            raise TypeError("A data key owner needs a UUID primary key.")
        return cls(owner._meta.label_lower, owner.pk)


# Per model, how to find its owner: (owner label, hops to walk, attribute holding the owner id).
_owner_routes: dict[type, tuple[str, tuple[str, ...], str]] = {}


def _owner_route(model: type[models.Model]) -> tuple[str, tuple[str, ...], str]:
    route = _owner_routes.get(model)
    if route is not None:
        return route
    from protection.models import DataKeyOwner

    path = getattr(model, "encryption_owner", None)
    if not path:
        if not issubclass(model, DataKeyOwner):
            raise TypeError(
                f"{model._meta.label} has encrypted fields but is neither a DataKeyOwner nor "
                "declares encryption_owner."
            )
        route = (model._meta.label_lower, (), model._meta.pk.attname)
    else:
        *hops, last = path.split("__")
        holder = model
        for hop in hops:
            holder = holder._meta.get_field(hop).related_model
        field = holder._meta.get_field(last)
        route = (field.related_model._meta.label_lower, tuple(hops), field.attname)
    _owner_routes[model] = route
    return route


def owner_ref_for(instance: models.Model) -> OwnerRef:
    """The owner whose key seals ``instance``'s fields: itself, or its ``encryption_owner``.

    ``encryption_owner`` is a ``__``-separated path of relations (``"vault"``, ``"note__case"``);
    the last hop is read from its foreign-key column, so finding the owner costs no query.
    """
    owner_type, hops, attname = _owner_route(instance.__class__)
    holder = instance
    for hop in hops:
        holder = getattr(holder, hop)
    owner_id = getattr(holder, attname)
    if owner_id is None:
        raise DataKeyMissing(f"{instance._meta.label} has no owner to take its data key from.")
    return OwnerRef(owner_type, owner_id)


def owner_model_path(model: type[models.Model]) -> str | None:
    """The ORM lookup from ``model`` to its owner's primary key, or None if it has none."""
    from protection.models import DataKeyOwner

    path = getattr(model, "encryption_owner", None)
    if path:
        return path
    if issubclass(model, DataKeyOwner):
        return "pk"
    return None


def _wrap_aad(ref: OwnerRef) -> bytes:
    return b"alongside.datakey.v1|" + ref.owner_type.encode() + b"|" + ref.owner_id.bytes


def wrap_data_key(keyring: Keyring, version: int, ref: OwnerRef, data_key: bytes) -> bytes:
    return seal_with(keyring.kek_cipher(version), data_key, aad=_wrap_aad(ref))


def unwrap_data_key(keyring: Keyring, version: int, ref: OwnerRef, wrapped: bytes) -> bytes:
    try:
        return open_with(keyring.kek_cipher(version), bytes(wrapped), aad=_wrap_aad(ref))
    except (DecryptionError, UnknownKeyVersion) as error:
        logger.error(
            "Data key of %s %s did not unwrap under KEK version %s: %s",
            ref.owner_type,
            ref.owner_id,
            version,
            error,
        )
        raise FieldDecryptionError(
            f"The data key of {ref.owner_type} {ref.owner_id} could not be unwrapped "
            f"(KEK version {version}): {error}"
        ) from None


# --- The per-request cache ---------------------------------------------------------------

_cache: ContextVar[dict[OwnerRef, AESGCM] | None] = ContextVar("protection_data_keys", default=None)


@contextlib.contextmanager
def data_key_cache() -> Iterator[None]:
    """Keep unwrapped data keys for the duration of one request, task or command, then forget.

    Nested scopes share the outer cache, so a service called inside a request reuses its keys.
    """
    if _cache.get() is not None:
        yield
        return
    token = _cache.set({})
    try:
        yield
    finally:
        cache = _cache.get()
        if cache is not None:
            cache.clear()
        try:
            _cache.reset(token)
        except ValueError:
            # Closed from another context (a task runner's signal): forget everything anyway.
            _cache.set(None)


_task_scopes: dict[str, contextlib.ExitStack] = {}


def task_scope_begin(task_id: str | None = None, **_signal) -> None:
    """Celery ``task_prerun``: every task gets its own data-key cache, like a request."""
    stack = contextlib.ExitStack()
    stack.enter_context(data_key_cache())
    _task_scopes[task_id or ""] = stack


def task_scope_end(task_id: str | None = None, **_signal) -> None:
    stack = _task_scopes.pop(task_id or "", None)
    if stack is not None:
        stack.close()


def forget_data_key(ref: OwnerRef) -> None:
    cache = _cache.get()
    if cache is not None:
        cache.pop(ref, None)


def cached_data_key_cipher(instance: models.Model) -> AESGCM | None:
    """The cipher of ``instance``'s owner if this scope already unwrapped it (the hot path)."""
    cache = _cache.get()
    if not cache:
        return None
    owner_type, hops, attname = _owner_route(instance.__class__)
    if hops:
        return None
    # A plain tuple equals and hashes like the OwnerRef it stands for, and is cheaper to build.
    return cache.get((owner_type, instance.__dict__.get(attname)))


def data_key_cipher(ref: OwnerRef, *, create: bool = False) -> AESGCM:
    """The AES-GCM cipher of ``ref``'s data key, creating the key if asked and it is missing."""
    cache = _cache.get()
    if cache is not None:
        cipher = cache.get(ref)
        if cipher is not None:
            return cipher
    cipher = AESGCM(_data_key_bytes(ref, create=create))
    if cache is not None:
        cache[ref] = cipher
    return cipher


def _data_key_bytes(ref: OwnerRef, *, create: bool) -> bytes:
    from protection.models import DataKey

    keyring = get_keyring()
    row = (
        DataKey.objects.filter(owner_type=ref.owner_type, owner_id=ref.owner_id)
        .only("wrapped_key", "kek_version", "shredded_at")
        .first()
    )
    if row is None:
        if not create:
            raise DataKeyMissing(f"{ref.owner_type} {ref.owner_id} has no data key.")
        return _data_key_create(keyring, ref)
    if row.shredded_at is not None:
        raise DataShredded()
    return unwrap_data_key(keyring, row.kek_version, ref, row.wrapped_key)


def _data_key_create(keyring: Keyring, ref: OwnerRef) -> bytes:
    from protection.models import DataKey

    data_key = os.urandom(KEY_BYTES)
    version = keyring.current_kek_version
    try:
        # A savepoint, so that losing a race with another creator leaves the caller's
        # transaction usable; the winner's key is then the one everybody uses.
        with transaction.atomic():
            DataKey.objects.create(
                owner_type=ref.owner_type,
                owner_id=ref.owner_id,
                wrapped_key=wrap_data_key(keyring, version, ref, data_key),
                kek_version=version,
            )
    except IntegrityError:
        return _data_key_bytes(ref, create=False)
    return data_key


def with_data_keys(owners: models.QuerySet) -> models.QuerySet:
    """``owners`` with their wrapped data keys read in the same query, for
    ``data_keys_remember``: a page that shows one case, or a page of cases, then needs no
    query of its own for the keys. A shredded key is not read (its fields raise, as ever)."""
    from alongside.correlated import CorrelatedSQL
    from protection.models import DataKey

    sql = (
        f"SELECT k.{{column}} FROM {DataKey._meta.db_table} k "  # noqa: S608 - no input
        "WHERE k.owner_type = %s AND k.owner_id = {{row}} AND k.shredded_at IS NULL"
    )
    owner_type = [owners.model._meta.label_lower]
    return _with_version(owners).annotate(
        data_key_wrapped=CorrelatedSQL(
            sql.format(column="wrapped_key"), owner_type, output_field=models.BinaryField()
        ),
        data_key_version=CorrelatedSQL(
            sql.format(column="kek_version"), owner_type, output_field=models.IntegerField()
        ),
    )


def _with_version(rows: models.QuerySet) -> models.QuerySet:
    """``rows`` loading their row version even when ``only()`` left it out: on a versioned
    model the version is part of every field's associated data, and reading it afterwards
    would cost one query per row."""
    try:
        version = rows.model._meta.get_field("version")
    except FieldDoesNotExist:
        return rows
    names, deferring = rows.query.deferred_loading
    if deferring and version.name in names:
        rows = rows._chain()
        rows.query.deferred_loading = (names - {version.name}, True)
    elif not deferring and names and version.name not in names:
        rows = rows.only(*names, version.name)
    return rows


def data_keys_remember(owners) -> None:
    """Unwrap the keys that ``with_data_keys`` read with ``owners`` into the request's cache."""
    cache = _cache.get()
    if cache is None:
        return
    keyring = None
    for owner in owners:
        wrapped = owner.__dict__.get("data_key_wrapped")
        if wrapped is None:
            continue
        ref = OwnerRef(owner._meta.label_lower, owner.pk)
        if ref not in cache:
            keyring = keyring or get_keyring()
            key = unwrap_data_key(keyring, owner.data_key_version, ref, bytes(wrapped))
            cache[ref] = AESGCM(key)


def data_keys_prefetch(owners) -> None:
    """Unwrap the data keys of many owners with one query, into the current request's cache.

    ``owners`` may be owners or rows that name one (``encryption_owner``), e.g. a page of notes.

    A list page that shows a decrypted field of 25 cases would otherwise query 25 key rows.
    Outside a ``data_key_cache`` scope there is nowhere to keep them, so this does nothing.
    Shredded or missing keys are skipped here and raise when a field of theirs is read.
    """
    from protection.models import DataKey

    cache = _cache.get()
    if cache is None:
        return
    refs = {owner_ref_for(owner) for owner in owners} - set(cache)
    if not refs:
        return
    keyring = get_keyring()
    by_type: dict[str, list[uuid.UUID]] = {}
    for ref in refs:
        by_type.setdefault(ref.owner_type, []).append(ref.owner_id)
    for owner_type, owner_ids in by_type.items():
        rows = DataKey.objects.filter(
            owner_type=owner_type, owner_id__in=owner_ids, shredded_at__isnull=True
        ).only("owner_type", "owner_id", "wrapped_key", "kek_version")
        for row in rows:
            ref = OwnerRef(row.owner_type, row.owner_id)
            cache[ref] = AESGCM(unwrap_data_key(keyring, row.kek_version, ref, row.wrapped_key))
