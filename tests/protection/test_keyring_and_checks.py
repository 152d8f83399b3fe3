import base64

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.test.utils import isolate_apps

from protection.fields import EncryptedTextField
from protection.keyring import UnknownKeyVersion, get_keyring, parse_keks, reset_keyring_cache


def test_a_keyring_never_shows_its_keys_in_a_repr():
    keyring = get_keyring()
    shown = repr(keyring)
    for key in [*keyring.keks.values(), keyring.index_key, keyring.system_key]:
        assert base64.b64encode(key).decode() not in shown
        assert repr(key) not in shown


def test_an_unknown_kek_version_is_a_clear_error():
    with pytest.raises(UnknownKeyVersion, match="version 9"):
        get_keyring().kek(9)


def test_production_refuses_to_start_without_keys(settings, monkeypatch):
    for name in ("ALONGSIDE_KEKS", "ALONGSIDE_INDEX_KEY", "ALONGSIDE_SYSTEM_KEY"):
        monkeypatch.delenv(name)
    settings.PRODUCTION = True
    reset_keyring_cache()
    with pytest.raises(ImproperlyConfigured, match="ALONGSIDE_KEKS"):
        get_keyring()


def test_a_malformed_kek_list_names_the_variable_not_the_key():
    with pytest.raises(ImproperlyConfigured) as raised:
        parse_keks("1:not-base64!!")
    assert "not-base64" not in str(raised.value)


@isolate_apps("tests.protection.fixture_app")
def test_a_model_with_encrypted_fields_needs_a_python_uuid_and_an_owner():
    class Careless(models.Model):
        secret = EncryptedTextField()

        class Meta:
            app_label = "protection_fixture"

        def __str__(self) -> str:
            return "careless"

    ids = {error.id for error in Careless._meta.get_field("secret").check()}
    assert ids == {"protection.E001", "protection.E002"}
