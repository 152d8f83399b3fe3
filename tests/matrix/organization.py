"""The organization's pages: programs and their supervisors, for administrators only."""

import uuid

from accounts.roles import Role
from tests.factories import UserFactory
from tests.matrix.framework import Context, Entry, only_role


def _program(context: Context) -> dict:
    return {"program_id": context.extras["scenario"].program.pk}


def _program_supervisor(context: Context) -> dict:
    program = context.extras["scenario"].program
    return {"program_id": program.pk, "user_id": program.supervisors.first().pk}


def _new_name(context: Context) -> dict:
    return {"name": f"Matrix program {uuid.uuid4().hex[:8]}"}


def _supervisor_to_name(context: Context) -> dict:
    return {"user": str(UserFactory(role=Role.SUPERVISOR).pk)}


ADMINISTRATORS = only_role(Role.ADMINISTRATOR)

ENTRIES: dict[str, Entry] = {
    "organization:program-list": Entry(ADMINISTRATORS),
    "organization:program-list POST": Entry(
        only_role(Role.ADMINISTRATOR, 302), method="post", data=_new_name
    ),
    "organization:program-detail": Entry(ADMINISTRATORS, kwargs=_program),
    "organization:program-detail POST": Entry(
        only_role(Role.ADMINISTRATOR, 302), method="post", kwargs=_program, data=_new_name
    ),
    # Turning the rule off: every persona sends the same change; the matrix checks who may.
    "organization:program-release-rule": Entry(
        only_role(Role.ADMINISTRATOR, 302),
        method="post",
        kwargs=_program,
        data={"governed_by_vawa_fvpsa": ""},
    ),
    "organization:program-supervisor-add": Entry(
        only_role(Role.ADMINISTRATOR, 302),
        method="post",
        kwargs=_program,
        data=_supervisor_to_name,
    ),
    "organization:program-supervisor-remove": Entry(
        only_role(Role.ADMINISTRATOR, 302), method="post", kwargs=_program_supervisor
    ),
}
