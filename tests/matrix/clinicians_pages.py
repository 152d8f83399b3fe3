"""The clinicians' pages.

The scenario's clinician ("clinician_on_team") is on the case's team; "clinician_off_team" is a
clinician not assigned to the survivor and gets 404 for that survivor everywhere, as any
outsider does. Clinical pages answer 403 to the advocate and supervisor who may see the case
(clinical data is for clinicians on it). A psychotherapy note is written by the scenario's
clinician and answers 404 to everyone else, the program's supervisor included.
"""

from django.utils import timezone

from accounts.roles import Role
from clinicians import services
from clinicians.choices import AssignmentStatus, Modality, SessionFormat
from clinicians.models import Assignment
from tests.clinicians.conftest import give_profile
from tests.factories import UserFactory
from tests.matrix.framework import Entry, case_page, case_write, everyone, only_role


def _scenario(context):
    return context.extras["scenario"]


def _clinical_page(status=200):
    """A clinical page of the case: the clinician on it; advocates and supervisors 403."""
    return case_page(status, lead_advocate=403, readers=403, supervisor=403)


def _author_only(status=200):
    return everyone(404, clinician_on_team=status)


def _case(context):
    return {"case_id": context.case.pk}


def _clinical_note(context, *, signed=False):
    def make():
        clinician = _scenario(context).clinician
        note = services.clinical_note_create(actor=clinician, case=context.case, body="Matrix")
        if signed:
            note = services.clinical_note_sign(actor=clinician, note=note, version=note.version)
        return note

    return context.remember("clinical_signed" if signed else "clinical", make)


def _psychotherapy_note(context, *, signed=False):
    def make():
        clinician = _scenario(context).clinician
        note = services.psychotherapy_note_create(
            actor=clinician, case=context.case, body="Matrix private"
        )
        if signed:
            note = services.psychotherapy_note_sign(
                actor=clinician, note=note, version=note.version
            )
        return note

    return context.remember("private_signed" if signed else "private", make)


def _measure(context):
    return context.remember(
        "measure",
        lambda: services.measure_record(
            actor=_scenario(context).clinician,
            case=context.case,
            instrument="phq9",
            answers=[1] * 9,
        ),
    )


def _profiled_clinician(context):
    def make():
        clinician = UserFactory(role=Role.CLINICIAN)
        give_profile(clinician)
        return clinician

    return context.remember("profiled", make)


def _requested(context):
    return context.remember(
        "requested",
        lambda: services.assignment_request(
            actor=_scenario(context).lead, case=context.case, clinician=_profiled_clinician(context)
        ),
    )


def _approved(context):
    def make():
        supervisor = _scenario(context).program.supervisors.first()
        return services.assignment_approve(actor=supervisor, assignment=_requested(context))

    return context.remember("approved", make)


def _own_assignment(context):
    # The scenario's clinician is on the team already; their assignment row is made directly so
    # the schedule has an approved assignment of theirs to belong to.
    return context.remember(
        "own_assignment",
        lambda: Assignment.objects.create(
            case=context.case,
            clinician=_scenario(context).clinician,
            requested_by=_scenario(context).lead,
            status=AssignmentStatus.APPROVED,
        ),
    )


def _on(name, make):
    return lambda context: {"case_id": context.case.pk, name: make(context).pk}


