"""The data migration's conversion: rows stored before absences were sealed and versions
bound read correctly afterwards, and going back restores the earlier form."""

from types import SimpleNamespace

import pytest
from django.db import connection

from protection.aead import open_with, seal_with
from protection.conversion import SealedTable, reseal_tables
from protection.envelope import OwnerRef, data_key_cipher
from tests.protection.fixture_app.models import Dossier, DossierPage
from tests.protection.raw_storage import raw_column, raw_write

pytestmark = pytest.mark.django_db

OWNER = "protection_fixture.dossier"
TABLES = [
    SealedTable(
        "protection_fixture_dossier",
        ("name", "born", "flags"),
        OWNER,
        versioned=True,
        declined_in="declined",
    ),
    SealedTable("protection_fixture_dossierpage", ("body",), OWNER, "t.dossier_id", versioned=True),
]
EDITOR = SimpleNamespace(connection=connection)


def earlier_form(table: str, column: str, row, owner, plaintext: bytes) -> bytes:
    """A value as it was sealed before: bound to table, column and row, not the version."""
    cipher = data_key_cipher(OwnerRef(OWNER, owner.pk))
    aad = f"alongside.field.v1|{table}|{column}|".encode() + row.pk.bytes
    return seal_with(cipher, plaintext, aad=aad)


def test_earlier_rows_read_the_same_after_conversion_and_back():
    dossier = Dossier.objects.create(name="x", version=3)
    page = DossierPage.objects.create(dossier=dossier, body="x")
    table = "protection_fixture_dossier"
    raw_write(Dossier, "name", dossier.pk, earlier_form(table, "name", dossier, dossier, b"Ines"))
    raw_write(Dossier, "born", dossier.pk, None)
    raw_write(Dossier, "flags", dossier.pk, earlier_form(table, "flags", dossier, dossier, b"[]"))
    body = earlier_form("protection_fixture_dossierpage", "body", page, dossier, b"Met today")
    raw_write(DossierPage, "body", page.pk, body)
    declined = Dossier.objects.create(name="x", declined=["name"])
    raw_write(Dossier, "name", declined.pk, earlier_form(table, "name", declined, declined, b""))

    reseal_tables(EDITOR, TABLES)

    loaded = Dossier.objects.get(pk=dossier.pk)
    assert (loaded.name, loaded.born, loaded.flags) == ("Ines", None, [])
    assert raw_column(Dossier, "born", dossier.pk) is not None
    assert DossierPage.objects.get(pk=page.pk).body == "Met today"
    assert Dossier.objects.get(pk=declined.pk).name == ""

    reseal_tables(EDITOR, TABLES, forward=False)

    assert raw_column(Dossier, "born", dossier.pk) is None
    assert raw_column(Dossier, "name", declined.pk) is None
    cipher = data_key_cipher(OwnerRef(OWNER, dossier.pk))
    aad = f"alongside.field.v1|{table}|name|".encode() + dossier.pk.bytes
    assert open_with(cipher, raw_column(Dossier, "name", dossier.pk), aad=aad) == b"Ines"


def test_a_cell_that_does_not_open_is_left_as_it_was():
    dossier = Dossier.objects.create(name="x")
    raw_write(Dossier, "name", dossier.pk, b"\x01" + b"\x00" * 40)
    reseal_tables(EDITOR, TABLES)
    assert raw_column(Dossier, "name", dossier.pk) == b"\x01" + b"\x00" * 40
