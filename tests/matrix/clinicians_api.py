"""The clinicians API: every endpoint and method, for every persona.

On the scenario's case the clinician on the team is also the *authoring clinician*: the
psychotherapy notes tried here are theirs, so they alone get 200 and every other persona —
the lead advocate and the program's supervisor included — gets 404, as a superuser does
(tests/clinicians). Clinical data answers 403 to insiders who are not clinicians, 404 to
outsiders; nobody signed out gets further than 401.
"""

from django.utils import timezone

from clinicians import services
from tests.factories import UserFactory
from tests.matrix.framework import Entry, everyone

JSON = "application/json"

CLINICIAN_PERSONAS = ("clinician_on_team", "clinician_off_team")
SUPERVISOR_PERSONAS = ("supervisor_of_program", "supervisor_of_other_program")
TEAM_READERS = ("administrator_on_team", "auditor_on_team")
CASE_WORKERS = (
    "advocate_on_team",
    "advocate_off_team",
    *CLINICIAN_PERSONAS,
    *SUPERVISOR_PERSONAS,
)


def only(personas, status: int) -> dict:
    return everyone(403, signed_out=401) | dict.fromkeys(personas, status)


def on_case(status: int, **overrides) -> dict:
    """The team and the program's supervisor; 404 for everyone else. The administrator and the
    auditor on the team reach the case but neither change it nor read clinical data (403)."""
    return (
        everyone(404, signed_out=401)
        | dict.fromkeys(("advocate_on_team", "clinician_on_team", "supervisor_of_program"), status)
        | dict.fromkeys(TEAM_READERS, 403)
        | overrides
    )


def read_on_case(status: int) -> dict:
    """What anyone on the case reads, the administrator and auditor on the team included."""
    return on_case(status) | dict.fromkeys(TEAM_READERS, status)


def clinical(status: int) -> dict:
    """Clinicians on the case only: the advocate and supervisor on it get 403."""
    return on_case(403) | {"clinician_on_team": status}


def requesters(status: int) -> dict:
    return on_case(403) | {"advocate_on_team": status, "supervisor_of_program": status}


def deciders(status: int) -> dict:
    return on_case(403) | {"supervisor_of_program": status}


def authoring_clinician(status: int) -> dict:
    return everyone(404, signed_out=401) | {"clinician_on_team": status}


def case_kwargs(context) -> dict:
    return {"case_id": context.case.pk}


def _fresh_clinician(context):
    return context.remember("fresh_clinician", lambda: UserFactory(role="clinician"))


def _requested(context):
    return context.remember(
        "requested",
        lambda: services.assignment_request(
            actor=context.extras["scenario"].lead,
            case=context.case,
            clinician=_fresh_clinician(context),
            override_reason="Matrix: the only clinician free this week.",
        ),
    )


def _approved(context):
    def make():
        program_supervisor = context.extras["scenario"].program.supervisors.first()
        return services.assignment_approve(actor=program_supervisor, assignment=_requested(context))

    return context.remember("approved", make)


def requested_kwargs(context) -> dict:
    return case_kwargs(context) | {"assignment_id": _requested(context).pk}


def approved_kwargs(context) -> dict:
    return case_kwargs(context) | {"assignment_id": _approved(context).pk}


def _clinical_note(context, signed=False):
    clinician = context.extras["scenario"].clinician
    note = context.remember(
        "clinical_note",
        lambda: services.clinical_note_create(actor=clinician, case=context.case, body="Matrix."),
    )
    if signed and not note.is_signed:
        note = services.clinical_note_sign(actor=clinician, note=note, version=note.version)
        context.extras["clinical_note"] = note
    return note


def _psychotherapy_note(context, signed=False):
    author = context.extras["scenario"].clinician
    note = context.remember(
        "psychotherapy_note",
        lambda: services.psychotherapy_note_create(
            actor=author, case=context.case, body="Matrix process note."
        ),
    )
    if signed and not note.is_signed:
        note = services.psychotherapy_note_sign(actor=author, note=note, version=note.version)
        context.extras["psychotherapy_note"] = note
    return note


def clinical_note_kwargs(context) -> dict:
    return case_kwargs(context) | {"note_id": _clinical_note(context).pk}


def signed_clinical_note_kwargs(context) -> dict:
    return case_kwargs(context) | {"note_id": _clinical_note(context, signed=True).pk}


def psychotherapy_note_kwargs(context) -> dict:
    return case_kwargs(context) | {"note_id": _psychotherapy_note(context).pk}


def signed_psychotherapy_note_kwargs(context) -> dict:
    return case_kwargs(context) | {"note_id": _psychotherapy_note(context, signed=True).pk}


def measure_kwargs(context) -> dict:
    administration = context.remember(
        "measure",
        lambda: services.measure_record(
            actor=context.extras["scenario"].clinician,
            case=context.case,
            instrument="gad7",
            answers=[1] * 7,
        ),
    )
    return case_kwargs(context) | {"administration_id": administration.pk}


def session_body(context) -> dict:
    return {
        "held_on": timezone.localdate().isoformat(),
        "duration_minutes": 50,
        "modality": "tf_cbt",
        "format": "individual",
        "participants": [{"case": str(context.case.pk), "attendance": "attended"}],
    }


