"""The clinicians' entries on the case timeline, through ``alongside.timeline``.

Sessions show the survivor's own participation only (the participation row is the survivor's,
so a group's other members never appear). Measures appear twice over the same table: with the
score and band for those who may read clinical data, and as "a questionnaire was completed",
without any number, for everyone else on the case. Psychotherapy notes are never here.
"""

from django.utils.translation import gettext as _

from alongside.timeline import (
    FALSE,
    NULL_AT,
    NULL_DAY,
    NULL_NUMBER,
    NULL_TEXT,
    TimelineSource,
    by_whom,
    choice_labels,
    escape,
    timeline_source_register,
)
from clinicians.access import may_read_clinical
from clinicians.choices import AssignmentStatus, Attendance, Modality, SessionFormat
from clinicians.measures import INSTRUMENTS, InstrumentCode
from clinicians.models import (
    Assignment,
    MeasureAdministration,
    SessionParticipation,
    TherapySession,
)


def _not_clinical(viewer, case) -> bool:
    return not may_read_clinical(viewer, case)


def _session(case):
    attendance, modalities, formats = (
        choice_labels(Attendance),
        choice_labels(Modality),
        choice_labels(SessionFormat),
    )

    def render(entry) -> str:
        kind = formats.get(entry.detail.split("|")[0], "") if entry.detail else ""
        modality = entry.detail.split("|")[1] if entry.detail and "|" in entry.detail else ""
        said = _("%(format)s session (%(modality)s): %(attendance)s") % {
            "format": kind,
            "modality": modalities.get(modality, modality),
            "attendance": attendance.get(entry.code, entry.code),
        }
        minutes = f" · {entry.minutes} min" if entry.minutes else ""
        return f"{escape(said)}{escape(minutes)}\n        {by_whom(entry.person)}"

    return render


def _measure(case):
    def render(entry) -> str:
        instrument = INSTRUMENTS.get(entry.code)
        name = instrument.name if instrument else entry.code
        band = next((b for b in instrument.bands if b.code == entry.detail), None)
        if entry.minutes is None:
            said = _("%(name)s: no total (too many items unanswered)") % {"name": name}
        else:
            said = _("%(name)s: %(total)s, %(band)s") % {
                "name": name,
                "total": entry.minutes,
                "band": band.label if band else "",
            }
        marked = (
            f'\n        <span class="tag">{escape(_("Clinically meaningful change"))}</span>'
            if entry.signed
            else ""
        )
        return f"{escape(said)}{marked}\n        {by_whom(entry.person)}"

    return render


def _measure_done(case):
    labels = choice_labels(InstrumentCode)

    def render(entry) -> str:
        said = _("Questionnaire completed with a clinician: %(name)s") % {
            "name": labels.get(entry.code, entry.code)
        }
        return f"{escape(said)}\n        {by_whom(entry.person)}"

    return render


def _assignment(case):
    statuses = choice_labels(AssignmentStatus)

    def render(entry) -> str:
        said = _("Clinician assignment %(status)s") % {
            "status": statuses.get(entry.code, entry.code).lower()
        }
        return f"{escape(said)}: {escape(entry.person)}"

    return render


_SESSIONS = TherapySession._meta.db_table


def _sources() -> list[TimelineSource]:
    session_detail = (
        f"(SELECT ts.format || '|' || ts.modality FROM {_SESSIONS} ts "  # noqa: S608
        "WHERE ts.id = tp.session_id)"
    )
    session_minutes = (
        f"(SELECT ts.duration_minutes FROM {_SESSIONS} ts WHERE ts.id = tp.session_id)"  # noqa: S608
    )
    measure_columns = (
        "{kind}, 21, {a}.id, {at}, {a}.administered_on, {a}.instrument, {detail}, {total}, "
        "{signed}, u.full_name, {a}.recorded_at"
    )
    return [
        TimelineSource(
            kinds=("therapy_session",),
            table=SessionParticipation._meta.db_table,
            alias="tp",
            order="tp.held_on DESC",
            columns=f"'therapy_session', 20, tp.id, {NULL_AT}, tp.held_on, tp.attendance, "
            f"{session_detail}, {session_minutes}, {FALSE}, u.full_name, tp.held_on",
            prepare=_session,
        ),
        TimelineSource(
            kinds=("measure",),
            table=MeasureAdministration._meta.db_table,
            alias="ma",
            order="ma.administered_on DESC, ma.recorded_at DESC",
            columns=measure_columns.format(
                kind="'measure'",
                a="ma",
                at=NULL_AT,
                detail="ma.band",
                total="ma.total",
                signed="ma.meaningful_change",
            ),
            prepare=_measure,
            visible_to=may_read_clinical,
        ),
        TimelineSource(
            kinds=("measure_done",),
            table=MeasureAdministration._meta.db_table,
            alias="mb",
            order="mb.administered_on DESC, mb.recorded_at DESC",
            columns=measure_columns.format(
                kind="'measure_done'",
                a="mb",
                at=NULL_AT,
                detail=NULL_TEXT,
                total=NULL_NUMBER,
                signed=FALSE,
            ),
            prepare=_measure_done,
            visible_to=_not_clinical,
        ),
        TimelineSource(
            kinds=("clinician_assignment",),
            table=Assignment._meta.db_table,
            alias="ca",
            person_column="clinician_id",
            order="ca.requested_at DESC",
            columns="'clinician_assignment', 22, ca.id, "
            "COALESCE(ca.ended_at, ca.decided_at, ca.requested_at), "
            f"{NULL_DAY}, ca.status, {NULL_TEXT}, {NULL_NUMBER}, {FALSE}, u.full_name, "
            "ca.requested_at",
            prepare=_assignment,
            shows_time=True,
        ),
    ]


def register_clinician_sources() -> None:
    for source in _sources():
        timeline_source_register(source)
