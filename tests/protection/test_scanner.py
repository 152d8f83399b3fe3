"""The no-plaintext scanner finds canaries stored as-is and none stored through encryption."""

import base64
import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import connection

from protection.scanner import PlaintextFound, assert_no_plaintext, plaintext_findings
from tests.protection.fixture_app.models import PlainRecord, Vault, VaultEntry

CANARY_NAME = "Xanthippe Vorobyova"
CANARY_PHONE = "+1 202 555 0199"
CANARY_NOTE = "trafficker-codename-BLUEHERON"
CANARIES = [CANARY_NAME, CANARY_PHONE, CANARY_NOTE]


def forms_found(findings, table) -> set[str]:
    return {finding.form for finding in findings if finding.table == table}


@pytest.mark.django_db
def test_it_finds_a_canary_stored_as_is():
    PlainRecord.objects.create(note=f"Met {CANARY_NAME} at the shelter.")
    findings = plaintext_findings(CANARIES, include_dump=False)
    assert [(f.canary, f.form, f.column) for f in findings] == [(CANARY_NAME, "as-is", "note")]
    assert findings[0].table == PlainRecord._meta.db_table


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stored", "form"),
    [
        (CANARY_NAME.upper(), "case-folded"),
        (
            f"prefix {base64.b64encode(b'xy' + CANARY_NAME.encode()).decode()} suffix",
            "base64-encoded",
        ),
        (base64.urlsafe_b64encode(b"a" + CANARY_NOTE.encode()).decode(), "base64-encoded"),
        (CANARY_NAME.encode().hex().upper(), "hex-encoded"),
        ('{"name": "Xanthippe Vorobyova"}', "as-is"),
    ],
)
def test_it_finds_a_canary_in_any_encoding(stored, form):
    PlainRecord.objects.create(note=stored)
    assert form in forms_found(
        plaintext_findings(CANARIES, include_dump=False), "protection_fixture_plainrecord"
    )


@pytest.mark.django_db
def test_it_finds_a_json_escaped_canary():
    PlainRecord.objects.create(note='{"name": "Zo\\u00eb Kowalczyk"}')
    findings = plaintext_findings(["Zoë Kowalczyk"], include_dump=False)
    assert {f.form for f in findings} == {"JSON-escaped"}


@pytest.mark.django_db
def test_it_finds_plaintext_in_a_binary_column():
    PlainRecord.objects.create(note="", blob=b"\x00\x01" + CANARY_NOTE.encode() + b"\xff")
    findings = plaintext_findings(CANARIES, include_dump=False)
    assert [(f.column, f.form) for f in findings] == [("blob", "as-is")]


@pytest.mark.django_db
def test_its_report_names_the_place_but_not_the_surroundings():
    PlainRecord.objects.create(note=f"Home address 12 Elm Street, {CANARY_NAME}")
    with pytest.raises(PlaintextFound) as raised:
        assert_no_plaintext(CANARIES, include_dump=False)
    message = str(raised.value)
    assert "protection_fixture_plainrecord.note" in message
    assert "Elm Street" not in message


def test_short_canaries_are_refused():
    with pytest.raises(ValueError, match="at least"):
        plaintext_findings(["Ana"], include_dump=False)


def fill_through_encrypted_fields() -> None:
    vault = Vault.objects.create(
        reference="R-1",
        legal_name=CANARY_NAME,
        alias=CANARY_NAME.upper(),
        birth_date=datetime.date(1990, 1, 2),
        phone=CANARY_PHONE,
        details={"codename": CANARY_NOTE, "contact": CANARY_PHONE},
    )
    VaultEntry.objects.create(
        vault=vault, body=f"{CANARY_NAME} said {CANARY_NOTE}.", author_name=CANARY_NAME
    )


@pytest.mark.django_db(transaction=True)
def test_a_database_filled_through_the_encrypted_fields_holds_no_canary():
    fill_through_encrypted_fields()
    # On PostgreSQL this also scans a pg_dump of the (committed) database.
    assert_no_plaintext(CANARIES)


@pytest.mark.django_db(transaction=True)
def test_the_dump_scan_finds_a_committed_canary():
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump exists only for PostgreSQL.")
    PlainRecord.objects.create(note="x", blob=CANARY_NOTE.encode())
    findings = plaintext_findings(CANARIES, include_dump=True)
    dump_findings = [f for f in findings if f.table.startswith("pg_dump")]
    assert dump_findings
    assert {f.form for f in dump_findings} == {"hex-encoded"}  # bytea is dumped as hex


@pytest.mark.django_db
def test_stored_files_are_scanned_too(tmp_path):
    from protection.files import encrypted_file_save
    from protection.scanner import stored_file_findings

    storage = FileSystemStorage(location=tmp_path)
    vault = Vault.objects.create(legal_name=CANARY_NAME)
    encrypted_file_save(
        owner=vault, bound_to="attachment:1", content=CANARY_NOTE.encode(), storage=storage
    )
    assert stored_file_findings(CANARIES, root=tmp_path) == []
    storage.save("careless/upload.txt", ContentFile(f"Notes on {CANARY_NAME}".encode()))
    findings = stored_file_findings(CANARIES, root=tmp_path)
    assert [(f.column, f.form) for f in findings] == [("careless/upload.txt", "as-is")]
