"""The cases app's own timeline sources: notes, stage and recurrences, services, goals,
check-ins, outreach and appointments. Registered in ``CasesConfig.ready()`` through the same
``alongside.timeline`` API every app uses; nothing here knows of another app's sources."""

import dataclasses
import uuid

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alongside.timeline import (
    EscapedOnce,
    TimelineEntry,
    TimelineSource,
    choice_labels,
    said_by,
    timeline_source_register,
)
from cases.choices import (
    AppointmentOutcome,
    ContactMethod,
    GoalDomain,
    GoalStatus,
    NoteKind,
    OutreachOutcome,
    ServiceCategory,
    Stage,
)
from cases.models import (
    Appointment,
    CaseNote,
    Goal,
    OutreachAttempt,
    RecoveryCheckIn,
    ServiceRecord,
    StageEvent,
)

# Stands in for an entry's id in a reversed address, so a timeline reverses each address once.
_SLOT = str(uuid.UUID(int=0))


# What each kind of entry carries ------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class NoteEntry(TimelineEntry):
    note_kind: str
    method: str
    minutes: int | None
    signed: bool


@dataclasses.dataclass(frozen=True, slots=True)
class StageEntry(TimelineEntry):
    stage: str  # blank for a recurrence that named no stage


@dataclasses.dataclass(frozen=True, slots=True)
class ServiceEntry(TimelineEntry):
    category: str


@dataclasses.dataclass(frozen=True, slots=True)
class GoalEntry(TimelineEntry):
    domain: str
    status: str


@dataclasses.dataclass(frozen=True, slots=True)
class CheckInEntry(TimelineEntry):
    pass


@dataclasses.dataclass(frozen=True, slots=True)
class OutreachEntry(TimelineEntry):
    method: str
    outcome: str


@dataclasses.dataclass(frozen=True, slots=True)
class AppointmentEntry(TimelineEntry):
    outcome: str


# How each reads: each sentence is translated and escaped once per rendering (EscapedOnce) ---


def _link(url_name: str, case) -> str:
    # Escaped once: the entry's id, put in the slot, is a UUID (hex digits and dashes).
    return escape(reverse(url_name, args=[str(case.pk), _SLOT]))


def _note(case):
    kinds, methods = choice_labels(NoteKind), choice_labels(ContactMethod)
    url = _link("cases:note-detail", case)
    note_of = _("%(kind)s note")
    kind_said = EscapedOnce(lambda code: note_of % {"kind": kinds.get(code, code)})
    method_said = EscapedOnce(lambda method: methods.get(method, method))
    duration = EscapedOnce(
        lambda minutes: (
            (", " + ngettext("%(minutes)s minute", "%(minutes)s minutes", minutes))
            % {"minutes": minutes}
            if minutes
            else ""
        )
    )
    signed = format_html('\n        <span class="tag">{}</span>', _("Signed"))
    names = EscapedOnce()

    def render(entry: NoteEntry):
        return format_html(
            '<a href="{}">{}</a>\n        <span class="muted">{}{} · {}</span>{}',
            SafeString(url.replace(_SLOT, str(entry.id))),
            kind_said[entry.note_kind],
            method_said[entry.method],
            duration[entry.minutes],
            names[entry.person],
            signed if entry.signed else "",
        )

    return render


def _stage(case):
    stages = choice_labels(Stage)
    stage_said = EscapedOnce(
        lambda stage: _("Stage of change: %(stage)s") % {"stage": stages.get(stage, stage)}
    )
    recurrence = escape(_("Recurrence: an event on the journey"))
    recurrence_stage = EscapedOnce(lambda stage: stages.get(stage, stage))
    names = EscapedOnce()

    def render(entry: StageEntry):
        stage = entry.stage
        if entry.kind == "recurrence":
            return format_html(
                '{}{}\n        <span class="muted">· {}</span>',
                recurrence,
                format_html(' <span class="muted">({})</span>', recurrence_stage[stage])
                if stage
                else "",
                names[entry.person],
            )
        return said_by(stage_said[stage], names[entry.person])

    return render


def _service(case):
    services = choice_labels(ServiceCategory)
    said = EscapedOnce(
        lambda category: (
            _("Service provided: %(service)s") % {"service": services.get(category, category)}
        )
    )
    names = EscapedOnce()

    def render(entry: ServiceEntry):
        return said_by(said[entry.category], names[entry.person])

    return render


def _goal(case):
    domains, statuses = choice_labels(GoalDomain), choice_labels(GoalStatus)
    url = _link("cases:goal-edit", case)
    said = EscapedOnce(
        lambda domain: _("Goal set (%(domain)s)") % {"domain": domains.get(domain, domain)}
    )
    status_said = EscapedOnce(lambda status: statuses.get(status, status))

    def render(entry: GoalEntry):
        return format_html(
            '<a href="{}">{}</a>\n        <span class="muted">· {}</span>',
            SafeString(url.replace(_SLOT, str(entry.id))),
            said[entry.domain],
            status_said[entry.status],
        )

    return render


