"""Clinicians suites: the shared program and case (``tests/conftest.py``), with no clinician on
the case until one is assigned, and clinicians with profiles that differ in language, gender,
modality and room."""

import datetime

import pytest
from django.utils import timezone

from accounts.roles import Role
from clinicians import services
from clinicians.choices import LicenceType, Modality


def give_profile(clinician, **overrides):
    today = timezone.localdate()
    values = {
        "licence_type": LicenceType.LCSW,
        "licence_number": "LCSW-1234",
        "licence_jurisdiction": "Oregon",
        "licence_issued_on": today - datetime.timedelta(days=2000),
        "licence_expires_on": today + datetime.timedelta(days=400),
        "modalities": [Modality.EMDR, Modality.TF_CBT],
        "languages": ["english", "spanish"],
        "gender": "woman",
        "caseload_capacity": 5,
        "accepting_new": True,
    }
    values.update(overrides)
    return services.clinician_profile_update(actor=clinician, clinician=clinician, **values)


@pytest.fixture
def case_team():
    return []  # a clinician joins the team through an approved assignment (``assigned``)


@pytest.fixture
def profiled(clinician):
    give_profile(clinician)
    return clinician


@pytest.fixture
def assigned(advocate, supervisor, profiled, case):
    """``clinician`` assigned to ``case`` and so on its team."""
    assignment = services.assignment_request(actor=advocate, case=case, clinician=profiled)
    return services.assignment_approve(actor=supervisor, assignment=assignment)


@pytest.fixture
def other_clinician(make_user):
    clinician = make_user(Role.CLINICIAN, full_name="Omar Otherclinician")
    give_profile(clinician, gender="man", languages=["english"], modalities=[Modality.CPT])
    return clinician
