import datetime
import unicodedata

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from protection.blind_index import blind_index_for, normalize_name
from tests.protection.fixture_app.models import Vault, VaultEntry

# Letters from several scripts, with and without diacritics, as survivors' names are written.
name_letters = st.characters(
    whitelist_categories=("Lu", "Ll"),
    min_codepoint=0x41,
    max_codepoint=0x24F,
)
name_words = st.lists(st.text(name_letters, min_size=1, max_size=10), min_size=1, max_size=4)
no_fixture_reset = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def respell(words: list[str], separator: str, upper: bool, decompose: bool) -> str:
    text = separator.join(words)
    text = text.upper() if upper else text.lower()
    return unicodedata.normalize("NFD" if decompose else "NFC", f"  {text} ")


@no_fixture_reset
@given(
    words=name_words,
    separator=st.sampled_from([" ", "  ", "-", " - ", ". ", "\u00a0", "_", ", "]),
    upper=st.booleans(),
    decompose=st.booleans(),
)
def test_equivalent_spellings_of_a_name_share_one_index(words, separator, upper, decompose):
    plain = " ".join(words)
    assume(normalize_name(plain))
    assert blind_index_for("name", respell(words, separator, upper, decompose)) == (
        blind_index_for("name", plain)
    )


@no_fixture_reset
@given(text=st.text(min_size=1, max_size=40))
def test_the_index_never_equals_or_contains_the_plaintext(text):
    index = blind_index_for("name", text)
    assume(index is not None)
    assert index != text
    normalized = normalize_name(text)
    if len(normalized) >= 8:
        assert normalized not in index
        assert text.strip() not in index


@no_fixture_reset
@given(day=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2030, 1, 1)))
def test_a_date_and_its_iso_text_share_one_index(day):
    assert blind_index_for("date", day) == blind_index_for("date", day.isoformat())
    assert day.isoformat() not in blind_index_for("date", day)


@pytest.mark.parametrize(
    "spelling", ["(202) 555-0147", "202-555-0147", "+1 202 555 0147", "2025550147", "+12025550147"]
)
def test_spellings_of_one_phone_number_share_one_index(spelling):
    assert blind_index_for("phone", spelling) == blind_index_for("phone", "+1 (202) 555-0147")


def test_a_foreign_number_keeps_its_country(settings):
    assert blind_index_for("phone", "+44 20 7946 0958") != blind_index_for("phone", "20 7946 0958")
    settings.PHONE_REGION = "GB"
    assert blind_index_for("phone", "+44 20 7946 0958") == blind_index_for("phone", "020 7946 0958")


def test_names_with_diacritics_and_case_match():
    assert blind_index_for("name", "José  García") == blind_index_for("name", "JOSE-GARCIA")
    assert blind_index_for("name", "O’Brien") == blind_index_for("name", "obrien")
    assert blind_index_for("name", "Straße") == blind_index_for("name", "STRASSE")


def test_different_names_differ():
    assert blind_index_for("name", "Maria Lopez") != blind_index_for("name", "Mario Lopez")


def test_kinds_are_separate_domains():
    assert blind_index_for("name", "2025550147") != blind_index_for("phone", "2025550147")


def test_empty_values_have_no_index():
    assert blind_index_for("name", "  ") is None
    assert blind_index_for("name", "--") is None
    assert blind_index_for("phone", None) is None


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kind"):
        blind_index_for("ssn", "123")


@pytest.mark.django_db
def test_saving_keeps_the_index_in_step_and_lookups_find_the_row():
    vault = Vault.objects.create(
        legal_name="Adaeze Okonkwo", birth_date=datetime.date(2001, 2, 3), phone="202 555 0147"
    )
    assert Vault.objects.get(legal_name_index=blind_index_for("name", "adaeze  OKONKWO")) == vault
    assert Vault.objects.get(birth_date_index=blind_index_for("date", "2001-02-03")) == vault
    assert Vault.objects.get(phone_index=blind_index_for("phone", "+1-202-555-0147")) == vault

    vault.legal_name = "Adaeze Nwosu"
    vault.save()
    assert not Vault.objects.filter(legal_name_index=blind_index_for("name", "Adaeze Okonkwo"))
    assert Vault.objects.filter(legal_name_index=blind_index_for("name", "adaeze nwosu")).exists()


@pytest.mark.django_db
def test_saving_without_reading_the_source_keeps_the_index(django_assert_num_queries):
    vault = Vault.objects.create(legal_name="Ifeoma Chukwu")
    loaded = Vault.objects.get(pk=vault.pk)
    loaded.reference = "R-7"
    with django_assert_num_queries(1):  # the UPDATE alone: no key fetched, nothing decrypted
        loaded.save()
    assert Vault.objects.get(pk=vault.pk).legal_name_index == vault.legal_name_index


@pytest.mark.django_db
def test_child_rows_are_indexed_too():
    vault = Vault.objects.create(legal_name="Someone")
    entry = VaultEntry.objects.create(vault=vault, body="x", author_name="Nkechi Obi")
    assert VaultEntry.objects.get(author_name_index=blind_index_for("name", "NKECHI OBI")) == entry
