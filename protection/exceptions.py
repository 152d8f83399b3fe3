"""Errors of the protection layer. No message ever contains a protected value."""

from django.utils.translation import gettext_lazy as _

from protection.aead import DecryptionError


class ProtectedDataError(Exception):
    """Protected data could not be read or written; the message says why, never what."""


class DataShredded(ProtectedDataError):
    """The owner's data key was destroyed: their data can never be read again."""

    def __init__(self) -> None:
        super().__init__(_("This survivor's data was shredded and can no longer be read."))


class DataKeyMissing(ProtectedDataError):
    """Encrypted data exists for an owner that has no data key."""


class FieldDecryptionError(ProtectedDataError, DecryptionError):
    """A stored ciphertext did not open: wrong key, tampered, truncated, moved, or plaintext."""


class NotEncryptable(ProtectedDataError, TypeError):
    """A value cannot go where ciphertext belongs (a filter on plaintext, a missing pk...)."""
