"""Each release exports as an HL7 FHIR R4 Consent, validated with fhir.resources' R4 models."""

import pytest

from consent import services
from consent.choices import RecipientClass, RevocationMethod
from consent.fhir import release_fhir_validated
from consent.recipients import Recipient
from tests.consent.conftest import grant

pytestmark = pytest.mark.django_db
pytest.importorskip("fhir.resources")


def test_a_release_with_a_restriction_validates(advocate, case, agency):
    release = grant(advocate, case, Recipient.organization(agency.pk))
    services.restriction_add(
        actor=advocate,
        case=case,
        recipient=Recipient.organization(agency.pk),
        categories=["contact"],
    )
    resource = release_fhir_validated(release)
    assert resource["status"] == "active"
    assert resource["scope"]["coding"][0]["code"] == "patient-privacy"
    assert resource["provision"]["type"] == "permit"
    assert {item["code"] for item in resource["provision"]["class"]} == {"identity", "contact"}
    assert resource["provision"]["provision"][0]["type"] == "deny"
    assert "Rosa" not in str(resource)


def test_a_revoked_release_to_a_class_is_inactive(advocate, case):
    release = grant(
        advocate,
        case,
        Recipient.of_class(RecipientClass.LAW_ENFORCEMENT),
        purposes=["law_enforcement"],
    )
    services.release_revoke(actor=advocate, release=release, method=RevocationMethod.WRITTEN)
    release.refresh_from_db()
    resource = release_fhir_validated(release)
    assert resource["status"] == "inactive"
    assert resource["provision"]["actor"][0]["reference"]["display"] == "Law enforcement"


def test_the_validation_can_fail(advocate, case, agency):
    from fhir.resources.R4B.consent import Consent

    from consent.fhir import release_as_fhir

    resource = release_as_fhir(grant(advocate, case, Recipient.organization(agency.pk)))
    resource["provision"]["period"] = {"start": "not a date"}
    with pytest.raises(ValueError):
        Consent.model_validate(resource)