ENTRIES: dict[str, Entry] = {
    "clinicians:my-survivors": Entry(only_role(Role.CLINICIAN)),
    "clinicians:overview": Entry(only_role(Role.SUPERVISOR)),
    "clinicians:my-profile": Entry(only_role(Role.CLINICIAN)),
    "clinicians:training-add": Entry(
        only_role(Role.CLINICIAN, 302),
        method="post",
        data=lambda context: {
            "kind": "training",
            "name": "TF-CBT Web",
            "modality": Modality.TF_CBT,
            "completed_on": timezone.localdate().isoformat(),
        },
    ),
    "clinicians:clinician-detail": Entry(
        only_role(Role.SUPERVISOR),
        kwargs=lambda context: {"clinician_id": _scenario(context).clinician.pk},
    ),
    "clinicians:session-new": Entry(only_role(Role.CLINICIAN)),
    "clinicians:record": Entry(_clinical_page(), kwargs=_case),
    "clinicians:case-session-new": Entry(_clinical_page(), kwargs=_case),
    "clinicians:case-session-new POST": Entry(
        _clinical_page(302),
        method="post",
        kwargs=_case,
        data=lambda context: {
            "held_on": timezone.localdate().isoformat(),
            "duration_minutes": "50",
            "modality": Modality.EMDR,
            "format": SessionFormat.INDIVIDUAL,
            f"attendance_{context.case.pk}": "attended",
        },
    ),
    "clinicians:clinical-note-new": Entry(_clinical_page(), kwargs=_case),
    "clinicians:clinical-note": Entry(_clinical_page(), kwargs=_on("note_id", _clinical_note)),
    "clinicians:clinical-note-sign": Entry(
        _clinical_page(302),
        method="post",
        kwargs=_on("note_id", _clinical_note),
        data=lambda context: {"version": _clinical_note(context).version},
    ),
    "clinicians:clinical-note-addendum": Entry(
        _clinical_page(302),
        method="post",
        kwargs=_on("note_id", lambda context: _clinical_note(context, signed=True)),
        data={"body": "Matrix addendum"},
    ),
    "clinicians:psychotherapy-note-new": Entry(_clinical_page(), kwargs=_case),
    "clinicians:psychotherapy-note": Entry(
        _author_only(), kwargs=_on("note_id", _psychotherapy_note)
    ),
    "clinicians:psychotherapy-note POST": Entry(
        _author_only(302),
        method="post",
        kwargs=_on("note_id", _psychotherapy_note),
        data=lambda context: {"body": "Changed", "version": _psychotherapy_note(context).version},
    ),
    "clinicians:psychotherapy-note-sign": Entry(
        _author_only(302),
        method="post",
        kwargs=_on("note_id", _psychotherapy_note),
        data=lambda context: {"version": _psychotherapy_note(context).version},
    ),
    "clinicians:psychotherapy-note-addendum": Entry(
        _author_only(302),
        method="post",
        kwargs=_on("note_id", lambda context: _psychotherapy_note(context, signed=True)),
        data={"body": "Matrix addendum"},
    ),
    "clinicians:measure-new": Entry(
        _clinical_page(), kwargs=lambda context: {"case_id": context.case.pk, "instrument": "phq9"}
    ),
    "clinicians:measure-result": Entry(_clinical_page(), kwargs=_on("administration_id", _measure)),
    "clinicians:progress": Entry(
        _clinical_page(), kwargs=lambda context: {"case_id": context.case.pk, "instrument": "pcl5"}
    ),
    "clinicians:wishes": Entry(case_page(), kwargs=_case),
    "clinicians:wishes POST": Entry(
        case_write(302), method="post", kwargs=_case, data={"language": "spanish"}
    ),
    "clinicians:matching": Entry(case_page(clinician=403, readers=403), kwargs=_case),
    "clinicians:assignment-request": Entry(
        case_write(302, clinician=403),
        method="post",
        kwargs=_case,
        data=lambda context: {"clinician": _profiled_clinician(context).pk},
    ),
    "clinicians:assignment-approve": Entry(
        case_page(302, lead_advocate=403, readers=403, clinician=403),
        method="post",
        kwargs=_on("assignment_id", _requested),
    ),
    "clinicians:assignment-decline": Entry(
        case_page(302, lead_advocate=403, readers=403, clinician=403),
        method="post",
        kwargs=_on("assignment_id", _requested),
        data={"reason": "Another clinician fits better"},
    ),
    "clinicians:assignment-end": Entry(
        case_page(302, lead_advocate=403, readers=403, clinician=403),
        method="post",
        kwargs=_on("assignment_id", _approved),
        data={"reason": "completed"},
    ),
    "clinicians:schedule": Entry(
        _clinical_page(302),
        method="post",
        kwargs=_on("assignment_id", _own_assignment),
        data={"instrument": "phq9", "every_sessions": "4"},
    ),
}
