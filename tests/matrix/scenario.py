"""The people and the case every permission-matrix row is tried against."""

import uuid

from cases import services as case_services
from cases.choices import TeamRole
from organization.models import Program
from tests.factories import UserFactory
from tests.matrix.framework import persona_user


class CaseScenario:
    """A program with a case whose team is a lead advocate and a clinician.

    The requesting persona is one of those team members, the program's supervisor, a
    supervisor of another program, or someone with no place on the case at all.
    """

    def __init__(self, persona: str):
        self.program = Program.objects.create(name=f"Program {uuid.uuid4().hex[:8]}")
        elsewhere = Program.objects.create(name=f"Program {uuid.uuid4().hex[:8]}")
        self.lead = UserFactory(role="advocate")
        self.clinician = UserFactory(role="clinician")
        if persona == "advocate_on_team":
            self.requester = self.lead
        elif persona == "clinician_on_team":
            self.requester = self.clinician
        else:
            self.requester = persona_user(persona)
        if persona == "supervisor":
            self.program.supervisors.add(self.requester)
        else:
            # Every program has a supervisor (grants in one without are everyone's to review).
            self.program.supervisors.add(UserFactory(role="supervisor"))
        if persona == "supervisor_elsewhere":
            elsewhere.supervisors.add(self.requester)

    def make_case(self):
        case = case_services.case_open(
            actor=self.lead,
            program=self.program,
            identity=case_services.Identity(preferred_name="Matrix Survivor"),
        )
        case_services.team_member_add(
            actor=self.lead, case=case, user=self.clinician, team_role=TeamRole.CLINICIAN
        )
        return case
