"""The permission-matrix vocabulary: personas, entries and the context they are built in.

Each app describes its URLs in its own module of this package (``accounts.py``, ``cases_*.py``,
...); ``test_permission_matrix`` merges them and fails for any URL without an entry.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.utils import timezone

from accounts import services as account_services
from accounts.roles import Role
from tests.factories import UserFactory

PERSONAS = [
    "signed_out",
    "outsider",
    "advocate_on_team",
    "advocate_off_team",
    "clinician_on_team",
    "clinician_off_team",
    "supervisor",
    "supervisor_elsewhere",
    "administrator",
    "partner",
    "auditor",
]
SIGNED_IN = PERSONAS[1:]

# The role each persona holds (None: signed in without a role, or not signed in).
PERSONA_ROLE = {
    "signed_out": None,
    "outsider": None,
    "advocate_on_team": Role.ADVOCATE,
    "advocate_off_team": Role.ADVOCATE,
    "clinician_on_team": Role.CLINICIAN,
    "clinician_off_team": Role.CLINICIAN,
    "supervisor": Role.SUPERVISOR,
    "supervisor_elsewhere": Role.SUPERVISOR,
    "administrator": Role.ADMINISTRATOR,
    "partner": Role.PARTNER,
    "auditor": Role.AUDITOR,
}


@dataclass
class Context:
    """What a URL's arguments are built from: the requester, another user, and a case.

    The case belongs to the program the "supervisor" persona supervises; the lead advocate and
    a clinician are on its team ("advocate_on_team", "clinician_on_team" when requesting).
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


def everyone(status: int, *, signed_out: int = 302, **overrides) -> dict[str, int]:
    expected = dict.fromkeys(SIGNED_IN, status)
    expected["signed_out"] = signed_out
    expected.update(overrides)
    return expected


def only_role(role: str, status: int = 200, *, others: int = 403, signed_out: int = 302) -> dict:
    expected = everyone(others, signed_out=signed_out)
    for persona, persona_role in PERSONA_ROLE.items():
        if persona_role == role:
            expected[persona] = status
    return expected


def case_page(
    status: int = 200,
    *,
    signed_out: int = 302,
    team_readers: int | None = None,
    clinician: int | None = None,
    supervisor: int | None = None,
) -> dict[str, int]:
    """A page of one case: the team and the program's supervisor reach it, everyone else 404.

    ``clinician`` and ``supervisor`` override the on-team clinician's and the supervisor's
    status when an action is reserved (403 for an insider without the right).
    """
    expected = everyone(404, signed_out=signed_out)
    expected["advocate_on_team"] = status
    expected["clinician_on_team"] = status if clinician is None else clinician
    expected["supervisor"] = status if supervisor is None else supervisor
    if team_readers is not None:
        expected["advocate_on_team"] = team_readers
    return expected


def persona_user(persona: str):
    if persona == "signed_out":
        return None
    return UserFactory(role=PERSONA_ROLE[persona])


def today():
    return timezone.localdate()
