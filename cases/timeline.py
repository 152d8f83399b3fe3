"""The cases app's own timeline sources: notes, stage and recurrences, services, goals,
check-ins, outreach and appointments. Registered in ``CasesConfig.ready()`` through the same
``alongside.timeline`` API every app uses; nothing here knows of another app's sources."""

import uuid

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


def _link(url_name: str, case) -> str:
    return escape(reverse(url_name, args=[str(case.pk), _SLOT]))


def _note(case):
    kinds, methods, url = choice_labels(NoteKind), choice_labels(ContactMethod), None
    url = _link("cases:note-detail", case)

    def render(entry) -> str:
        minutes = entry.minutes
        duration = (
            (", " + ngettext("%(minutes)s minute", "%(minutes)s minutes", minutes))
            % {"minutes": minutes}
            if minutes
            else ""
        )
        kind_label = _("%(kind)s note") % {"kind": kinds.get(entry.code, entry.code)}
        signed = f'\n        <span class="tag">{escape(_("Signed"))}</span>' if entry.signed else ""
        return (
            f'<a href="{url.replace(_SLOT, str(entry.id))}">{escape(kind_label)}</a>'
            f'\n        <span class="muted">{escape(methods.get(entry.detail, entry.detail))}'
            f"{escape(duration)} · {escape(entry.person)}</span>{signed}"
        )

    return render


def _stage(case):
    stages = choice_labels(Stage)

    def render(entry) -> str:
        if entry.kind == "recurrence":
            code = entry.code
            stage = (
                f' <span class="muted">({escape(stages.get(code, code))})</span>' if code else ""
            )
            said = escape(_("Recurrence: an event on the journey"))
            return f"{said}{stage}\n        {by_whom(entry.person)}"
        said = _("Stage of change: %(stage)s") % {"stage": stages.get(entry.code, entry.code)}
        return f"{escape(said)}\n        {by_whom(entry.person)}"

    return render


def _service(case):
    services = choice_labels(ServiceCategory)

    def render(entry) -> str:
        said = _("Service provided: %(service)s") % {
            "service": services.get(entry.code, entry.code)
        }
        return f"{escape(said)}\n        {by_whom(entry.person)}"

    return render


def _goal(case):
    domains, statuses = choice_labels(GoalDomain), choice_labels(GoalStatus)
    url = _link("cases:goal-edit", case)

    def render(entry) -> str:
        said = _("Goal set (%(domain)s)") % {"domain": domains.get(entry.code, entry.code)}
        status = escape(statuses.get(entry.detail, entry.detail))
        return (
            f'<a href="{url.replace(_SLOT, str(entry.id))}">{escape(said)}</a>'
            f'\n        <span class="muted">· {status}</span>'
        )

    return render


def _check_in(case):
    url = escape(reverse("cases:check-ins", args=[str(case.pk)]))

    def render(entry) -> str:
        said = escape(_("Recovery check-in"))
        return f'<a href="{url}">{said}</a>\n        {by_whom(entry.person)}'

    return render


def _outreach(case):
    methods, outcomes = choice_labels(ContactMethod), choice_labels(OutreachOutcome)

    def render(entry) -> str:
        said = _("Outreach by %(method)s") % {"method": methods.get(entry.code, entry.code)}
        outcome = escape(outcomes.get(entry.detail, entry.detail))
        return f"{escape(said)}: {outcome}\n        {by_whom(entry.person)}"

    return render


def _appointment(case):
    outcomes = choice_labels(AppointmentOutcome)

    def render(entry) -> str:
        outcome = escape(outcomes.get(entry.code, entry.code))
        return f"{escape(_('Appointment'))}: {outcome}\n        {by_whom(entry.person)}"

    return render


def _sources() -> list[TimelineSource]:
    return [
        TimelineSource(
            kinds=("note",),
            table=CaseNote._meta.db_table,
            alias="n",
            person_column="author_id",
            order="n.contact_at DESC",
            columns=f"'note', 0, n.id, n.contact_at, {NULL_DAY}, n.kind, n.method, "
            "n.duration_minutes, n.signed_at IS NOT NULL, u.full_name, n.created_at",
            prepare=_note,
            shows_time=True,
        ),
        TimelineSource(
            kinds=("stage", "recurrence"),
            table=StageEvent._meta.db_table,
            alias="s",
            order="s.occurred_on DESC, s.recorded_at DESC",
            columns="CASE WHEN s.is_recurrence THEN 'recurrence' ELSE 'stage' END, 1, s.id, "
            f"{NULL_AT}, s.occurred_on, s.stage, {NULL_TEXT}, {NULL_NUMBER}, {FALSE}, "
            "u.full_name, s.recorded_at",
            prepare=_stage,
        ),
        TimelineSource(
            kinds=("service",),
            table=ServiceRecord._meta.db_table,
            alias="v",
            order="v.provided_on DESC",
            columns=f"'service', 2, v.id, {NULL_AT}, v.provided_on, v.category, {NULL_TEXT}, "
            f"{NULL_NUMBER}, {FALSE}, u.full_name, v.recorded_at",
            prepare=_service,
        ),
        TimelineSource(
            kinds=("goal",),
            table=Goal._meta.db_table,
            alias="g",
            person_column="created_by_id",
            order="g.created_at DESC",
            columns=f"'goal', 3, g.id, g.created_at, {NULL_DAY}, g.domain, g.status, "
            f"{NULL_NUMBER}, {FALSE}, u.full_name, g.created_at",
            prepare=_goal,
        ),
        TimelineSource(
            kinds=("check_in",),
            table=RecoveryCheckIn._meta.db_table,
            alias="c",
            order="c.checked_on DESC, c.recorded_at DESC",
            columns=f"'check_in', 4, c.id, {NULL_AT}, c.checked_on, {NULL_TEXT}, {NULL_TEXT}, "
            f"{NULL_NUMBER}, {FALSE}, u.full_name, c.recorded_at",
            prepare=_check_in,
        ),
        TimelineSource(
            kinds=("outreach",),
            table=OutreachAttempt._meta.db_table,
            alias="o",
            order="o.attempted_at DESC",
            columns=f"'outreach', 5, o.id, o.attempted_at, {NULL_DAY}, o.method, o.outcome, "
            f"{NULL_NUMBER}, {FALSE}, u.full_name, o.attempted_at",
            prepare=_outreach,
            shows_time=True,
        ),
        TimelineSource(
            kinds=("appointment",),
            table=Appointment._meta.db_table,
            alias="a",
            order="a.scheduled_for DESC",
            columns=f"'appointment', 6, a.id, a.scheduled_for, {NULL_DAY}, a.outcome, "
            f"{NULL_TEXT}, {NULL_NUMBER}, {FALSE}, u.full_name, a.recorded_at",
            prepare=_appointment,
            shows_time=True,
        ),
    ]


def register_case_sources() -> None:
    for source in _sources():
        timeline_source_register(source)
