"""The keyring: versioned key-encryption keys, the blind-index key and the system key.

Production reads them from the environment (or ``<NAME>_FILE``) and refuses to start without
them. Development generates them once into ``var/keys.json`` (git-ignored, mode 0600). Keys are
never derived from ``SECRET_KEY``, never written to migrations, logs or the repository.

``ALONGSIDE_KEKS``        comma-separated ``version:base64key`` pairs, e.g. ``1:AbC...,2:XyZ...``
``ALONGSIDE_KEK_CURRENT`` the version new data keys are wrapped with (default: the highest)
``ALONGSIDE_INDEX_KEY``   base64 key for blind indexes (HMAC-SHA256)
``ALONGSIDE_SYSTEM_KEY``  base64 key for non-survivor secrets (second-factor keys and such)
"""

import base64
import binascii
import json
import os
import secrets
from dataclasses import dataclass, field
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from alongside import environment
from alongside.development import development_file
from protection.aead import KEY_BYTES

DEV_KEYS_FILE = "keys.json"


class UnknownKeyVersion(KeyError):
    """A wrapped key names a key-encryption key version that is not configured."""


@dataclass(frozen=True)
class Keyring:
    # repr=False: a keyring printed in a traceback or a debugger must not show key bytes.
    keks: dict[int, bytes] = field(repr=False)
    current_kek_version: int
    index_key: bytes = field(repr=False)
    system_key: bytes = field(repr=False)
    _kek_ciphers: dict[int, AESGCM] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def current_kek(self) -> bytes:
        return self.keks[self.current_kek_version]

    def kek(self, version: int) -> bytes:
        try:
            return self.keks[version]
        except KeyError:
            raise UnknownKeyVersion(
                f"No key-encryption key of version {version} is configured."
            ) from None

    def kek_cipher(self, version: int) -> AESGCM:
        """The AES-GCM cipher of a KEK version, built once per keyring (it is the hot path)."""
        cipher = self._kek_ciphers.get(version)
        if cipher is None:
            cipher = self._kek_ciphers[version] = AESGCM(self.kek(version))
        return cipher


def new_key_text() -> str:
    return base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def _decode_key(name: str, text: str) -> bytes:
    try:
        key = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{name} is not valid base64.") from None
    if len(key) != KEY_BYTES:
        raise ImproperlyConfigured(f"{name} must decode to {KEY_BYTES} bytes, not {len(key)}.")
    return key


def parse_keks(text: str, name: str = "ALONGSIDE_KEKS") -> dict[int, bytes]:
    keks: dict[int, bytes] = {}
    for item in text.split(","):
        version_text, separator, key_text = item.strip().partition(":")
        if not separator or not version_text.isdigit() or int(version_text) < 1:
            raise ImproperlyConfigured(
                f"{name} must be comma-separated 'version:base64key' pairs with versions from 1."
            )
        version = int(version_text)
        if version in keks:
            raise ImproperlyConfigured(f"{name} names version {version} twice.")
        keks[version] = _decode_key(f"{name} version {version}", key_text.strip())
    return keks


def _development_document() -> dict:
    text = development_file(
        settings.VAR_DIR,
        DEV_KEYS_FILE,
        lambda: json.dumps(
            {
                "keks": {"1": new_key_text()},
                "current": 1,
                "index": new_key_text(),
                "system": new_key_text(),
            },
            indent=2,
        ),
    )
    return json.loads(text)


def _from_environment() -> Keyring | None:
    try:
        keks_text = environment.string("ALONGSIDE_KEKS")
        index_text = environment.string("ALONGSIDE_INDEX_KEY")
        system_text = environment.string("ALONGSIDE_SYSTEM_KEY")
        current_text = environment.string("ALONGSIDE_KEK_CURRENT")
    except environment.ConfigurationError as error:
        raise ImproperlyConfigured(str(error)) from None
    given = [keks_text, index_text, system_text]
    if not any(given):
        return None
    if not all(given):
        raise ImproperlyConfigured(
            "ALONGSIDE_KEKS, ALONGSIDE_INDEX_KEY and ALONGSIDE_SYSTEM_KEY must be set together."
        )
    keks = parse_keks(keks_text)
    current = int(current_text) if current_text and current_text.isdigit() else max(keks)
    if current_text and not current_text.isdigit():
        raise ImproperlyConfigured("ALONGSIDE_KEK_CURRENT must be a key version number.")
    if current not in keks:
        raise ImproperlyConfigured(
            f"ALONGSIDE_KEK_CURRENT names version {current}, not in ALONGSIDE_KEKS."
        )
    return Keyring(
        keks=keks,
        current_kek_version=current,
        index_key=_decode_key("ALONGSIDE_INDEX_KEY", index_text),
        system_key=_decode_key("ALONGSIDE_SYSTEM_KEY", system_text),
    )


def _from_development_file() -> Keyring:
    document = _development_document()
    keks = {
        int(version): _decode_key(f"{DEV_KEYS_FILE} kek {version}", text)
        for version, text in document["keks"].items()
    }
    return Keyring(
        keks=keks,
        current_kek_version=int(document["current"]),
        index_key=_decode_key(f"{DEV_KEYS_FILE} index", document["index"]),
        system_key=_decode_key(f"{DEV_KEYS_FILE} system", document["system"]),
    )


@lru_cache(maxsize=1)
def get_keyring() -> Keyring:
    keyring = _from_environment()
    if keyring is not None:
        return keyring
    if settings.PRODUCTION:
        raise ImproperlyConfigured(
            "Production mode needs ALONGSIDE_KEKS, ALONGSIDE_INDEX_KEY and ALONGSIDE_SYSTEM_KEY "
            "(or the matching *_FILE). See the README, 'Keys'."
        )
    return _from_development_file()


def keys_come_from_environment() -> bool:
    return _from_environment() is not None


def _write_development_document(document: dict) -> None:
    """Replace keys.json atomically, readable by its owner only, as it was created."""
    path = settings.VAR_DIR / DEV_KEYS_FILE
    temporary = path.with_name(f".{DEV_KEYS_FILE}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(document, indent=2))
    os.replace(temporary, path)


def development_kek_add() -> int:
    """Add a KEK version to the development keys file and make it current; return it."""
    document = _development_document()
    version = max(int(number) for number in document["keks"]) + 1
    document["keks"][str(version)] = new_key_text()
    document["current"] = version
    _write_development_document(document)
    reset_keyring_cache()
    return version


def development_kek_remove(version: int) -> None:
    document = _development_document()
    del document["keks"][str(version)]
    _write_development_document(document)
    reset_keyring_cache()


def reset_keyring_cache() -> None:
    """Forget the loaded keyring, after the key configuration changed (rotation, tests)."""
    get_keyring.cache_clear()