ENTRIES: dict[str, Entry] = {
    "clinicians-api:clinician-list": Entry(only(CASE_WORKERS, 200)),
    "clinicians-api:my-profile": Entry(only(CLINICIAN_PERSONAS, 200)),
    "clinicians-api:my-profile PUT": Entry(
        only(CLINICIAN_PERSONAS, 200),
        method="put",
        data={"version": 1, "caseload_capacity": 4, "languages": ["english"]},
        content_type=JSON,
    ),
    "clinicians-api:my-trainings": Entry(
        only(CLINICIAN_PERSONAS, 201),
        method="post",
        data={"kind": "training", "name": "TF-CBT Web", "completed_on": "2022-01-10"},
        content_type=JSON,
    ),
    "clinicians-api:my-survivors": Entry(only(CLINICIAN_PERSONAS, 200)),
    "clinicians-api:overview": Entry(only(SUPERVISOR_PERSONAS, 200)),
    "clinicians-api:assignment-requests": Entry(only(SUPERVISOR_PERSONAS, 200)),
    # A clinician off the team is told the survivor is not on their caseload (400), which says
    # nothing of whether the survivor exists.
    "clinicians-api:session-record": Entry(
        only(CLINICIAN_PERSONAS, 201) | {"clinician_off_team": 400},
        method="post",
        data=session_body,
        content_type=JSON,
    ),
    "clinicians-api:wishes": Entry(read_on_case(200), kwargs=case_kwargs),
    "clinicians-api:wishes PUT": Entry(
        on_case(200),
        method="put",
        kwargs=case_kwargs,
        data={"language": "spanish", "interpreter_ok": True, "modalities_wanted": ["emdr"]},
        content_type=JSON,
    ),
    "clinicians-api:matches": Entry(requesters(200), kwargs=case_kwargs),
    "clinicians-api:assignment-list": Entry(read_on_case(200), kwargs=case_kwargs),
    "clinicians-api:assignment-list POST": Entry(
        requesters(201),
        method="post",
        kwargs=case_kwargs,
        data=lambda context: {
            "clinician": str(_fresh_clinician(context).pk),
            "override_reason": "Matrix: the only clinician free this week.",
        },
        content_type=JSON,
    ),
    "clinicians-api:assignment-approve": Entry(
        deciders(200), method="post", kwargs=requested_kwargs, content_type=JSON
    ),
    "clinicians-api:assignment-decline": Entry(
        deciders(200),
        method="post",
        kwargs=requested_kwargs,
        data={"reason": "Another clinician fits better."},
        content_type=JSON,
    ),
    "clinicians-api:assignment-end": Entry(
        deciders(200),
        method="post",
        kwargs=approved_kwargs,
        data={"reason": "completed"},
        content_type=JSON,
    ),
    "clinicians-api:assignment-schedule": Entry(
        deciders(200),
        method="put",
        kwargs=approved_kwargs,
        data={"instrument": "phq9", "every_sessions": 4},
        content_type=JSON,
    ),
    "clinicians-api:session-list": Entry(read_on_case(200), kwargs=case_kwargs),
    "clinicians-api:clinical-note-list": Entry(clinical(200), kwargs=case_kwargs),
    "clinicians-api:clinical-note-list POST": Entry(
        clinical(201),
        method="post",
        kwargs=case_kwargs,
        data={"body": "Worked on grounding."},
        content_type=JSON,
    ),
    "clinicians-api:clinical-note-detail": Entry(clinical(200), kwargs=clinical_note_kwargs),
    "clinicians-api:clinical-note-sign": Entry(
        clinical(200),
        method="post",
        kwargs=clinical_note_kwargs,
        data={"version": 1},
        content_type=JSON,
    ),
    "clinicians-api:clinical-note-addenda": Entry(
        clinical(201),
        method="post",
        kwargs=signed_clinical_note_kwargs,
        data={"body": "Added later."},
        content_type=JSON,
    ),
    "clinicians-api:psychotherapy-note-list": Entry(clinical(200), kwargs=case_kwargs),
    "clinicians-api:psychotherapy-note-list POST": Entry(
        clinical(201),
        method="post",
        kwargs=case_kwargs,
        data={"body": "My own process note."},
        content_type=JSON,
    ),
    "clinicians-api:psychotherapy-note-detail": Entry(
        authoring_clinician(200), kwargs=psychotherapy_note_kwargs
    ),
    "clinicians-api:psychotherapy-note-sign": Entry(
        authoring_clinician(200),
        method="post",
        kwargs=psychotherapy_note_kwargs,
        data={"version": 1},
        content_type=JSON,
    ),
    "clinicians-api:psychotherapy-note-addenda": Entry(
        authoring_clinician(201),
        method="post",
        kwargs=signed_psychotherapy_note_kwargs,
        data={"body": "Added later."},
        content_type=JSON,
    ),
    "clinicians-api:measure-list": Entry(clinical(200), kwargs=case_kwargs),
    "clinicians-api:measure-list POST": Entry(
        clinical(201),
        method="post",
        kwargs=case_kwargs,
        data={"instrument": "phq9", "answers": [1, 1, 1, 0, 0, 0, 0, 0, 0]},
        content_type=JSON,
    ),
    "clinicians-api:measure-detail": Entry(clinical(200), kwargs=measure_kwargs),
    "clinicians-api:progress": Entry(
        clinical(200), kwargs=lambda context: case_kwargs(context) | {"instrument": "phq9"}
    ),
}
