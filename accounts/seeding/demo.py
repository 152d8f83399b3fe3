"""Demo accounts for development mode: one per role, second factor already enrolled."""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import TOTPDevice, User
from accounts.roles import Role

# Development only (seed_demo refuses to run in production). Long enough for the validators.
DEMO_PASSWORD = "walk-alongside-demo"  # noqa: S105 - development demo only
DEMO_DOMAIN = "demo.alongside.test"


@dataclass(frozen=True)
class DemoPerson:
    role: str
    email: str
    full_name: str
    # The name other seeding steps know this person by (``DemoSeed.people``): the role, or
    # ``northside_<role>`` for the second program's people.
    key: str = ""

    @property
    def seed_key(self) -> str:
        return self.key or self.role


DEMO_PEOPLE = [
    DemoPerson(Role.ADVOCATE, f"advocate@{DEMO_DOMAIN}", "Amara Okafor"),
    DemoPerson(Role.CLINICIAN, f"clinician@{DEMO_DOMAIN}", "Dr. Lena Ruiz"),
    DemoPerson(Role.SUPERVISOR, f"supervisor@{DEMO_DOMAIN}", "Sam Whitfield"),
    DemoPerson(Role.ADMINISTRATOR, f"administrator@{DEMO_DOMAIN}", "Priya Natarajan"),
    DemoPerson(Role.PARTNER, f"partner@{DEMO_DOMAIN}", "Jordan Blake"),
    DemoPerson(Role.AUDITOR, f"auditor@{DEMO_DOMAIN}", "Mei Chen"),
    # The second program's own supervisor and advocate: break-glass from one program into the
    # other, and its review, can be tried with them.
    DemoPerson(
        Role.SUPERVISOR,
        f"northside-supervisor@{DEMO_DOMAIN}",
        "Noor Haddad",
        key="northside_supervisor",
    ),
    DemoPerson(
        Role.ADVOCATE,
        f"northside-advocate@{DEMO_DOMAIN}",
        "Tomas Lindqvist",
        key="northside_advocate",
    ),
]


def assert_development() -> None:
    if settings.PRODUCTION:
        raise RuntimeError("Demo data and demo codes exist only in development mode.")


@transaction.atomic
def seed_demo_users() -> dict[str, User]:
    """Create the demo accounts if missing, by ``DemoPerson.seed_key``. Running it again
    changes nothing."""
    assert_development()
    users = {}
    for person in DEMO_PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = User.objects.create_user(
                email=person.email, password=DEMO_PASSWORD, full_name=person.full_name
            )
            user.groups.add(Group.objects.get(name=person.role))
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            device = TOTPDevice(user=user, name="Demo authenticator", confirmed=True)
            device.set_key(secrets.token_bytes(20))
            device.save()
        users[person.seed_key] = user
    return users


def demo_codes() -> list[tuple[DemoPerson, str]]:
    """The current second-factor code of each demo account."""
    assert_development()
    codes = []
    for person in DEMO_PEOPLE:
        device = TOTPDevice.objects.filter(user__email=person.email, confirmed=True).first()
        if device is not None:
            codes.append((person, device.current_token()))
    return codes
