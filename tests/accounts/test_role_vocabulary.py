"""Roles are named once, in accounts/roles.py: no module keeps its own set or compares a role
with a string, so a new role or a new right is one change in one place."""

import pathlib
import re

from accounts.roles import (
    AUDIT_READER_ROLES,
    CASE_TEAM_ROLES,
    CASE_WORKER_ROLES,
    TEAM_ONLY_ROLES,
    Role,
)

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ["accounts", "alongside", "audit", "cases", "organization", "reminders", "protection"]
ROLE_NAMES = "|".join(role.value for role in Role)
# A role compared with, or collected as, a string: role == "supervisor", {"advocate", ...}.
STRING_ROLE = re.compile(rf"""role\w*\s*(==|!=|in)\s*[\(\[{{]?\s*["']({ROLE_NAMES})["']""")
# A module of its own collecting roles into a set.
OWN_SET = re.compile(r"^\w+\s*=\s*(frozenset\()?[\(\[{]\s*Role\.\w+\s*,", re.MULTILINE)


def _runtime_modules():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            parts = set(path.relative_to(ROOT).parts)
            if parts & {"migrations", "seeding"} or path.name == "roles.py":
                continue
            yield path


def test_no_module_compares_a_role_with_a_string():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in _runtime_modules()
        for match in STRING_ROLE.finditer(path.read_text())
    ]
    assert found == []


def test_no_module_keeps_its_own_set_of_roles():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in _runtime_modules()
        for match in OWN_SET.finditer(path.read_text())
    ]
    assert found == []


def test_the_named_sets_say_who_works_on_cases():
    assert {Role.ADVOCATE, Role.CLINICIAN, Role.SUPERVISOR} == CASE_WORKER_ROLES
    assert {Role.ADMINISTRATOR, Role.AUDITOR} == TEAM_ONLY_ROLES
    assert CASE_TEAM_ROLES == CASE_WORKER_ROLES | TEAM_ONLY_ROLES
    assert Role.PARTNER not in CASE_TEAM_ROLES
    assert {Role.AUDITOR} == AUDIT_READER_ROLES
