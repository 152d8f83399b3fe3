"""KEK rotation: add a version, re-wrap every data key to it, retire the old one."""

import json
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import close_old_connections, connection

from audit.models import AuditAction, AuditEvent
from protection.exceptions import ProtectedDataError
from protection.keyring import get_keyring
from protection.models import DataKey
from protection.services import data_keys_rewrap_batch, kek_retire
from tests.protection.fixture_app.models import Vault
from tests.protection.raw_storage import raw_column


def make_vaults(count: int) -> list[Vault]:
    return [Vault.objects.create(legal_name=f"Survivor Name {n:04d}") for n in range(count)]


def run(command: str, *args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(command, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_rewrap_moves_every_data_key_and_leaves_fields_untouched(add_kek):
    vaults = make_vaults(5)
    ciphertexts = [raw_column(Vault, "legal_name", v.pk) for v in vaults]
    version = add_kek()
    output = run("keys_rewrap", "--batch-size", "2")
    assert "Re-wrapped 5 data keys" in output
    assert set(DataKey.objects.values_list("kek_version", flat=True)) == {version}
    assert [raw_column(Vault, "legal_name", v.pk) for v in vaults] == ciphertexts
    assert [Vault.objects.get(pk=v.pk).legal_name for v in vaults] == [
        f"Survivor Name {n:04d}" for n in range(5)
    ]


@pytest.mark.django_db
def test_rewrap_is_resumable_batch_by_batch(add_kek):
    make_vaults(5)
    version = add_kek()
    assert data_keys_rewrap_batch(actor=None, batch_size=2) == 2
    assert DataKey.objects.filter(kek_version=version).count() == 2
    assert data_keys_rewrap_batch(actor=None, batch_size=10) == 3
    assert data_keys_rewrap_batch(actor=None, batch_size=10) == 0


@pytest.mark.django_db
def test_each_batch_writes_a_key_operation_audit_event(add_kek):
    make_vaults(3)
    add_kek()
    data_keys_rewrap_batch(actor=None, batch_size=2, reason="Test run.")
    event = AuditEvent.objects.get(action=AuditAction.KEY_OPERATION)
    assert "Re-wrapped 2 data keys" in event.reason


@pytest.mark.django_db
def test_new_data_keys_use_the_new_version_while_old_ones_still_read(add_kek):
    old = make_vaults(1)[0]
    version = add_kek()
    new = Vault.objects.create(legal_name="Created After Rotation")
    assert DataKey.objects.get(owner_id=new.pk).kek_version == version
    assert DataKey.objects.get(owner_id=old.pk).kek_version == 1
    assert Vault.objects.get(pk=old.pk).legal_name == "Survivor Name 0000"


@pytest.mark.django_db
def test_shredded_keys_are_not_rewrapped(add_kek, supervisor):
    from protection.services import data_key_shred

    vault = make_vaults(1)[0]
    data_key_shred(actor=supervisor, owner=vault, reason="Asked to be forgotten.")
    add_kek()
    assert data_keys_rewrap_batch(actor=None) == 0


@pytest.mark.django_db
def test_the_background_task_rewraps_everything(add_kek):
    from protection.tasks import data_keys_rewrap

    make_vaults(4)
    version = add_kek()
    assert data_keys_rewrap.apply(kwargs={"batch_size": 3}).get() == 4
    assert set(DataKey.objects.values_list("kek_version", flat=True)) == {version}


@pytest.mark.django_db
def test_keys_rewrap_background_queues_the_task(add_kek, monkeypatch):
    from alongside.celery import app

    # Run the queued task in-process: with REDIS_URL set it would otherwise wait in Redis for
    # whichever worker starts next (the real-worker test has its own task for that).
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    make_vaults(2)
    add_kek()
    assert "Queued re-wrapping" in run("keys_rewrap", "--background")
    assert not DataKey.objects.filter(kek_version=1).exists()


@pytest.mark.django_db
def test_retiring_is_refused_while_a_data_key_uses_the_version(add_kek):
    make_vaults(1)
    add_kek()
    with pytest.raises(ProtectedDataError, match="still wraps 1"):
        kek_retire(actor=None, version=1)
    with pytest.raises(CommandError, match="keys_rewrap"):
        run("keys_retire", "1")


@pytest.mark.django_db
def test_retiring_the_current_version_is_refused():
    with pytest.raises(ProtectedDataError, match="current"):
        kek_retire(actor=None, version=1)


@pytest.mark.django_db
def test_retiring_after_rewrap_tells_the_operator_to_remove_it(add_kek):
    make_vaults(1)
    add_kek()
    run("keys_rewrap")
    assert "Remove the entry 1:" in run("keys_retire", "1")
    assert AuditEvent.objects.filter(
        reason__contains="Retired key-encryption key version 1"
    ).exists()


@pytest.mark.django_db
def test_status_shows_versions_counts_and_shredded(add_kek, supervisor):
    from protection.services import data_key_shred

    vaults = make_vaults(3)
    data_key_shred(actor=supervisor, owner=vaults[0], reason="Asked to be forgotten.")
    add_kek()
    output = run("keys_status")
    assert "Current KEK version: 2" in output
    assert "(run keys_rewrap)" in output
    assert "Shredded data keys: 1" in output


@pytest.mark.django_db
def test_keys_add_from_the_environment_prints_a_new_key_once():
    output = run("keys_add")
    line = output.strip().splitlines()[-1]
    assert line.startswith("2:")
    assert get_keyring().current_kek_version == 1  # the environment, not us, decides
    assert AuditEvent.objects.filter(action=AuditAction.KEY_OPERATION).count() == 1
    assert line[2:] not in str(list(AuditEvent.objects.values()))


@pytest.mark.django_db
def test_development_rotation_end_to_end(development_keys):
    vault = make_vaults(1)[0]
    assert "Added KEK version 2" in run("keys_add")
    assert get_keyring().current_kek_version == 2
    run("keys_rewrap")
    assert "Retired KEK version 1" in run("keys_retire", "1")
    document = json.loads(development_keys.read_text())
    assert list(document["keks"]) == ["2"]
    assert oct(development_keys.stat().st_mode & 0o777) == "0o600"
    assert Vault.objects.get(pk=vault.pk).legal_name == "Survivor Name 0000"


@pytest.mark.django_db(transaction=True)
def test_reads_keep_working_while_rotation_runs(add_kek):
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite's shared-cache in-memory test database locks whole tables between threads "
            "(an artefact of the test database, not of rotation); this runs on PostgreSQL."
        )
    vaults = make_vaults(60)
    add_kek()
    stop = threading.Event()
    failures: list[BaseException] = []
    reads = [0]

    def read_continuously():
        try:
            while not stop.is_set():
                for vault in vaults[::7]:
                    loaded = Vault.objects.get(pk=vault.pk)
                    assert loaded.legal_name.startswith("Survivor Name")
                    reads[0] += 1
        except BaseException as error:  # reported to the main thread
            failures.append(error)
        finally:
            close_old_connections()
            connection.close()

    readers = [threading.Thread(target=read_continuously) for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        while data_keys_rewrap_batch(actor=None, batch_size=5):
            pass
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert not failures, failures
    assert reads[0] > 0
    assert not DataKey.objects.filter(kek_version=1).exists()
