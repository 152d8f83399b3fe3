"""AES-256-GCM sealing with a versioned binary format.

A sealed value is ``FORMAT (1 byte) | NONCE (12 bytes) | CIPHERTEXT+TAG``. The associated data
is never stored: the caller supplies it again on opening, so a value moved to another row,
column or purpose fails to open. Every failure raises ``DecryptionError``; nothing fails open,
and no message ever quotes the sealed bytes (which may be plaintext stored by mistake).
"""

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT_V1 = 1
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_BYTES = 32
MINIMUM_SEALED_BYTES = 1 + NONCE_BYTES + TAG_BYTES


class DecryptionError(Exception):
    """A sealed value could not be opened: wrong key, wrong place, tampered or not sealed."""


def seal_with(cipher: AESGCM, plaintext: bytes, *, aad: bytes) -> bytes:
    """Seal with an already constructed cipher (hot paths keep one per key)."""
    nonce = os.urandom(NONCE_BYTES)
    return bytes([FORMAT_V1]) + nonce + cipher.encrypt(nonce, plaintext, aad)


def open_with(cipher: AESGCM, sealed: bytes, *, aad: bytes) -> bytes:
    if len(sealed) < MINIMUM_SEALED_BYTES:
        raise DecryptionError("The value is too short to be a sealed value.")
    if sealed[0] != FORMAT_V1:
        # The first byte is not quoted: a plaintext stored by mistake would leak through it.
        raise DecryptionError("The value is not in a known sealed-value format.")
    try:
        return cipher.decrypt(sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :], aad)
    except InvalidTag:
        raise DecryptionError(
            "The value failed authentication: wrong key, tampered, or moved from elsewhere."
        ) from None


def seal(key: bytes, plaintext: bytes, *, aad: bytes) -> bytes:
    return seal_with(AESGCM(key), plaintext, aad=aad)


def open_sealed(key: bytes, sealed: bytes, *, aad: bytes) -> bytes:
    return open_with(AESGCM(key), bytes(sealed), aad=aad)
