"""Encrypted model fields and blind-index fields: one line each on a model.

    class Vault(DataKeyOwner):
        legal_name = EncryptedTextField()
        legal_name_index = BlindIndexField(source="legal_name", kind="name")

    class VaultEntry(models.Model):
        encryption_owner = "vault"
        id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
        vault = models.ForeignKey(Vault, on_delete=models.CASCADE)
        body = EncryptedTextField()

The column holds ``aead`` ciphertext under the owner's data key, with associated data naming
the table, column and row, so a value copied to another row or column does not open. The
attribute gives plaintext to code that holds the object (decrypted lazily, on first access);
everything else — raw SQL, ``values()``, serializers (``dumpdata``), the admin — sees only
ciphertext. Filtering on an encrypted field is refused: search through a blind index.

Every cell holds a sealed value, never NULL: "not recorded" (the attribute is None) and
"declined" (the model's ``encryption_declined_in`` list names the field) are sealed too, as an
empty plaintext under associated data that says which, so emptying a cell is caught like any
other tampering. On a model with a ``version`` column the associated data also names the row's
version, and every save that changes the version re-seals every encrypted field under the new
one: an older ciphertext of the same cell put back no longer opens.
"""

import base64
import datetime
import json
import logging
import uuid

from cryptography.exceptions import InvalidTag
from django.core import checks
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from protection.aead import (
    FORMAT_V1,
    MINIMUM_SEALED_BYTES,
    NONCE_BYTES,
    DecryptionError,
    open_with,
    seal_with,
)
from protection.blind_index import NORMALIZERS, blind_index_for
from protection.envelope import cached_data_key_cipher, data_key_cipher, owner_ref_for
from protection.exceptions import FieldDecryptionError, NotEncryptable

logger = logging.getLogger("protection")

_PLAINTEXT_PREFIX = "_protection_plaintext_"
_PLAINTEXT_SLOT = _PLAINTEXT_PREFIX + "{}"
_NONCE_END = 1 + NONCE_BYTES
# The row version the instance's stored ciphertexts are bound to: the version it was loaded
# (or last saved) with, which differs from ``version`` between a service's bump and its save.
_SEALED_VERSION = "_protection_sealed_version"
VERSION_FIELD = "version"

# What a cell holds: a value, or one of the two sealed absences. An absence is an empty
# plaintext whose associated data ends with its marker, so it cannot pass for an empty value.
VALUE, NOT_RECORDED, DECLINED = "value", "not_recorded", "declined"
_ABSENCE_MARKERS = {NOT_RECORDED: b"|not-recorded", DECLINED: b"|declined"}


class Sealed(bytes):
    """Ciphertext as stored: what the database gave us, not opened yet."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<Sealed {len(self)} bytes>"


class EncryptedAttribute(DeferredAttribute):
    """Opens the stored ciphertext on first access and keeps the plaintext on the instance.

    The instance's ``__dict__[attname]`` keeps the ``Sealed`` ciphertext until the value is
    assigned, so saving an object whose field was never changed writes the same ciphertext
    back without decrypting it. This is the hot path of every page: kept short on purpose.
    """

    def __init__(self, field):
        super().__init__(field)
        self.attname = field.attname
        self.slot = _PLAINTEXT_SLOT.format(field.attname)

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        data = instance.__dict__
        value = data[self.attname] if self.attname in data else super().__get__(instance, cls)
        if value.__class__ is not Sealed:
            return value
        cached = data.get(self.slot)
        if cached is not None and cached[0] is value:
            return cached[1]
        state, plaintext = self.field.open_state(instance, value)
        data[self.slot] = (value, plaintext, state)
        return plaintext

    def __set__(self, instance, value):
        instance.__dict__[self.attname] = value


class Unreadable(str):
    """Stands in, on a list page, for a value that did not open (``decrypt_or_alarm``): it
    reads as a label, never as a value, and cannot be saved back over the damaged cell."""

    __slots__ = ()


def _getstate_without_plaintext(getstate):
    """Pickled or copied objects (caches, sessions, task results) carry ciphertext only."""

    def __getstate__(self):
        state = getstate(self)
        for key in [key for key in state if key.startswith(_PLAINTEXT_PREFIX)]:
            del state[key]
        return state

    return __getstate__


def _version_attname(model) -> str | None:
    """The row-version column bound into the associated data of ``model``'s fields, if any."""
    try:
        field = model._meta.get_field(VERSION_FIELD)
    except FieldDoesNotExist:
        return None
    return field.attname if isinstance(field, models.IntegerField) else None


def _encrypted_fields(model) -> list["EncryptedField"]:
    return [field for field in model._meta.concrete_fields if isinstance(field, EncryptedField)]


