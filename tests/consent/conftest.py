"""Consent suites: the shared case (``tests/conftest.py``), a minor's case, a partner agency,
and the people around the survivor."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import services as case_services
from consent import services
from consent.choices import ConsentMethod, DataCategory, Purpose, Relationship, Signer
from consent.recipients import Recipient
from directory import services as directory_services

PDF = b"%PDF-1.4\n% signed release\n" + b"0" * 200


def pdf(name="release.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def minor_case(advocate, program):
    return case_services.case_open(
        actor=advocate,
        program=program,
        identity=case_services.Identity(
            preferred_name="Young Consent", date_of_birth=datetime.date.today().replace(year=2012)
        ),
    )


@pytest.fixture
def agency(administrator):
    organization = directory_services.organization_create(
        actor=administrator, name="Harbor Housing"
    )
    directory_services.service_create(
        actor=administrator, organization=organization, name="Transitional housing"
    )
    return organization


@pytest.fixture
def trafficker(advocate, case):
    return services.person_add(
        actor=advocate, case=case, relationship=Relationship.TRAFFICKER, name="Victor Keepaway"
    )


def grant(actor, case, recipient=None, **overrides):
    values = {
        "recipient": recipient,
        "categories": [DataCategory.IDENTITY, DataCategory.CONTACT],
        "purposes": [Purpose.REFERRAL],
        "method": ConsentMethod.WRITTEN,
        "signer": Signer.SURVIVOR,
    }
    values.update(overrides)
    return services.release_grant(actor=actor, case=case, **values)


@pytest.fixture
def release(advocate, case, agency):
    return grant(advocate, case, Recipient.organization(agency.pk))
