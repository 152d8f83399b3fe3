"""A stale or emptied cell is refused like any other damage; "not recorded" and "declined"
are sealed values; and the row version bound into the associated data survives the saves
that optimistic concurrency makes and a key rotation."""

import datetime
import logging

import pytest

from protection.envelope import data_key_cache
from protection.exceptions import FieldDecryptionError
from protection.fields import blind_index_for
from protection.services import data_keys_rewrap_batch
from tests.protection.fixture_app.models import Dossier, DossierPage, Vault
from tests.protection.raw_storage import raw_column, raw_write

pytestmark = pytest.mark.django_db

NAME = "Oriane Thistlewood"
LATER = "Oriane Brackenfold"


def fresh(model, pk):
    return model.objects.get(pk=pk)


def bump(dossier: Dossier, **changes) -> Dossier:
    """As a service does: lock, check, change, bump the version, save."""
    current = Dossier.objects.select_for_update().get(pk=dossier.pk)
    for name, value in changes.items():
        setattr(current, name, value)
    current.version += 1
    current.save()
    return current


def assert_refused_without_value(caplog, read):
    caplog.set_level(logging.ERROR, logger="protection")
    with pytest.raises(FieldDecryptionError) as raised:
        read()
    text = str(raised.value) + caplog.text
    assert "Oriane" not in text
    assert "Thistlewood" not in text
    return raised.value


def test_an_older_ciphertext_of_the_same_cell_put_back_is_refused(caplog):
    dossier = Dossier.objects.create(name=NAME)
    old = raw_column(Dossier, "name", dossier.pk)
    bump(dossier, name=LATER)
    raw_write(Dossier, "name", dossier.pk, old)
    assert_refused_without_value(caplog, lambda: fresh(Dossier, dossier.pk).name)


def test_an_older_ciphertext_of_an_unchanged_cell_is_refused_too(caplog):
    dossier = Dossier.objects.create(name=NAME, born=datetime.date(1990, 1, 2))
    old = raw_column(Dossier, "born", dossier.pk)
    bump(dossier, name=LATER)
    assert fresh(Dossier, dossier.pk).born == datetime.date(1990, 1, 2)
    raw_write(Dossier, "born", dossier.pk, old)
    assert_refused_without_value(caplog, lambda: fresh(Dossier, dossier.pk).born)


def test_a_versioned_child_row_binds_its_own_version(caplog):
    page = DossierPage.objects.create(dossier=Dossier.objects.create(name=NAME), body="First")
    old = raw_column(DossierPage, "body", page.pk)
    page.body, page.version = "Second", page.version + 1
    page.save()
    assert fresh(DossierPage, page.pk).body == "Second"
    raw_write(DossierPage, "body", page.pk, old)
    assert_refused_without_value(caplog, lambda: fresh(DossierPage, page.pk).body)


def test_a_version_bump_naming_only_the_version_reseals_every_field():
    dossier = Dossier.objects.create(name=NAME, flags=["urgent"])
    loaded = fresh(Dossier, dossier.pk)
    loaded.status, loaded.version = "closed", loaded.version + 1
    loaded.save(update_fields=["status", "version"])
    again = fresh(Dossier, dossier.pk)
    assert (again.version, again.name, again.flags, again.born) == (2, NAME, ["urgent"], None)
    assert again.name_index == blind_index_for("name", NAME)


def test_reading_after_the_bump_and_before_the_save_still_opens():
    dossier = Dossier.objects.create(name=NAME)
    current = fresh(Dossier, dossier.pk)
    current.version += 1
    assert current.name == NAME
    current.save()
    assert current.name == NAME
    assert fresh(Dossier, dossier.pk).name == NAME


def test_a_row_loaded_without_its_version_reads_with_one_more_query(django_assert_num_queries):
    dossier = Dossier.objects.create(name=NAME)
    with data_key_cache():
        loaded = Dossier.objects.only("name").get(pk=dossier.pk)
        with django_assert_num_queries(2):  # the version, then the data key
            assert loaded.name == NAME


def test_rewrapping_keys_keeps_versioned_fields_readable(add_kek):
    dossier = bump(Dossier.objects.create(name=NAME), name=LATER)
    add_kek()
    data_keys_rewrap_batch(actor=None, batch_size=10)
    assert fresh(Dossier, dossier.pk).name == LATER


@pytest.mark.parametrize(("model", "column"), [(Dossier, "name"), (Vault, "alias")])
def test_a_nulled_cell_is_refused_not_read_as_not_recorded(caplog, model, column):
    row = model.objects.create(**{"name" if model is Dossier else "legal_name": NAME})
    raw_write(model, column, row.pk, None)
    error = assert_refused_without_value(caplog, lambda: getattr(fresh(model, row.pk), column))
    assert "empty" in str(error)


def test_an_emptied_cell_is_refused(caplog):
    vault = Vault.objects.create(legal_name=NAME)
    raw_write(Vault, "legal_name", vault.pk, b"")
    assert_refused_without_value(caplog, lambda: fresh(Vault, vault.pk).legal_name)


def test_a_nulled_cell_is_not_laundered_by_a_versioned_save(caplog):
    dossier = Dossier.objects.create(name=NAME)
    raw_write(Dossier, "name", dossier.pk, None)
    with pytest.raises(FieldDecryptionError):
        bump(dossier, status="closed")


def test_not_recorded_and_declined_are_sealed_and_distinct():
    dossier = Dossier.objects.create(name=NAME, declined=["born"])
    stored = {column: raw_column(Dossier, column, dossier.pk) for column in ("name", "born")}
    assert all(value and value[0] == 1 for value in stored.values())
    other = Dossier.objects.create(name=NAME)
    assert fresh(Dossier, dossier.pk).born is None
    assert fresh(Dossier, other.pk).born is None
    # A sealed "not recorded" put where "declined" was (same row and version) does not open.
    raw_write(Dossier, "born", dossier.pk, raw_column(Dossier, "born", other.pk))
    with pytest.raises(FieldDecryptionError):
        fresh(Dossier, dossier.pk).born  # noqa: B018


def test_declining_wins_over_a_given_value_and_drops_its_index():
    dossier = Dossier.objects.create(name=NAME)
    dossier = bump(dossier, name="Given Anyway", declined=["name"])
    loaded = fresh(Dossier, dossier.pk)
    assert loaded.name == ""
    assert loaded.name_index is None
    assert not Dossier.objects.filter(name_index=blind_index_for("name", "Given Anyway"))


def test_an_empty_text_value_is_not_a_declined_one():
    dossier = Dossier.objects.create(name="")
    declined = Dossier.objects.create(name="x", declined=["name"])
    assert raw_column(Dossier, "name", dossier.pk) != raw_column(Dossier, "name", declined.pk)
    raw_write(Dossier, "name", declined.pk, raw_column(Dossier, "name", dossier.pk))
    with pytest.raises(FieldDecryptionError):
        fresh(Dossier, declined.pk).name  # noqa: B018


def test_no_longer_declining_keeps_what_is_given_now():
    dossier = Dossier.objects.create(name="x", declined=["name"])
    dossier = bump(dossier, declined=[], name=LATER)
    assert fresh(Dossier, dossier.pk).name == LATER


def test_declining_through_update_fields_drops_the_value_and_its_index():
    dossier = Dossier.objects.create(name=NAME)
    loaded = fresh(Dossier, dossier.pk)
    loaded.declined, loaded.version = ["name"], loaded.version + 1
    loaded.save(update_fields=["declined", "version"])
    again = fresh(Dossier, dossier.pk)
    assert (again.name, again.name_index) == ("", None)
