"""Crypto-shredding: the key goes, the ciphertext stays, and nothing can read it again."""

import pytest

from audit.models import AuditAction, AuditEvent
from protection.exceptions import DataShredded, ProtectedDataError
from protection.fields import Sealed
from protection.models import DataKey, ShredTombstone
from protection.services import data_key_shred
from tests.protection.fixture_app.models import Vault, VaultEntry
from tests.protection.raw_storage import raw_column

pytestmark = pytest.mark.django_db

NAME = "Marisol Quintanilla"


@pytest.fixture
def vault():
    vault = Vault.objects.create(legal_name=NAME, phone="202 555 0147")
    VaultEntry.objects.create(vault=vault, body="Talked about safe housing.", author_name="Ana")
    return vault


def shred(vault, actor):
    return data_key_shred(actor=actor, owner=vault, reason="Survivor asked to be forgotten.")


def test_shredded_data_cannot_be_read(vault, supervisor):
    shred(vault, supervisor)
    with pytest.raises(DataShredded, match="shredded"):
        Vault.objects.get(pk=vault.pk).legal_name  # noqa: B018
    with pytest.raises(DataShredded):
        VaultEntry.objects.get(vault=vault).body  # noqa: B018


def test_ciphertext_remains_in_the_database(vault, supervisor):
    before = raw_column(Vault, "legal_name", vault.pk)
    shred(vault, supervisor)
    assert raw_column(Vault, "legal_name", vault.pk) == before
    assert isinstance(Vault.objects.values_list("legal_name", flat=True).get(), Sealed)


def test_the_wrapped_key_is_destroyed(vault, supervisor):
    shred(vault, supervisor)
    key = DataKey.objects.get(owner_id=vault.pk)
    assert bytes(key.wrapped_key) == b""
    assert key.shredded_at is not None


def test_blind_indexes_of_the_owner_and_its_children_are_deleted(vault, supervisor):
    other = Vault.objects.create(legal_name="Someone Else Kept")
    shred(vault, supervisor)
    row = Vault.objects.filter(pk=vault.pk).values("legal_name_index", "phone_index").get()
    assert row == {"legal_name_index": None, "phone_index": None}
    assert VaultEntry.objects.get(vault=vault).author_name_index is None
    assert Vault.objects.get(pk=other.pk).legal_name_index is not None


def test_a_tombstone_and_an_audit_event_record_who_when_and_why(vault, supervisor):
    tombstone = shred(vault, supervisor)
    assert ShredTombstone.objects.get() == tombstone
    assert tombstone.owner_id == vault.pk
    assert tombstone.shredded_by == supervisor
    assert tombstone.reason == "Survivor asked to be forgotten."
    event = AuditEvent.objects.get(action=AuditAction.SHRED)
    assert event.actor == supervisor
    assert event.target_id == vault.pk
    assert "data_key" in event.fields
    assert NAME not in str(event.fields) + event.reason


def test_nothing_new_can_be_encrypted_for_a_shredded_owner(vault, supervisor):
    shred(vault, supervisor)
    with pytest.raises(DataShredded):
        VaultEntry.objects.create(vault=vault, body="Written after shredding.")


def test_an_owner_without_data_is_shredded_too(supervisor):
    empty = Vault.objects.create(reference="R-0")
    shred(empty, supervisor)
    with pytest.raises(DataShredded):
        VaultEntry.objects.create(vault=empty, body="Too late for this.")


def test_shredding_needs_a_reason(vault, supervisor):
    with pytest.raises(ValueError, match="why"):
        data_key_shred(actor=supervisor, owner=vault, reason="  ")
    assert not DataKey.objects.filter(shredded_at__isnull=False).exists()


def test_shredding_twice_is_refused(vault, supervisor):
    shred(vault, supervisor)
    with pytest.raises(ProtectedDataError, match="already"):
        shred(vault, supervisor)
    assert ShredTombstone.objects.count() == 1


def test_a_failure_midway_leaves_the_key_intact(vault, supervisor, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr("protection.services.audit_record", broken)
    with pytest.raises(RuntimeError):
        shred(vault, supervisor)
    assert Vault.objects.get(pk=vault.pk).legal_name == NAME
    assert not ShredTombstone.objects.exists()
