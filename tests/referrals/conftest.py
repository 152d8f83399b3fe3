"""Referral suites: the shared case (``tests/conftest.py``) and its safe-contact rules, a
partner agency with a service and a user, another agency with its user, and one of our
programs to refer to."""

import pytest

from accounts.roles import Role
from cases import services as case_services
from cases.choices import VoicemailRule
from consent import services as consent_services
from consent.choices import ConsentMethod, DataCategory, Purpose, Signer
from consent.recipients import Recipient
from directory import services as directory_services
from directory.models import PartnerUser
from organization.models import Program
from referrals import services
from referrals.choices import Urgency


@pytest.fixture
def shelter_program(db, make_user):
    """One of our own programs, receiving internal referrals; its supervisor receives them."""
    program = Program.objects.create(name="Emergency shelter program")
    program.supervisors.add(make_user(Role.SUPERVISOR, full_name="Sam Shelter"))
    return program


@pytest.fixture
def shelter_supervisor(shelter_program):
    return shelter_program.supervisors.get()


@pytest.fixture
def safe_contact(advocate, case):
    """The survivor's safe-contact rules, which a referral's contact details carry."""
    return case_services.safe_contact_update(
        actor=advocate,
        case=case,
        calls_ok=True,
        voicemail=VoicemailRule.VAGUE,
        texts_ok=False,
        safe_times="Weekday mornings only",
    )


def _agency(administrator, name):
    organization = directory_services.organization_create(actor=administrator, name=name)
    service = directory_services.service_create(
        actor=administrator, organization=organization, name=f"{name} housing"
    )
    return organization, service


@pytest.fixture
def agency(administrator):
    return _agency(administrator, "Harbor Housing")[0]


@pytest.fixture
def service(agency):
    return agency.services.get()


@pytest.fixture
def other_agency(administrator):
    return _agency(administrator, "Elm Legal Aid")[0]


def partner_of(organization, make_user, administrator, name="Pat Partner"):
    user = make_user(Role.PARTNER, full_name=name)
    PartnerUser.objects.create(user=user, organization=organization, added_by=administrator)
    return user


@pytest.fixture
def partner_a(agency, make_user, administrator):
    return partner_of(agency, make_user, administrator)


@pytest.fixture
def partner_b(other_agency, make_user, administrator):
    return partner_of(other_agency, make_user, administrator, name="Bo Otheragency")


def grant(actor, case, organization, categories=None, purposes=None, **overrides):
    return consent_services.release_grant(
        actor=actor,
        case=case,
        recipient=Recipient.organization(organization.pk),
        categories=categories or [DataCategory.IDENTITY, DataCategory.CONTACT],
        purposes=purposes or [Purpose.REFERRAL],
        method=ConsentMethod.WRITTEN,
        signer=Signer.SURVIVOR,
        **overrides,
    )


@pytest.fixture
def release(advocate, case, agency):
    return grant(advocate, case, agency)


def send(actor, case, service=None, program=None, categories=(DataCategory.IDENTITY,), **kw):
    values = {"purpose": Purpose.REFERRAL, "urgency": Urgency.ROUTINE, "note": "Needs a bed"}
    values.update(kw)
    return services.referral_make(
        actor=actor,
        case=case,
        service=service,
        program=program,
        categories=list(categories),
        **values,
    )


@pytest.fixture
def referral(advocate, case, service, release):
    return send(advocate, case, service)