def _record_sealed_version(sender, instance, **kwargs) -> None:
    attname = _version_attname(sender)
    if attname is not None:
        instance.__dict__[_SEALED_VERSION] = instance.__dict__.get(attname)


def _save_resealing(save):
    """A save that changes the row's version (or what it declined) writes every encrypted
    field again, re-sealed, even when ``update_fields`` names only the version."""

    def save_resealing(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            model = type(self)
            binding = {VERSION_FIELD, getattr(model, "encryption_declined_in", None)}
            if binding & set(update_fields):
                names = [field.name for field in _encrypted_fields(model)]
                # A declined field's blind index goes with its value.
                names += [
                    field.name
                    for field in model._meta.concrete_fields
                    if isinstance(field, BlindIndexField)
                ]
                kwargs["update_fields"] = [*update_fields, *set(names) - set(update_fields)]
        save(self, *args, **kwargs)
        _record_sealed_version(type(self), self)

    return save_resealing


def _refresh_resealing(refresh_from_db):
    def refresh_from_db_resealing(self, using=None, fields=None, from_queryset=None):
        refresh_from_db(self, using=using, fields=fields, from_queryset=from_queryset)
        attname = _version_attname(type(self))
        if attname is not None and (fields is None or attname in fields or VERSION_FIELD in fields):
            _record_sealed_version(type(self), self)

    return refresh_from_db_resealing


class EncryptedField(models.BinaryField):
    """Base of the encrypted fields: subclasses say how a value becomes bytes and back."""

    descriptor_class = EncryptedAttribute
    value_type: type | tuple[type, ...] = object

    def __init__(self, *args, **kwargs):
        # An encrypted value is either recorded or not ("prefer not to say" is None).
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for flag in ("null", "blank"):
            if kwargs.get(flag) is True:
                del kwargs[flag]
            else:
                kwargs[flag] = False
        return name, path, args, kwargs

    # --- what subclasses define ---------------------------------------------------------

    def encode_plaintext(self, value) -> bytes:
        raise NotImplementedError

    def decode_plaintext(self, data: bytes):
        raise NotImplementedError

    # --- checks ---------------------------------------------------------------------------

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        pk = self.model._meta.pk
        if not isinstance(pk, models.UUIDField) or not callable(pk.default):
            errors.append(
                checks.Error(
                    "A model with encrypted fields needs a UUID primary key generated in "
                    "Python (default=uuid.uuid4): the ciphertext is bound to it before insert.",
                    obj=self,
                    id="protection.E001",
                )
            )
        from protection.models import DataKeyOwner

        if not issubclass(self.model, DataKeyOwner) and not getattr(
            self.model, "encryption_owner", None
        ):
            errors.append(
                checks.Error(
                    "A model with encrypted fields must inherit DataKeyOwner or name the "
                    "owner whose data key it uses in encryption_owner.",
                    obj=self,
                    id="protection.E002",
                )
            )
        return errors

    # --- sealing --------------------------------------------------------------------------

    def associated_data(self, instance, *, version=None) -> bytes:
        """Table, column and row; on a versioned model also the row version the value is
        bound to (``version``, by default the one the instance's ciphertexts carry)."""
        pk = instance.__dict__.get(self._pk_attname)
        if pk is None:
            raise NotEncryptable(
                f"{self.model._meta.label}.{self.name} cannot be encrypted before the row "
                "has its primary key."
            )
        data = self._aad_prefix + (pk.bytes if pk.__class__ is uuid.UUID else str(pk).encode())
        if self._version_attname is None:
            return data
        if version is None:
            version = self._sealed_version(instance)
        return data + b"|version|" + str(int(version)).encode("ascii")

    def contribute_to_class(self, cls, name, private_only=False):
        super().contribute_to_class(cls, name, private_only=private_only)
        if not cls._meta.abstract:
            # Precomputed: associated data is built on every read and write.
            self._aad_prefix = f"alongside.field.v1|{cls._meta.db_table}|{self.column}|".encode()
        if "_protection_getstate" not in cls.__dict__:
            cls.__getstate__ = _getstate_without_plaintext(cls.__getstate__)
            cls._protection_getstate = True
            if not cls._meta.abstract:
                cls.save = _save_resealing(cls.save)
                cls.refresh_from_db = _refresh_resealing(cls.refresh_from_db)
                post_init.connect(_record_sealed_version, sender=cls, weak=False)

    @cached_property
    def _pk_attname(self) -> str:
        return self.model._meta.pk.attname

    @cached_property
    def _slot(self) -> str:
        return _PLAINTEXT_SLOT.format(self.attname)

    @cached_property
    def _version_attname(self) -> str | None:
        return _version_attname(self.model)

    def _sealed_version(self, instance) -> int:
        data = instance.__dict__
        version = data.get(_SEALED_VERSION)
        if version is None:
            # Loaded without its version (deferred): read it now, and remember it.
            version = getattr(instance, self._version_attname)
            data[_SEALED_VERSION] = version
        return version

    def _declined(self, instance) -> bool:
        list_name = getattr(self.model, "encryption_declined_in", None)
        return bool(list_name) and self.name in (getattr(instance, list_name) or ())

    def empty_value(self):
        """What a declined field reads as: the value a form leaves when nothing is given."""
        return None

    def _seal_state(self, instance, state: str, value, *, version=None) -> Sealed:
        cipher = cached_data_key_cipher(instance) or data_key_cipher(
            owner_ref_for(instance), create=True
        )
        aad = self.associated_data(instance, version=version)
        if state != VALUE:
            return Sealed(seal_with(cipher, b"", aad=aad + _ABSENCE_MARKERS[state]))
        self.check_value(value)
        return Sealed(seal_with(cipher, self.encode_plaintext(value), aad=aad))

    def check_value(self, value) -> None:
        if (
            not isinstance(value, self.value_type)
            or isinstance(value, Unreadable)
            or (isinstance(value, list) and any(isinstance(item, Unreadable) for item in value))
        ):
            raise NotEncryptable(
                f"{self.model._meta.label}.{self.name} takes {self._type_names()}, "
                f"not {type(value).__name__}."
            )

    def seal_value(self, instance, value) -> Sealed:
        """``value`` sealed for ``instance``'s row; None is sealed as "not recorded"."""
        if value is None:
            return self._seal_state(instance, NOT_RECORDED, None)
        return self._seal_state(instance, VALUE, value)

    def open_value(self, instance, sealed: Sealed):
        return self.open_state(instance, sealed)[1]

    def open_state(self, instance, sealed: Sealed):
        """``(state, plaintext)`` of a stored ciphertext; a declined or unrecorded cell reads
        as the field's empty value or None. Anything that does not open raises."""
        cipher = cached_data_key_cipher(instance) or data_key_cipher(owner_ref_for(instance))
        pk = instance.__dict__.get(self._pk_attname)
        # The common case inline (one decrypt call); anything unusual goes the long way round
        # through open_with, which explains what is wrong.
        if (
            pk.__class__ is uuid.UUID
            and len(sealed) >= MINIMUM_SEALED_BYTES
            and sealed[0] == FORMAT_V1
        ):
            aad = (
                self._aad_prefix + pk.bytes
                if self._version_attname is None
                else self.associated_data(instance)
            )
            try:
                data = cipher.decrypt(sealed[1:_NONCE_END], sealed[_NONCE_END:], aad)
                return VALUE, self.decode_plaintext(data)
            except (InvalidTag, UnicodeDecodeError, ValueError):
                pass
        where = f"{self.model._meta.db_table}.{self.column} of row {instance.pk}"
        if not sealed:
            logger.error("Could not decrypt %s: the cell is empty", where)
            raise FieldDecryptionError(
                f"Could not decrypt {where}: the cell is empty where a sealed value belongs."
            )
        try:
            aad = self.associated_data(instance)
            if len(sealed) == MINIMUM_SEALED_BYTES:
                # An empty plaintext: a sealed absence, or an empty value.
                for state, marker in _ABSENCE_MARKERS.items():
                    try:
                        open_with(cipher, sealed, aad=aad + marker)
                    except DecryptionError:
                        continue
                    return state, (self.empty_value() if state == DECLINED else None)
            return VALUE, self.decode_plaintext(open_with(cipher, sealed, aad=aad))
        except (DecryptionError, UnicodeDecodeError, ValueError) as error:
            reason = error if isinstance(error, DecryptionError) else "undecodable content"
            logger.error("Could not decrypt %s: %s", where, reason)
            raise FieldDecryptionError(f"Could not decrypt {where}: {reason}") from None

    def _type_names(self) -> str:
        types = self.value_type if isinstance(self.value_type, tuple) else (self.value_type,)
        return " or ".join(kind.__name__ for kind in types)

    # --- the ORM's side -------------------------------------------------------------------

    def get_default(self):
        return self._get_default() if self.has_default() else None

    def from_db_value(self, value, expression, connection):
        # NULL is never written: an emptied cell reads as an empty ciphertext, which refuses
        # to open like any other damage, instead of passing for "not recorded".
        return Sealed(b"") if value is None else Sealed(bytes(value))

    def to_python(self, value):
        # Plaintext, as full_clean() and forms hand it over. (Fixtures of encrypted models
        # cannot be loaded: their base64 ciphertext is indistinguishable from text here.)
        return value

    def pre_save(self, model_instance, add):
        data = model_instance.__dict__
        value = data.get(self.attname)
        declined = self._declined(model_instance)
        version = None
        if self._version_attname is not None:
            version = data.get(self._version_attname)
        if isinstance(value, Sealed):
            moved = version is not None and version != self._sealed_version(model_instance)
            if not moved and getattr(self.model, "encryption_declined_in", None) is None:
                return value  # unchanged and still bound to the row as it is
            cached = data.get(self._slot)
            if cached is not None and cached[0] is value:
                state, plaintext = cached[2], cached[1]
            else:
                state, plaintext = self.open_state(model_instance, value)
            if (state == DECLINED) == declined:
                if not moved:
                    return value
                sealed = self._seal_state(model_instance, state, plaintext, version=version)
                # Kept as ciphertext with its plaintext beside it, as a loaded value is: the
                # value did not change (its blind index holds), and a copy carries ciphertext.
                data[self.attname] = sealed
                data[self._slot] = (sealed, plaintext, state)
                return sealed
            value = plaintext  # declined now, or no longer: sealed afresh below
        if declined:
            # Declining wins over anything given: the value (and its blind index) goes.
            state, value = DECLINED, self.empty_value()
            data[self.attname] = value
        else:
            state = NOT_RECORDED if value is None else VALUE
        return self._seal_state(model_instance, state, value, version=version)

    def get_prep_value(self, value):
        if isinstance(value, Sealed):
            return value
        raise NotEncryptable(
            "An encrypted field takes only ciphertext at the database, never NULL; it cannot "
            "be filtered, bulk-updated or updated through a queryset. Search through its "
            "blind index."
        )

    def get_lookup(self, lookup_name):
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def get_transform(self, lookup_name):
        return None

    def value_from_object(self, obj):
        """Ciphertext: what serializers (``dumpdata``), the admin and model forms get."""
        if self.attname not in obj.__dict__:
            obj.refresh_from_db(fields=[self.attname])
        value = obj.__dict__.get(self.attname)
        if isinstance(value, Sealed):
            return value
        return self.seal_value(obj, value)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return None if value is None else base64.b64encode(value).decode("ascii")


class EncryptedTextField(EncryptedField):
    value_type = str

    def empty_value(self):
        return ""

    def encode_plaintext(self, value: str) -> bytes:
        return value.encode("utf-8")

    def decode_plaintext(self, data: bytes) -> str:
        return data.decode("utf-8")


class EncryptedDateField(EncryptedField):
    value_type = datetime.date

    def check_value(self, value) -> None:
        if isinstance(value, datetime.datetime):
            raise NotEncryptable(f"{self.model._meta.label}.{self.name} takes a date, not a time.")
        super().check_value(value)

    def to_python(self, value):
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                raise ValidationError(
                    _("Enter a valid date (YYYY-MM-DD)."), code="invalid"
                ) from None
        return value

    def encode_plaintext(self, value: datetime.date) -> bytes:
        return value.isoformat().encode("ascii")

    def decode_plaintext(self, data: bytes) -> datetime.date:
        return datetime.date.fromisoformat(data.decode("ascii"))


class EncryptedJSONField(EncryptedField):
    value_type = (dict, list, str, int, float, bool)

    def encode_plaintext(self, value) -> bytes:
        return json.dumps(value, cls=DjangoJSONEncoder, separators=(",", ":")).encode("utf-8")

    def decode_plaintext(self, data: bytes):
        return json.loads(data.decode("utf-8"))


class BlindIndexField(models.CharField):
    """The blind index of another field, kept in step with it on every save.

    ``legal_name_index = BlindIndexField(source="legal_name", kind="name")``; search with
    ``filter(legal_name_index=blind_index_for("name", typed_text))``.
    """

    def __init__(self, *args, source: str, kind: str, **kwargs):
        if kind not in NORMALIZERS:
            raise ValueError(f"Unknown blind index kind {kind!r}.")
        self.source = source
        self.kind = kind
        kwargs.update(max_length=64, null=True, blank=True, editable=False, db_index=True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for managed in ("max_length", "null", "blank", "editable", "db_index"):
            kwargs.pop(managed, None)
        kwargs.update(source=self.source, kind=self.kind)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        source = model_instance._meta.get_field(self.source)
        raw = model_instance.__dict__.get(source.attname, _UNLOADED)
        if (
            raw is _UNLOADED or isinstance(raw, Sealed)
        ) and self.attname in model_instance.__dict__:
            # The source was not changed since it was read: its index still holds.
            return model_instance.__dict__[self.attname]
        value = blind_index_for(self.kind, getattr(model_instance, self.source))
        model_instance.__dict__[self.attname] = value
        return value


_UNLOADED = object()

__all__ = [
    "BlindIndexField",
    "EncryptedDateField",
    "EncryptedJSONField",
    "EncryptedTextField",
    "Sealed",
    "Unreadable",
    "blind_index_for",
]