def _check_in(case):
    url = reverse("cases:check-ins", args=[str(case.pk)])
    said = escape(_("Recovery check-in"))
    names = EscapedOnce()

    def render(entry: CheckInEntry):
        return format_html(
            '<a href="{}">{}</a>\n        <span class="muted">· {}</span>',
            url,
            said,
            names[entry.person],
        )

    return render


def _outreach(case):
    methods, outcomes = choice_labels(ContactMethod), choice_labels(OutreachOutcome)
    said = EscapedOnce(
        lambda method: _("Outreach by %(method)s") % {"method": methods.get(method, method)}
    )
    outcome_said = EscapedOnce(lambda outcome: outcomes.get(outcome, outcome))
    names = EscapedOnce()

    def render(entry: OutreachEntry):
        return format_html(
            '{}: {}\n        <span class="muted">· {}</span>',
            said[entry.method],
            outcome_said[entry.outcome],
            names[entry.person],
        )

    return render


def _appointment(case):
    outcomes = choice_labels(AppointmentOutcome)
    said = escape(_("Appointment"))
    outcome_said = EscapedOnce(lambda outcome: outcomes.get(outcome, outcome))
    names = EscapedOnce()

    def render(entry: AppointmentEntry):
        return format_html(
            '{}: {}\n        <span class="muted">· {}</span>',
            said,
            outcome_said[entry.outcome],
            names[entry.person],
        )

    return render


def _sources() -> list[TimelineSource]:
    return [
        TimelineSource(
            kinds=("note",),
            rank=0,
            entry=NoteEntry,
            fields={
                "note_kind": "n.kind",
                "method": "n.method",
                "minutes": "n.duration_minutes",
                "signed": "n.signed_at IS NOT NULL",
            },
            table=CaseNote._meta.db_table,
            alias="n",
            person_column="author_id",
            order="n.contact_at DESC",
            at="n.contact_at",
            recorded="n.created_at",
            prepare=_note,
            shows_time=True,
        ),
        TimelineSource(
            kinds=("stage", "recurrence"),
            kind_sql="CASE WHEN s.is_recurrence THEN 'recurrence' ELSE 'stage' END",
            rank=10,
            entry=StageEntry,
            fields={"stage": "s.stage"},
            table=StageEvent._meta.db_table,
            alias="s",
            order="s.occurred_on DESC, s.recorded_at DESC",
            on_day="s.occurred_on",
            recorded="s.recorded_at",
            prepare=_stage,
        ),
        TimelineSource(
            kinds=("service",),
            rank=20,
            entry=ServiceEntry,
            fields={"category": "v.category"},
            table=ServiceRecord._meta.db_table,
            alias="v",
            order="v.provided_on DESC",
            on_day="v.provided_on",
            recorded="v.recorded_at",
            prepare=_service,
        ),
        TimelineSource(
            kinds=("goal",),
            rank=30,
            entry=GoalEntry,
            fields={"domain": "g.domain", "status": "g.status"},
            table=Goal._meta.db_table,
            alias="g",
            person_column="created_by_id",
            order="g.created_at DESC",
            at="g.created_at",
            recorded="g.created_at",
            prepare=_goal,
        ),
        TimelineSource(
            kinds=("check_in",),
            rank=40,
            entry=CheckInEntry,
            fields={},
            table=RecoveryCheckIn._meta.db_table,
            alias="c",
            order="c.checked_on DESC, c.recorded_at DESC",
            on_day="c.checked_on",
            recorded="c.recorded_at",
            prepare=_check_in,
        ),
        TimelineSource(
            kinds=("outreach",),
            rank=50,
            entry=OutreachEntry,
            fields={"method": "o.method", "outcome": "o.outcome"},
            table=OutreachAttempt._meta.db_table,
            alias="o",
            order="o.attempted_at DESC",
            at="o.attempted_at",
            recorded="o.attempted_at",
            prepare=_outreach,
            shows_time=True,
        ),
        TimelineSource(
            kinds=("appointment",),
            rank=60,
            entry=AppointmentEntry,
            fields={"outcome": "a.outcome"},
            table=Appointment._meta.db_table,
            alias="a",
            order="a.scheduled_for DESC",
            at="a.scheduled_for",
            recorded="a.recorded_at",
            prepare=_appointment,
            shows_time=True,
        ),
    ]


def register_case_sources() -> None:
    for source in _sources():
        timeline_source_register(source)
