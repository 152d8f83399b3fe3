"""Every way a stored value can be wrong raises a clear error, logged without the value."""

import logging

import pytest

from protection.exceptions import FieldDecryptionError
from protection.keyring import new_key_text, reset_keyring_cache
from protection.models import DataKey
from tests.protection.fixture_app.models import Vault, VaultEntry
from tests.protection.raw_storage import raw_column, raw_write

pytestmark = pytest.mark.django_db

SECRET = "Quilliam Ravensworth"
OTHER = "Ottoline Featherby"


@pytest.fixture
def vault():
    return Vault.objects.create(legal_name=SECRET, alias=OTHER)


def read_fresh(model, pk, field: str):
    return getattr(model.objects.get(pk=pk), field)


def assert_refused_and_logged_without_value(caplog, read, *secrets):
    caplog.set_level(logging.ERROR, logger="protection")
    with pytest.raises(FieldDecryptionError) as raised:
        read()
    text = str(raised.value) + caplog.text
    for secret in (SECRET, OTHER, *secrets):
        assert secret not in text
        assert secret.split()[0] not in text
    assert any(record.name == "protection" for record in caplog.records)
    return raised.value


def test_ciphertext_swapped_between_rows_is_refused(vault, caplog):
    other = Vault.objects.create(legal_name=OTHER)
    raw_write(Vault, "legal_name", other.pk, raw_column(Vault, "legal_name", vault.pk))
    error = assert_refused_and_logged_without_value(
        caplog, lambda: read_fresh(Vault, other.pk, "legal_name")
    )
    assert "legal_name" in str(error)


def test_ciphertext_swapped_between_rows_of_the_same_owner_is_refused(vault, caplog):
    first = VaultEntry.objects.create(vault=vault, body="Entry kept private one")
    second = VaultEntry.objects.create(vault=vault, body="Entry kept private two")
    raw_write(VaultEntry, "body", second.pk, raw_column(VaultEntry, "body", first.pk))
    assert_refused_and_logged_without_value(
        caplog, lambda: read_fresh(VaultEntry, second.pk, "body"), "Entry kept private"
    )


def test_ciphertext_swapped_between_columns_is_refused(vault, caplog):
    raw_write(Vault, "alias", vault.pk, raw_column(Vault, "legal_name", vault.pk))
    assert_refused_and_logged_without_value(caplog, lambda: read_fresh(Vault, vault.pk, "alias"))


def test_truncated_ciphertext_is_refused(vault, caplog):
    stored = raw_column(Vault, "legal_name", vault.pk)
    raw_write(Vault, "legal_name", vault.pk, stored[:-5])
    assert_refused_and_logged_without_value(
        caplog, lambda: read_fresh(Vault, vault.pk, "legal_name")
    )


def test_ciphertext_cut_below_the_minimum_is_refused(vault, caplog):
    raw_write(Vault, "legal_name", vault.pk, raw_column(Vault, "legal_name", vault.pk)[:10])
    error = assert_refused_and_logged_without_value(
        caplog, lambda: read_fresh(Vault, vault.pk, "legal_name")
    )
    assert "too short" in str(error)


@pytest.mark.parametrize("position", [1, 13, -1])
def test_bit_flipped_ciphertext_is_refused(vault, caplog, position):
    stored = bytearray(raw_column(Vault, "legal_name", vault.pk))
    stored[position] ^= 0x01
    raw_write(Vault, "legal_name", vault.pk, bytes(stored))
    assert_refused_and_logged_without_value(
        caplog, lambda: read_fresh(Vault, vault.pk, "legal_name")
    )


def test_unknown_format_version_is_refused(vault, caplog):
    stored = bytearray(raw_column(Vault, "legal_name", vault.pk))
    stored[0] = 9
    raw_write(Vault, "legal_name", vault.pk, bytes(stored))
    error = assert_refused_and_logged_without_value(
        caplog, lambda: read_fresh(Vault, vault.pk, "legal_name")
    )
    assert "format" in str(error)


def test_plaintext_where_ciphertext_belongs_is_refused(vault, caplog):
    plaintext = "Plainly Written Secret Name Here"
    raw_write(Vault, "legal_name", vault.pk, plaintext.encode())
    assert_refused_and_logged_without_value(
        caplog, lambda: read_fresh(Vault, vault.pk, "legal_name"), plaintext
    )


def test_data_key_of_an_unknown_kek_version_is_refused(vault, caplog):
    DataKey.objects.update(kek_version=7)
    error = assert_refused_and_logged_without_value(
        caplog, lambda: read_fresh(Vault, vault.pk, "legal_name")
    )
    assert "version 7" in str(error)


def test_data_key_under_a_wrong_kek_is_refused(vault, caplog, monkeypatch):
    monkeypatch.setenv("ALONGSIDE_KEKS", f"1:{new_key_text()}")
    reset_keyring_cache()
    assert_refused_and_logged_without_value(
        caplog, lambda: read_fresh(Vault, vault.pk, "legal_name")
    )


def test_wrapped_key_moved_to_another_owner_is_refused(vault, caplog):
    other = Vault.objects.create(legal_name=OTHER)
    wrapped = DataKey.objects.get(owner_id=vault.pk).wrapped_key
    DataKey.objects.filter(owner_id=other.pk).update(wrapped_key=wrapped)
    assert_refused_and_logged_without_value(
        caplog, lambda: read_fresh(Vault, other.pk, "legal_name")
    )
