"""Sealing of non-survivor secrets (second-factor keys and the like) under the system key."""

from protection.aead import open_sealed, seal
from protection.keyring import get_keyring


def seal_system(plaintext: bytes, *, purpose: str) -> bytes:
    """Encrypt ``plaintext`` under the system key, bound to ``purpose`` (e.g. a row's identity)."""
    return seal(get_keyring().system_key, plaintext, aad=purpose.encode("utf-8"))


def open_system(sealed: bytes, *, purpose: str) -> bytes:
    return open_sealed(get_keyring().system_key, sealed, aad=purpose.encode("utf-8"))
