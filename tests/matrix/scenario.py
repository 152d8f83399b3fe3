"""The people and the case every permission-matrix row is tried against.

An app's matrix module adds what its pages need (a row of its own, a program, a persona's
place) with ``scenario_step_register``: each step runs on every new scenario, after the case's
people are made and before the requester is chosen.
"""

import uuid
from collections.abc import Callable

from accounts.roles import Role
from cases import services as case_services
from cases.choices import TeamRole
from directory.models import Organization, PartnerUser, Service
from organization.models import Program
from tests.factories import UserFactory
from tests.matrix.framework import persona_named, persona_user

_STEPS: list[Callable[["CaseScenario"], None]] = []


def scenario_step_register(step: Callable[["CaseScenario"], None]) -> None:
    if step not in _STEPS:
        _STEPS.append(step)


class CaseScenario:
    """A program with a case whose team is a lead advocate, a clinician, an administrator and
    an auditor (the last two only read), and another program with a supervisor of its own.

    ``requester`` is the persona's user: a place in this scenario (``Persona.place``) or a fresh
    user of the persona's role with no place anywhere.
    """

    def __init__(self, persona: str):
        self.persona = persona
        self.extras: dict = {}
        self.program = Program.objects.create(name=f"Program {uuid.uuid4().hex[:8]}")
        self.other_program = Program.objects.create(name=f"Program {uuid.uuid4().hex[:8]}")
        self.lead = UserFactory(role=Role.ADVOCATE)
        self.clinician = UserFactory(role=Role.CLINICIAN)
        self.administrator_on_team = UserFactory(role=Role.ADMINISTRATOR)
        self.auditor_on_team = UserFactory(role=Role.AUDITOR)
        for step in _STEPS:
            step(self)
        place = persona_named(persona).place
        self.requester = place(self) if place is not None else persona_user(persona)
        if not self.program.supervisors.exists():
            # Every program has a supervisor (grants in one without are everyone's to review).
            self.program.supervisors.add(UserFactory(role=Role.SUPERVISOR))

    def supervisor_of_program(self):
        supervisor = UserFactory(role=Role.SUPERVISOR)
        self.program.supervisors.add(supervisor)
        return supervisor

    def supervisor_of_other_program(self):
        supervisor = UserFactory(role=Role.SUPERVISOR)
        self.other_program.supervisors.add(supervisor)
        return supervisor

    def _organization(self, key: str, name: str) -> Organization:
        if key not in self.extras:
            organization = Organization.objects.create(name=f"{name} {uuid.uuid4().hex[:6]}")
            Service.objects.create(organization=organization, name=f"{name} service")
            self.extras[key] = organization
        return self.extras[key]

    def agency(self) -> Organization:
        """The partner agency the case's referrals go to (with one service), made once."""
        return self._organization("agency", "Matrix Receiving Agency (invented)")

    def other_agency(self) -> Organization:
        return self._organization("other_agency", "Matrix Other Agency (invented)")

    def partner_of(self, organization: Organization):
        """A partner-agency user of ``organization``."""
        user = UserFactory(role=Role.PARTNER)
        PartnerUser.objects.create(user=user, organization=organization, added_by=self.lead)
        return user

    def make_case(self):
        case = case_services.case_open(
            actor=self.lead,
            program=self.program,
            identity=case_services.Identity(preferred_name="Matrix Survivor"),
        )
        for user, team_role in [
            (self.clinician, TeamRole.CLINICIAN),
            (self.administrator_on_team, TeamRole.OTHER),
            (self.auditor_on_team, TeamRole.OTHER),
        ]:
            case_services.team_member_add(
                actor=self.lead, case=case, user=user, team_role=team_role
            )
        return case
