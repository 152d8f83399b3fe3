import datetime
import json

import pytest
from django.core import serializers
from django.core.exceptions import FieldError
from django.core.management import call_command

from protection.exceptions import NotEncryptable
from protection.fields import Sealed
from protection.models import DataKey
from tests.protection.fixture_app.models import Vault, VaultEntry
from tests.protection.raw_storage import raw_column

pytestmark = pytest.mark.django_db

NAME = "Zephyrine Oduya-Marsh"


def make_vault(**fields) -> Vault:
    defaults = {
        "legal_name": NAME,
        "birth_date": datetime.date(1999, 4, 17),
        "phone": "(202) 555-0147",
        "details": {"languages": ["Tigrinya", "English"], "interpreter": True},
    }
    return Vault.objects.create(**{**defaults, **fields})


def test_code_holding_the_object_reads_plaintext():
    vault = make_vault()
    again = Vault.objects.get(pk=vault.pk)
    assert again.legal_name == NAME
    assert again.birth_date == datetime.date(1999, 4, 17)
    assert again.details == {"languages": ["Tigrinya", "English"], "interpreter": True}
    assert again.alias is None


def test_raw_sql_sees_only_ciphertext():
    vault = make_vault()
    stored = raw_column(Vault, "legal_name", vault.pk)
    assert NAME.encode() not in stored
    assert stored[0] == 1  # the versioned sealed-value format


def test_values_sees_only_ciphertext():
    vault = make_vault()
    row = Vault.objects.filter(pk=vault.pk).values("legal_name", "birth_date").get()
    assert isinstance(row["legal_name"], Sealed)
    assert NAME.encode() not in row["legal_name"]


def test_dumpdata_sees_only_ciphertext(capsys):
    vault = make_vault()
    VaultEntry.objects.create(vault=vault, body="She said the boss kept her passport.")
    call_command("dumpdata", "protection_fixture", format="json")
    dumped = capsys.readouterr().out
    assert "Zephyrine" not in dumped
    assert "passport" not in dumped
    assert "1999-04-17" not in dumped
    assert json.loads(dumped)


def test_serializer_of_a_changed_unsaved_value_is_ciphertext_too():
    vault = make_vault()
    vault.legal_name = "Another Name Entirely"
    dumped = serializers.serialize("json", [vault])
    assert "Another Name" not in dumped


def test_child_rows_use_their_owners_data_key():
    vault = make_vault()
    entry = VaultEntry.objects.create(vault=vault, body="First meeting went well.")
    assert DataKey.objects.count() == 1
    assert VaultEntry.objects.get(pk=entry.pk).body == "First meeting went well."


def test_each_owner_gets_its_own_data_key_under_the_current_kek():
    make_vault()
    make_vault(legal_name="Someone Else Entirely")
    assert DataKey.objects.count() == 2
    assert set(DataKey.objects.values_list("kek_version", flat=True)) == {1}


def test_loading_does_not_decrypt_until_the_field_is_read(django_assert_num_queries):
    vault = make_vault()
    with django_assert_num_queries(1):
        loaded = Vault.objects.get(pk=vault.pk)
    assert isinstance(loaded.__dict__["legal_name"], Sealed)


def test_saving_an_unread_field_keeps_its_ciphertext():
    vault = make_vault()
    before = raw_column(Vault, "legal_name", vault.pk)
    loaded = Vault.objects.get(pk=vault.pk)
    loaded.reference = "R-1"
    loaded.save()
    assert raw_column(Vault, "legal_name", vault.pk) == before


def test_changing_a_value_re_encrypts_it():
    vault = make_vault()
    vault.legal_name = "Changed Name Here"
    vault.save()
    assert Vault.objects.get(pk=vault.pk).legal_name == "Changed Name Here"


def test_the_same_plaintext_encrypts_differently_each_time():
    first = make_vault()
    second = make_vault()
    assert raw_column(Vault, "legal_name", first.pk) != raw_column(Vault, "legal_name", second.pk)


def test_filtering_on_an_encrypted_field_is_refused():
    make_vault()
    with pytest.raises(FieldError):
        list(Vault.objects.filter(legal_name=NAME))


def test_queryset_update_with_plaintext_is_refused():
    make_vault()
    with pytest.raises(NotEncryptable):
        Vault.objects.update(legal_name="Plain Text Leak")


def test_not_recorded_is_sealed_never_null():
    vault = make_vault(alias=None)
    assert Vault.objects.filter(alias__isnull=True).count() == 0
    stored = raw_column(Vault, "alias", vault.pk)
    assert stored is not None and stored[0] == 1
    assert Vault.objects.get(pk=vault.pk).alias is None


def test_queryset_update_to_null_is_refused():
    make_vault()
    with pytest.raises(NotEncryptable):
        Vault.objects.update(alias=None)


def test_a_value_of_the_wrong_type_is_refused_without_echoing_it():
    with pytest.raises(NotEncryptable) as raised:
        make_vault(birth_date="1999-04-17")
    assert "1999" not in str(raised.value)


def test_bulk_create_encrypts():
    vault = make_vault()
    VaultEntry.objects.bulk_create(
        [VaultEntry(vault=vault, body=f"Bulk entry number {n}") for n in range(3)]
    )
    bodies = sorted(entry.body for entry in VaultEntry.objects.all())
    assert bodies == [f"Bulk entry number {n}" for n in range(3)]
    for entry in VaultEntry.objects.all():
        assert b"Bulk entry" not in raw_column(VaultEntry, "body", entry.pk)


def test_deferred_encrypted_field_loads_and_decrypts_on_access():
    vault = make_vault()
    loaded = Vault.objects.defer("legal_name").get(pk=vault.pk)
    assert loaded.legal_name == NAME


def test_a_pickled_object_carries_ciphertext_not_the_plaintext_it_read():
    import pickle

    vault = make_vault()
    loaded = Vault.objects.get(pk=vault.pk)
    assert loaded.legal_name == NAME
    pickled = pickle.dumps(loaded)
    assert b"Zephyrine" not in pickled
    assert pickle.loads(pickled).legal_name == NAME  # noqa: S301 - our own bytes


def test_full_clean_accepts_plaintext_and_parses_iso_dates():
    vault = Vault(legal_name="Ñandú Quispe-Mamani", birth_date="1999-04-17")
    vault.full_clean()
    assert vault.legal_name == "Ñandú Quispe-Mamani"
    assert vault.birth_date == datetime.date(1999, 4, 17)


def test_full_clean_rejects_a_bad_date_without_echoing_it():
    from django.core.exceptions import ValidationError

    vault = Vault(legal_name="Someone", birth_date="17/04/1999")
    with pytest.raises(ValidationError) as raised:
        vault.full_clean()
    assert "1999" not in str(raised.value)
