"""Clinicians suites: a program, its supervisor, a survivor's case, and clinicians with
profiles that differ in language, gender, modality and room."""

import datetime

import pytest
from django.utils import timezone

from accounts.roles import Role
from cases import services as case_services
from clinicians import services
from clinicians.choices import LicenceType, Modality
from organization.models import Program


def open_case(lead, program, name="Clinic Survivor"):
    return case_services.case_open(
        actor=lead, program=program, identity=case_services.Identity(preferred_name=name)
    )


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
def program(supervisor):
    program = Program.objects.create(name="Clinical program")
    program.supervisors.add(supervisor)
    return program


@pytest.fixture
def case(advocate, program):
    return open_case(advocate, program)


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
