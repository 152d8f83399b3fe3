"""AES-256-GCM sealing with a versioned binary format.

A sealed value is ``FORMAT (1 byte) | NONCE (12 bytes) | CIPHERTEXT+TAG``. The associated data
is never stored: the caller supplies it again on opening, so a value moved to another row,
column or purpose fails to open. Every failure raises ``DecryptionError``; nothing fails open.
"""

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT_V1 = 1
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_BYTES = 32


class DecryptionError(Exception):
    """A sealed value could not be opened: wrong key, wrong place, tampered or not sealed."""


def seal(key: bytes, plaintext: bytes, *, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return bytes([FORMAT_V1]) + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def open_sealed(key: bytes, sealed: bytes, *, aad: bytes) -> bytes:
    sealed = bytes(sealed)
    if len(sealed) < 1 + NONCE_BYTES + TAG_BYTES:
        raise DecryptionError("The value is too short to be a sealed value.")
    if sealed[0] != FORMAT_V1:
        raise DecryptionError(f"Unknown sealed-value format {sealed[0]}.")
    nonce = sealed[1 : 1 + NONCE_BYTES]
    try:
        return AESGCM(key).decrypt(nonce, sealed[1 + NONCE_BYTES :], aad)
    except InvalidTag:
        raise DecryptionError(
            "The value failed authentication: wrong key, tampered, or moved from elsewhere."
        ) from None
