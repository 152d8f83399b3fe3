"""The demo seed: one login per role with a second factor, idempotent, development only."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import TOTPDevice, User
from accounts.roles import Role
from accounts.seeding.demo import DEMO_PASSWORD, DEMO_PEOPLE

pytestmark = pytest.mark.django_db


def test_seed_creates_one_login_per_role_and_is_idempotent(capsys):
    call_command("seed_demo")
    first = {user.email: (user.password, user.role) for user in User.objects.all()}
    devices = set(TOTPDevice.objects.values_list("pk", flat=True))
    call_command("seed_demo")
    second = {user.email: (user.password, user.role) for user in User.objects.all()}
    assert first == second
    assert set(TOTPDevice.objects.values_list("pk", flat=True)) == devices
    assert {role for _password, role in second.values()} == {role.value for role in Role}
    output = capsys.readouterr().out
    assert DEMO_PASSWORD in output
    for person in DEMO_PEOPLE:
        assert person.email in output


def test_demo_password_satisfies_the_password_rules():
    from django.contrib.auth.password_validation import validate_password

    for person in DEMO_PEOPLE:
        validate_password(DEMO_PASSWORD, user=User(email=person.email, full_name=person.full_name))


def test_demo_totp_prints_working_codes(capsys):
    call_command("seed_demo")
    capsys.readouterr()
    call_command("demo_totp")
    lines = capsys.readouterr().out.splitlines()
    advocate_line = next(line for line in lines if line.startswith("advocate"))
    code = advocate_line.split()[-1]
    device = TOTPDevice.objects.get(user__email=DEMO_PEOPLE[0].email)
    assert device.verify_token(code)
    # Every demo login has its code, the second program's supervisor and advocate too.
    for person in DEMO_PEOPLE:
        assert any(person.email in line for line in lines), person.email


def test_the_second_program_has_its_own_supervisor_and_advocate(capsys):
    call_command("seed_demo")
    output = capsys.readouterr().out
    keys = {person.seed_key for person in DEMO_PEOPLE}
    assert {"northside_supervisor", "northside_advocate"} <= keys
    emails = [person.email for person in DEMO_PEOPLE]
    assert len(set(emails)) == len(emails)
    for key in ("northside_supervisor", "northside_advocate"):
        person = next(p for p in DEMO_PEOPLE if p.seed_key == key)
        assert person.email in output
        assert User.objects.get(email=person.email).role == person.role


@pytest.mark.parametrize("command", ["seed_demo", "demo_totp"])
def test_demo_commands_refuse_production(settings, command):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match=r"development|production"):
        call_command(command)
    assert not User.objects.exists()


def test_seed_records_partners_and_consent_once():
    from cases.seeding.demo import DEMO_PROGRAM, NORTHSIDE_PROGRAM
    from consent.choices import ReleaseStatus
    from consent.models import Disclosure, Person, Release, Restriction, StopUsingNotice
    from directory.models import Organization, Service, ServiceStatus
    from organization.models import Program
    from protection.envelope import data_key_cache

    call_command("seed_demo")
    tables = (Organization, Service, Person, Release, Restriction, Disclosure, StopUsingNotice)

    def counts():
        return {model.__name__: model.objects.count() for model in tables}

    first = counts()
    call_command("seed_demo")
    assert counts() == first
    assert first["Organization"] >= 6
    assert Service.objects.filter(status=ServiceStatus.ACTIVE).count() >= 8
    kinds = set(Service.objects.values_list("taxonomy_terms__code", flat=True))
    assert {"housing", "legal", "medical", "counselling"} <= kinds
    people = Person.objects.select_related("case")
    assert people.filter(relationship="parent_or_guardian", case__minor_at_intake=True).exists()
    assert people.filter(relationship="support_person").exists()
    assert people.filter(relationship="trafficker").exists()
    statuses = {release.status for release in Release.objects.all()}
    # Tomas's verbal release is in the main demo program, governed by VAWA/FVPSA.
    assert {ReleaseStatus.ACTIVE, ReleaseStatus.AWAITING_WRITING, ReleaseStatus.REVOKED} <= (
        statuses
    )
    assert not Program.objects.get(name=NORTHSIDE_PROGRAM).governed_by_vawa_fvpsa
    assert Program.objects.get(name=DEMO_PROGRAM).governed_by_vawa_fvpsa
    # Marisol's release (the referrals demo revokes another one to the same agency).
    written = Release.objects.get(
        recipient_organization__name__startswith="Sampleton", revocation__isnull=True
    )
    assert written.method == "written" and written.categories == ["identity", "contact"]
    assert written.purposes == ["referral"]
    revoked = Release.objects.exclude(recipient_organization__name__startswith="Sampleton").get(
        revocation__isnull=False
    )
    assert Disclosure.objects.filter(releases=revoked).exists()
    assert StopUsingNotice.objects.filter(release=revoked, sent_at__isnull=True).count() == 1
    assert Restriction.objects.filter(removed_at__isnull=True).exists()
    with data_key_cache():
        assert all(person.name for person in people)
