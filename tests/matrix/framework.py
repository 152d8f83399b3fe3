"""The permission-matrix vocabulary: personas, entries and the context they are built in.

Each app describes its URLs in its own module of this package (``accounts.py``, ``cases_*.py``,
``organization.py``, ...); ``test_permission_matrix`` merges them and fails for any URL without
an entry. An app's module may also bring personas of its own (``persona_register``) and its own
set-up of the scenario (``scenario.scenario_step_register``) without editing this file.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.utils import timezone

from accounts import services as account_services
from accounts.roles import Role
from tests.factories import UserFactory


@dataclass(frozen=True)
class Persona:
    """Someone who requests every URL of the matrix.

    ``place`` gives the persona its user in a scenario (a place on the case's team, a program
    to supervise); without it the persona is a fresh user of ``role`` with no place anywhere.
    ``like`` names the persona whose expected status an entry that does not mention this one
    stands for, so an app adding a persona need not revisit every other app's entries.
    """

    name: str
    role: str | None
    description: str
    place: Callable[[object], object] | None = None
    like: str | None = None


_PERSONAS: dict[str, Persona] = {}

# Names personas used to have, so an entry still written with one fails saying what to write.
RENAMED = {
    "outsider": "signed_in_without_role",
    "supervisor": "supervisor_of_program",
    "supervisor_elsewhere": "supervisor_of_other_program",
    "administrator": "administrator_off_team",
    "auditor": "auditor_off_team",
    "partner": "partner_agency_user",
}


def persona_register(persona: Persona) -> None:
    if persona.name in _PERSONAS and _PERSONAS[persona.name] != persona:
        raise ValueError(f"Two personas are called {persona.name!r}.")
    if persona.like is not None and persona.like not in _PERSONAS:
        raise ValueError(f"{persona.name!r} is like {persona.like!r}, which is not a persona.")
    _PERSONAS[persona.name] = persona


def personas() -> list[Persona]:
    return list(_PERSONAS.values())


def persona_named(name: str) -> Persona:
    return _PERSONAS[name]


def _on_team_as(attribute: str):
    return lambda scenario: getattr(scenario, attribute)


for _persona in [
    Persona("signed_out", None, "nobody signed in"),
    Persona("signed_in_without_role", None, "signed in, with no role in the organization"),
    Persona(
        "advocate_on_team",
        Role.ADVOCATE,
        "the case's lead advocate",
        place=_on_team_as("lead"),
    ),
    Persona("advocate_off_team", Role.ADVOCATE, "an advocate with no place on the case"),
    Persona(
        "clinician_on_team",
        Role.CLINICIAN,
        "the clinician on the case's team",
        place=_on_team_as("clinician"),
    ),
    Persona("clinician_off_team", Role.CLINICIAN, "a clinician with no place on the case"),
    Persona(
        "supervisor_of_program",
        Role.SUPERVISOR,
        "a supervisor of the case's program",
        place=lambda scenario: scenario.supervisor_of_program(),
    ),
    Persona(
        "supervisor_of_other_program",
        Role.SUPERVISOR,
        "a supervisor of another program only",
        place=lambda scenario: scenario.supervisor_of_other_program(),
    ),
    Persona(
        "administrator_on_team",
        Role.ADMINISTRATOR,
        "an administrator with a place on the case's team (reads it, may not edit)",
        place=_on_team_as("administrator_on_team"),
    ),
    Persona("administrator_off_team", Role.ADMINISTRATOR, "an administrator off the team"),
    Persona("partner_agency_user", Role.PARTNER, "a partner agency's user (sees no case)"),
    Persona(
        "auditor_on_team",
        Role.AUDITOR,
        "an auditor with a place on the case's team (reads it, may not edit)",
        place=_on_team_as("auditor_on_team"),
    ),
    Persona("auditor_off_team", Role.AUDITOR, "an auditor off the team"),
    # Partner-agency users with an agency (``directory.PartnerUser``): the receiving agency of
    # the scenario's referrals, and another agency. Where an entry does not name them they
    # stand for the partner without an agency, as before the portal existed.
    Persona(
        "partner_of_receiving_agency",
        Role.PARTNER,
        "a user of the partner agency the case's referral goes to",
        place=lambda scenario: scenario.partner_of(scenario.agency()),
        like="partner_agency_user",
    ),
    Persona(
        "partner_of_other_agency",
        Role.PARTNER,
        "a user of another partner agency",
        place=lambda scenario: scenario.partner_of(scenario.other_agency()),
        like="partner_agency_user",
    ),
]:
    persona_register(_persona)


def signed_in() -> list[str]:
    return [persona.name for persona in personas() if persona.name != "signed_out"]


@dataclass
class Context:
    """What a URL's arguments are built from: the requester, another user, and a case.

    The case belongs to the program "supervisor_of_program" supervises; the lead advocate, a
    clinician, an administrator and an auditor are on its team.
    """

    requester: object
    subject: object
    case_factory: Callable[[], object]
    extras: dict = field(default_factory=dict)

    @cached_property
    def case(self):
        return self.case_factory()

    def own_token_id(self):
        token, _text = account_services.api_token_create(actor=self.requester, name="matrix")
        return token.pk

    def remember(self, name: str, make: Callable[[], object]):
        if name not in self.extras:
            self.extras[name] = make()
        return self.extras[name]


@dataclass
class Entry:
    expected: dict[str, int]
    method: str = "get"
    kwargs: Callable[[Context], dict] = field(default=lambda context: {})
    data: Callable[[Context], dict] | dict | None = None
    content_type: str | None = None

    def expected_for(self, persona: str) -> int:
        """The status ``persona`` should get, or that of the persona it is ``like``."""
        while persona not in self.expected:
            like = persona_named(persona).like
            if like is None:
                raise AssertionError(f"The entry gives no status for the persona {persona!r}.")
            persona = like
        return self.expected[persona]


def everyone(status: int, *, signed_out: int = 302, **overrides) -> dict[str, int]:
    # A persona ``like`` another follows it unless an entry names it.
    expected = dict.fromkeys(
        [name for name in signed_in() if persona_named(name).like is None], status
    )
    expected["signed_out"] = signed_out
    expected.update(overrides)
    return expected


def only_role(role: str, status: int = 200, *, others: int = 403, signed_out: int = 302) -> dict:
    expected = everyone(others, signed_out=signed_out)
    for persona in personas():
        if persona.role == role:
            expected[persona.name] = status
    return expected


def case_page(
    status: int = 200,
    *,
    signed_out: int = 302,
    lead_advocate: int | None = None,
    clinician: int | None = None,
    supervisor: int | None = None,
    readers: int | None = None,
) -> dict[str, int]:
    """A page of one case: the team and the program's supervisor reach it, everyone else 404.

    ``lead_advocate``, ``clinician`` and ``supervisor`` override the on-team advocate's, the
    on-team clinician's and the program supervisor's status when an action is reserved (403 for
    an insider without the right). ``readers`` is the status of the administrator and the
    auditor on the team, who read the case and may not change it: ``status`` unless given.
    """
    expected = everyone(404, signed_out=signed_out)
    expected["advocate_on_team"] = status if lead_advocate is None else lead_advocate
    expected["clinician_on_team"] = status if clinician is None else clinician
    expected["supervisor_of_program"] = status if supervisor is None else supervisor
    expected["administrator_on_team"] = status if readers is None else readers
    expected["auditor_on_team"] = status if readers is None else readers
    return expected


def case_write(status: int = 200, *, signed_out: int = 302, **overrides) -> dict[str, int]:
    """A change to a case: like ``case_page``, but the readers on the team get 403."""
    return case_page(status, signed_out=signed_out, readers=403, **overrides)


def persona_user(persona: str):
    if persona == "signed_out":
        return None
    return UserFactory(role=persona_named(persona).role)


def today():
    return timezone.localdate()
