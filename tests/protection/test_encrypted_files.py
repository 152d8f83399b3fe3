"""Attachments are sealed before storage and come back only through an access-checked view."""

import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.http import Http404
from django.test import RequestFactory

from protection.exceptions import DataShredded, FieldDecryptionError
from protection.files import (
    CHUNK_BYTES,
    decrypted_file_response,
    encrypted_file_chunks,
    encrypted_file_save,
)
from protection.services import data_key_shred
from tests.protection.fixture_app.models import Vault, VaultEntry

pytestmark = pytest.mark.django_db

DOCUMENT = b"%PDF-1.7 Release of information signed by Yevgenia Lazarescu. " * 3000


@pytest.fixture
def storage(tmp_path):
    return FileSystemStorage(location=tmp_path)


@pytest.fixture
def vault():
    return Vault.objects.create(legal_name="Yevgenia Lazarescu")


def read_back(vault, name, storage, bound_to="attachment:1") -> bytes:
    return b"".join(
        encrypted_file_chunks(owner=vault, name=name, bound_to=bound_to, storage=storage)
    )


def test_a_file_round_trips_across_many_chunks(vault, storage):
    assert len(DOCUMENT) > 2 * CHUNK_BYTES
    name = encrypted_file_save(
        owner=vault, bound_to="attachment:1", content=ContentFile(DOCUMENT), storage=storage
    )
    assert read_back(vault, name, storage) == DOCUMENT


@pytest.mark.parametrize("size", [0, 1, CHUNK_BYTES, CHUNK_BYTES + 1])
def test_edge_sizes_round_trip(vault, storage, size):
    content = os.urandom(size)
    name = encrypted_file_save(
        owner=vault, bound_to="attachment:1", content=content, storage=storage
    )
    assert read_back(vault, name, storage) == content


def test_storage_holds_no_plaintext_and_a_meaningless_name(vault, storage):
    name = encrypted_file_save(
        owner=vault, bound_to="attachment:1", content=DOCUMENT, storage=storage
    )
    stored = storage.open(name).read()
    assert b"Yevgenia" not in stored
    assert b"%PDF" not in stored
    assert name.startswith("protected/") and "Yevgenia" not in name


def test_a_child_row_can_own_a_file_through_its_owner(vault, storage):
    entry = VaultEntry.objects.create(vault=vault, body="See the attached form.")
    name = encrypted_file_save(owner=entry, bound_to="entry:1", content=b"form", storage=storage)
    assert read_back(vault, name, storage, bound_to="entry:1") == b"form"


def test_a_file_bound_elsewhere_does_not_open(vault, storage):
    name = encrypted_file_save(
        owner=vault, bound_to="attachment:1", content=DOCUMENT, storage=storage
    )
    with pytest.raises(FieldDecryptionError):
        read_back(vault, name, storage, bound_to="attachment:2")


def test_another_owners_key_does_not_open_it(vault, storage):
    other = Vault.objects.create(legal_name="Other Person")
    name = encrypted_file_save(
        owner=vault, bound_to="attachment:1", content=DOCUMENT, storage=storage
    )
    with pytest.raises(FieldDecryptionError):
        read_back(other, name, storage)


def rewrite(storage, name, change) -> None:
    path = storage.path(name)
    with open(path, "rb") as handle:
        data = handle.read()
    with open(path, "wb") as handle:
        handle.write(change(data))


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda data: data[:-100], id="cut-inside-last-chunk"),
        pytest.param(lambda data: data[: 4 + 4 + CHUNK_BYTES + 29], id="cut-at-chunk-boundary"),
        pytest.param(lambda data: data[:500] + bytes([data[500] ^ 1]) + data[501:], id="bit-flip"),
        pytest.param(lambda data: data + b"extra", id="trailing-data"),
        pytest.param(lambda data: b"XXXX" + data[4:], id="not-encrypted"),
    ],
)
def test_a_tampered_file_is_refused(vault, storage, change, caplog):
    name = encrypted_file_save(
        owner=vault, bound_to="attachment:1", content=DOCUMENT, storage=storage
    )
    rewrite(storage, name, change)
    with pytest.raises(FieldDecryptionError):
        read_back(vault, name, storage)
    assert "Yevgenia" not in caplog.text


def test_chunks_cannot_be_reordered(vault, storage):
    name = encrypted_file_save(
        owner=vault, bound_to="attachment:1", content=DOCUMENT, storage=storage
    )
    record = 4 + CHUNK_BYTES + 29

    def swap_first_two(data):
        body = data[4:]
        return data[:4] + body[record : 2 * record] + body[:record] + body[2 * record :]

    rewrite(storage, name, swap_first_two)
    with pytest.raises(FieldDecryptionError):
        read_back(vault, name, storage)


def test_a_shredded_owners_file_fails_before_any_response_starts(vault, storage, supervisor):
    name = encrypted_file_save(
        owner=vault, bound_to="attachment:1", content=DOCUMENT, storage=storage
    )
    data_key_shred(actor=supervisor, owner=vault, reason="Asked to be forgotten.")
    with pytest.raises(DataShredded):
        decrypted_file_response(
            owner=vault, name=name, bound_to="attachment:1", filename="form.pdf", storage=storage
        )


def attachment_view(request, *, vault, name, storage, allowed_user):
    """A stand-in for the case attachment view: the access check comes first."""
    if request.user != allowed_user:
        raise Http404
    return decrypted_file_response(
        owner=vault,
        name=name,
        bound_to="attachment:1",
        filename="release form.pdf",
        content_type="application/pdf",
        storage=storage,
    )


def test_the_view_streams_the_decrypted_file_to_someone_allowed(vault, storage, supervisor):
    name = encrypted_file_save(
        owner=vault, bound_to="attachment:1", content=DOCUMENT, storage=storage
    )
    request = RequestFactory().get("/attachments/1")
    request.user = supervisor
    response = attachment_view(
        request, vault=vault, name=name, storage=storage, allowed_user=supervisor
    )
    assert response.streaming
    assert b"".join(response.streaming_content) == DOCUMENT
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store, private"
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_view_refuses_someone_else_before_decrypting(vault, storage, supervisor, monkeypatch):
    name = encrypted_file_save(
        owner=vault, bound_to="attachment:1", content=DOCUMENT, storage=storage
    )
    request = RequestFactory().get("/attachments/1")
    request.user = object()
    monkeypatch.setattr(
        "protection.files.data_key_cipher",
        lambda *args, **kwargs: pytest.fail("decrypted for an outsider"),
    )
    with pytest.raises(Http404):
        attachment_view(request, vault=vault, name=name, storage=storage, allowed_user=supervisor)
