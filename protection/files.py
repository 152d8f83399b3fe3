"""Encrypted files: attachments are sealed with their owner's data key before storage.

A stored file is ``MAGIC`` followed by chunks, each ``LENGTH (4 bytes) | sealed chunk``. Each
chunk is sealed on its own (so large files stream in constant memory) with associated data
naming what the file is bound to, the chunk's position and whether it is the last one: chunks
cannot be reordered, dropped, moved to another file, or cut off at the end unnoticed. The name
in storage is random and says nothing about the file; keep the original name in an encrypted
field.
"""

import logging
import struct
import tempfile
import uuid
from collections.abc import Iterable, Iterator

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import models
from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header

from protection.aead import MINIMUM_SEALED_BYTES, DecryptionError, open_with, seal_with
from protection.envelope import data_key_cipher, owner_ref_for
from protection.exceptions import FieldDecryptionError

logger = logging.getLogger("protection")

MAGIC = b"ALF1"
CHUNK_BYTES = 64 * 1024
_LENGTH = struct.Struct(">I")
_SPOOL_BYTES = 8 * 1024 * 1024


def _chunk_aad(bound_to: str, index: int, final: bool) -> bytes:
    return f"alongside.file.v1|{bound_to}|{index}|{int(final)}".encode()


def _plaintext_chunks(content) -> Iterator[bytes]:
    if isinstance(content, bytes | bytearray | memoryview):
        data = bytes(content)
        for start in range(0, len(data), CHUNK_BYTES):
            yield data[start : start + CHUNK_BYTES]
        return
    if hasattr(content, "seek"):
        content.seek(0)
    while True:
        chunk = content.read(CHUNK_BYTES)
        if not chunk:
            return
        yield chunk


def encrypted_file_save(
    *, owner: models.Model, bound_to: str, content, storage: Storage | None = None
) -> str:
    """Encrypt ``content`` (bytes or a file) for ``owner`` and store it; return the name.

    ``owner`` is the data-key owner or a model that names one (an attachment row);
    ``bound_to`` names what the file belongs to (e.g. ``"cases_attachment:<uuid>"``) and
    must be given again to read it.
    """
    storage = storage or default_storage
    cipher = data_key_cipher(owner_ref_for(owner), create=True)
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as sealed_file:
        sealed_file.write(MAGIC)
        index = 0
        pending: bytes | None = None
        for chunk in _plaintext_chunks(content):
            if pending is not None:
                _write_chunk(sealed_file, cipher, pending, bound_to, index, final=False)
                index += 1
            pending = chunk
        _write_chunk(sealed_file, cipher, pending or b"", bound_to, index, final=True)
        sealed_file.seek(0)
        return storage.save(f"protected/{uuid.uuid4().hex}.sealed", File(sealed_file))


def _write_chunk(handle, cipher, chunk: bytes, bound_to: str, index: int, *, final: bool):
    sealed = seal_with(cipher, chunk, aad=_chunk_aad(bound_to, index, final))
    handle.write(_LENGTH.pack(len(sealed)))
    handle.write(sealed)


def encrypted_file_chunks(
    *, owner: models.Model, name: str, bound_to: str, storage: Storage | None = None
) -> Iterator[bytes]:
    """The decrypted content of a stored file, chunk by chunk.

    The key is unwrapped and the first chunk authenticated before this returns, so a shredded
    owner, a wrong binding or a tampered start fails here, before any response is begun. Every
    later chunk is authenticated before it is yielded: no unauthenticated byte ever leaves.
    """
    storage = storage or default_storage
    cipher = data_key_cipher(owner_ref_for(owner))
    handle = storage.open(name, "rb")
    try:
        reader = _ChunkReader(handle, cipher, bound_to, name)
        first = reader.next_chunk()
    except BaseException:
        handle.close()
        raise
    return _stream(handle, reader, first)


def _stream(handle, reader: "_ChunkReader", first: bytes | None) -> Iterator[bytes]:
    try:
        chunk = first
        while chunk is not None:
            yield chunk
            chunk = reader.next_chunk()
    finally:
        handle.close()


class _ChunkReader:
    def __init__(self, handle, cipher, bound_to: str, name: str):
        self.handle = handle
        self.cipher = cipher
        self.bound_to = bound_to
        self.name = name
        self.index = 0
        self.finished = False
        if handle.read(len(MAGIC)) != MAGIC:
            self._fail("it is not an encrypted file")

    def _fail(self, reason: str):
        logger.error("Could not decrypt stored file %s: %s", self.name, reason)
        raise FieldDecryptionError(f"Could not decrypt stored file {self.name}: {reason}.")

    def next_chunk(self) -> bytes | None:
        header = self.handle.read(_LENGTH.size)
        if self.finished:
            if header:
                self._fail("there is data after its last chunk")
            return None
        if len(header) != _LENGTH.size:
            self._fail("it was cut short")
        (length,) = _LENGTH.unpack(header)
        if length < MINIMUM_SEALED_BYTES or length > CHUNK_BYTES + MINIMUM_SEALED_BYTES:
            self._fail("a chunk has an impossible length")
        sealed = self.handle.read(length)
        if len(sealed) != length:
            self._fail("it was cut short")
        for final in (False, True):
            try:
                plaintext = open_with(
                    self.cipher, sealed, aad=_chunk_aad(self.bound_to, self.index, final)
                )
            except DecryptionError:
                continue
            self.index += 1
            self.finished = final
            return plaintext
        self._fail("a chunk failed authentication (wrong key, binding, order, or tampered)")
        return None  # unreachable: _fail raises


def decrypted_file_response(
    *,
    owner: models.Model,
    name: str,
    bound_to: str,
    filename: str,
    content_type: str = "application/octet-stream",
    storage: Storage | None = None,
) -> StreamingHttpResponse:
    """Stream a stored file back decrypted. Call it only from a view that checked access."""
    chunks: Iterable[bytes] = encrypted_file_chunks(
        owner=owner, name=name, bound_to=bound_to, storage=storage
    )
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def encrypted_file_delete(*, name: str, storage: Storage | None = None) -> None:
    (storage or default_storage).delete(name)
