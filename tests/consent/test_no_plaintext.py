"""No consent secret (people's names and contact, release notes and purposes, revocation notes,
restriction notes, a signed document's name and content) reaches storage in plaintext."""

import pytest

from consent import services
from consent.choices import Purpose, Relationship, RevocationMethod
from consent.recipients import Recipient
from protection.scanner import PlaintextFound, assert_no_plaintext
from tests.consent.conftest import grant, pdf

pytestmark = pytest.mark.django_db(transaction=True)

CANARIES = {
    "person_name": "Ophelant Grisewood",
    "person_contact": "grisewood.canary@example.test",
    "person_note": "CANARY-PERSON waits by the school",
    "purpose_other": "CANARY-PURPOSE housing appeal hearing",
    "release_notes": "CANARY-RELEASE signed at the library",
    "revocation_note": "CANARY-REVOKE changed her mind",
    "restriction_note": "CANARY-RESTRICT cousin works there",
    "document_name": "canary-ophelant-release.pdf",
    "document_body": "CANARY-DOCUMENT-BODY signature block",
}


def test_no_consent_canary_is_stored_in_plaintext(advocate, case, agency, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    aunt = services.person_add(
        actor=advocate,
        case=case,
        relationship=Relationship.FAMILY,
        name=CANARIES["person_name"],
        contact=CANARIES["person_contact"],
        note=CANARIES["person_note"],
    )
    release = grant(
        advocate,
        case,
        Recipient.person(aunt.pk),
        purposes=[Purpose.OTHER],
        purpose_other=CANARIES["purpose_other"],
        notes=CANARIES["release_notes"],
        document=pdf(CANARIES["document_name"], b"%PDF-1.4\n" + CANARIES["document_body"].encode()),
    )
    services.release_revoke(
        actor=advocate,
        release=release,
        method=RevocationMethod.PHONE,
        note=CANARIES["revocation_note"],
    )
    services.restriction_add(
        actor=advocate,
        case=case,
        recipient=Recipient.organization(agency.pk),
        note=CANARIES["restriction_note"],
    )
    assert_no_plaintext(list(CANARIES.values()))
    for stored in tmp_path.rglob("*"):
        if stored.is_file():
            assert CANARIES["document_body"].encode() not in stored.read_bytes()


def test_positive_control(advocate, case):
    services.person_add(
        actor=advocate, case=case, relationship=Relationship.FAMILY, name="Placeholder"
    )
    from organization.models import Program

    Program.objects.create(name="Canary Program Ophelant")
    with pytest.raises(PlaintextFound):
        assert_no_plaintext(["Canary Program Ophelant"])
