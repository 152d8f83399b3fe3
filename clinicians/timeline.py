"""The clinicians' entries on the case timeline, through ``alongside.timeline``.

Sessions show the survivor's own participation only (the participation row is the survivor's,
so a group's other members never appear). Measures appear twice over the same table: with the
score and band for those who may read clinical data, and as "a questionnaire was completed",
without any number, for everyone else on the case. Psychotherapy notes are never here.
"""

import dataclasses

from django.utils.html import format_html
from django.utils.translation import gettext as _

from alongside.timeline import (
    EscapedOnce,
    TimelineEntry,
    TimelineSource,
    choice_labels,
    said_by,
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


@dataclasses.dataclass(frozen=True, slots=True)
class SessionEntry(TimelineEntry):
    attendance: str
    format: str  # individual or group
    modality: str
    minutes: int | None


@dataclasses.dataclass(frozen=True, slots=True)
class MeasureEntry(TimelineEntry):
    instrument: str
    band: str
    total: int | None  # None when too many items were unanswered
    meaningful_change: bool


@dataclasses.dataclass(frozen=True, slots=True)
class MeasureDoneEntry(TimelineEntry):
    instrument: str


@dataclasses.dataclass(frozen=True, slots=True)
class AssignmentEntry(TimelineEntry):
    status: str


def _not_clinical(viewer, case) -> bool:
    return not may_read_clinical(viewer, case)


def _session(case):
    attendance, modalities, formats = (
        choice_labels(Attendance),
        choice_labels(Modality),
        choice_labels(SessionFormat),
    )

    def said_of(key) -> str:
        format, modality, attended, minutes = key
        said = _("%(format)s session (%(modality)s): %(attendance)s") % {
            "format": formats.get(format, ""),
            "modality": modalities.get(modality, modality),
            "attendance": attendance.get(attended, attended),
        }
        return said + (f" · {minutes} min" if minutes else "")

    said = EscapedOnce(said_of)
    names = EscapedOnce()

    def render(entry: SessionEntry):
        return said_by(
            said[entry.format, entry.modality, entry.attendance, entry.minutes], names[entry.person]
        )

    return render


def _measure_said(key) -> str:
    code, band_code, total = key
    instrument = INSTRUMENTS.get(code)
    name = instrument.name if instrument else code
    if total is None:
        return _("%(name)s: no total (too many items unanswered)") % {"name": name}
    band = next(
        (band for band in (instrument.bands if instrument else ()) if band.code == band_code), None
    )
    return _("%(name)s: %(total)s, %(band)s") % {
        "name": name,
        "total": total,
        "band": band.label if band else "",
    }


def _measure(case):
    meaningful = format_html(
        '\n        <span class="tag">{}</span>', _("Clinically meaningful change")
    )
    said = EscapedOnce(_measure_said)
    names = EscapedOnce()

    def render(entry: MeasureEntry):
        return format_html(
            '{}{}\n        <span class="muted">· {}</span>',
            said[entry.instrument, entry.band, entry.total],
            meaningful if entry.meaningful_change else "",
            names[entry.person],
        )

    return render


def _measure_done(case):
    labels = choice_labels(InstrumentCode)
    said = EscapedOnce(
        lambda code: (
            _("Questionnaire completed with a clinician: %(name)s")
            % {"name": labels.get(code, code)}
        )
    )
    names = EscapedOnce()

    def render(entry: MeasureDoneEntry):
        return said_by(said[entry.instrument], names[entry.person])

    return render


def _assignment(case):
    statuses = choice_labels(AssignmentStatus)
    said = EscapedOnce(
        lambda status: (
            _("Clinician assignment %(status)s") % {"status": statuses.get(status, status).lower()}
        )
    )
    names = EscapedOnce()

    def render(entry: AssignmentEntry):
        return format_html("{}: {}", said[entry.status], names[entry.person])

    return render


def _sources() -> list[TimelineSource]:
    measures = MeasureAdministration._meta.db_table
    return [
        TimelineSource(
            kinds=("therapy_session",),
            rank=200,
            entry=SessionEntry,
            fields={
                "attendance": "tp.attendance",
                "format": "ts.format",
                "modality": "ts.modality",
                "minutes": "ts.duration_minutes",
            },
            table=SessionParticipation._meta.db_table,
            alias="tp",
            joins=f"JOIN {TherapySession._meta.db_table} ts ON ts.id = tp.session_id",
            order="tp.held_on DESC",
            on_day="tp.held_on",
            recorded="tp.held_on",
            prepare=_session,
        ),
        TimelineSource(
            kinds=("measure",),
            rank=210,
            entry=MeasureEntry,
            fields={
                "instrument": "ma.instrument",
                "band": "ma.band",
                "total": "ma.total",
                "meaningful_change": "ma.meaningful_change",
            },
            table=measures,
            alias="ma",
            order="ma.administered_on DESC, ma.recorded_at DESC",
            on_day="ma.administered_on",
            recorded="ma.recorded_at",
            prepare=_measure,
            visible_to=may_read_clinical,
        ),
        # The same rows, without their scores, for everyone else on the case (never both: the
        # two rules exclude each other).
        TimelineSource(
            kinds=("measure_done",),
            rank=215,
            entry=MeasureDoneEntry,
            fields={"instrument": "mb.instrument"},
            table=measures,
            alias="mb",
            order="mb.administered_on DESC, mb.recorded_at DESC",
            on_day="mb.administered_on",
            recorded="mb.recorded_at",
            prepare=_measure_done,
            visible_to=_not_clinical,
        ),
        TimelineSource(
            kinds=("clinician_assignment",),
            rank=220,
            entry=AssignmentEntry,
            fields={"status": "ca.status"},
            table=Assignment._meta.db_table,
            alias="ca",
            person_column="clinician_id",
            order="ca.requested_at DESC",
            at="COALESCE(ca.ended_at, ca.decided_at, ca.requested_at)",
            recorded="ca.requested_at",
            prepare=_assignment,
            shows_time=True,
        ),
    ]


def register_clinician_sources() -> None:
    for source in _sources():
        timeline_source_register(source)
