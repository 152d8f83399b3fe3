"""The case API: every endpoint and method, for every persona.

Outsiders (anyone not on the team and not the program's supervisor) get 404 whatever the
method; insiders without the right get 403; nobody signed out gets further than 401.
"""

import datetime

from django.utils import timezone

from cases import services
from cases.choices import TeamRole
from tests.matrix.framework import Context, Entry, case_page, everyone
from tests.matrix.framework import case_write as framework_case_write

JSON = "application/json"


def case_kwargs(context: Context) -> dict:
    return {"case_id": context.case.pk}


def _own_note(context: Context):
    # Written by the requester, so that signing (the author's alone) is theirs to do.
    return context.remember(
        "note",
        lambda: services.note_create(
            actor=context.requester,
            case=context.case,
            kind="contact",
            body="Matrix note",
            contact_at=timezone.now() - datetime.timedelta(hours=1),
            method="phone",
        ),
    )


def note_kwargs(context: Context) -> dict:
    return case_kwargs(context) | {"note_id": _own_note(context).pk}


def signed_note_kwargs(context: Context) -> dict:
    note = _own_note(context)
    if not note.is_signed:
        services.note_sign(actor=note.author, note=note, version=note.version)
    return case_kwargs(context) | {"note_id": note.pk}


def clinician_membership_kwargs(context: Context) -> dict:
    clinician = context.extras["scenario"].clinician
    membership = context.case.team.get(user=clinician, until__isnull=True)
    return case_kwargs(context) | {"membership_id": membership.pk}


def goal_kwargs(context: Context) -> dict:
    goal = context.remember(
        "goal",
        lambda: services.goal_create(
            actor=context.extras["scenario"].lead,
            case=context.case,
            domain="housing",
            own_words="I want a place of my own",
        ),
    )
    return case_kwargs(context) | {"goal_id": goal.pk}


def note_body(context: Context) -> dict:
    return {
        "kind": "contact",
        "body": "Called to check in",
        "contact_at": (timezone.now() - datetime.timedelta(hours=2)).isoformat(),
        "method": "phone",
    }


def intake(context: Context) -> dict:
    return {
        "program": str(context.extras["scenario"].program.pk),
        "preferred_name": "Matrix Intake",
        "confirm_not_duplicate": True,
    }


def team_write(status: int) -> dict:
    """Supervisors manage the team; nobody else on it may (403)."""
    return case_page(status, signed_out=401, lead_advocate=403, clinician=403, readers=403)


def case_write(status: int, **overrides) -> dict:
    """A change to the case: the administrator and the auditor on the team only read (403)."""
    return framework_case_write(status, signed_out=401, **overrides)


# Opening a case: case workers (a supervisor of another program cannot file under this one).
OPEN = everyone(403, signed_out=401) | {
    "advocate_on_team": 201,
    "advocate_off_team": 201,
    "clinician_on_team": 201,
    "clinician_off_team": 201,
    "supervisor_of_program": 201,
    "supervisor_of_other_program": 400,
}

ENTRIES: dict[str, Entry] = {
    "cases-api:case-list": Entry(everyone(200, signed_out=401)),
    "cases-api:case-list POST": Entry(OPEN, method="post", data=intake, content_type=JSON),
    "cases-api:case-search": Entry(
        everyone(200, signed_out=401),
        method="post",
        data={"name": "Matrix Survivor"},
        content_type=JSON,
    ),
    "cases-api:case-detail": Entry(case_page(signed_out=401), kwargs=case_kwargs),
    "cases-api:case-detail PATCH": Entry(
        case_write(200),
        method="patch",
        kwargs=case_kwargs,
        data=lambda context: {"version": context.case.version, "other_names": "Matrix Other"},
        content_type=JSON,
    ),
    "cases-api:case-close": Entry(
        case_write(200, clinician=403),
        method="post",
        kwargs=case_kwargs,
        data={"reason": "survivor_request"},
        content_type=JSON,
    ),
    "cases-api:note-list": Entry(case_page(signed_out=401), kwargs=case_kwargs),
    "cases-api:note-list POST": Entry(
        case_write(201), method="post", kwargs=case_kwargs, data=note_body, content_type=JSON
    ),
    "cases-api:note-detail": Entry(case_page(signed_out=401), kwargs=note_kwargs),
    "cases-api:note-detail PATCH": Entry(
        case_write(200),
        method="patch",
        kwargs=note_kwargs,
        data={"version": 1, "body": "Called to check in, and we talked about housing"},
        content_type=JSON,
    ),
    "cases-api:note-sign": Entry(
        case_write(200), method="post", kwargs=note_kwargs, data={"version": 1}, content_type=JSON
    ),
    "cases-api:note-addenda": Entry(
        case_write(201),
        method="post",
        kwargs=signed_note_kwargs,
        data={"body": "Added after the call"},
        content_type=JSON,
    ),
    "cases-api:team-list": Entry(case_page(signed_out=401), kwargs=case_kwargs),
    "cases-api:team-list POST": Entry(
        team_write(201),
        method="post",
        kwargs=case_kwargs,
        data=lambda context: {"user": str(context.subject.pk), "team_role": TeamRole.ADVOCATE},
        content_type=JSON,
    ),
    "cases-api:team-end": Entry(
        team_write(200), method="post", kwargs=clinician_membership_kwargs, content_type=JSON
    ),
    "cases-api:goal-list": Entry(case_page(signed_out=401), kwargs=case_kwargs),
    "cases-api:goal-list POST": Entry(
        case_write(201),
        method="post",
        kwargs=case_kwargs,
        data={"domain": "employment", "own_words": "I want to work with animals"},
        content_type=JSON,
    ),
    "cases-api:goal-detail": Entry(
        case_write(200),
        method="patch",
        kwargs=goal_kwargs,
        data={"status": "in_progress"},
        content_type=JSON,
    ),
    "cases-api:check-in-list": Entry(case_page(signed_out=401), kwargs=case_kwargs),
    "cases-api:check-in-list POST": Entry(
        case_write(201),
        method="post",
        kwargs=case_kwargs,
        data={"ratings": {"stability": 3, "self_worth": 4}},
        content_type=JSON,
    ),
    "cases-api:service-list": Entry(case_page(signed_out=401), kwargs=case_kwargs),
    "cases-api:service-list POST": Entry(
        case_write(201),
        method="post",
        kwargs=case_kwargs,
        data={"category": "housing"},
        content_type=JSON,
    ),
}
