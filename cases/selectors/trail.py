"""What the auditor's trail shows of cases: the case number of each row an event is about, and
the reason a supervisor typed when breaking the glass. Registered with ``audit.targets`` in
``CasesConfig.ready()``; the audit app imports nothing of cases."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AuditAction
from audit.targets import AuditTarget, audit_reason_register, audit_target_register
from cases.models import (
    Appointment,
    BreakGlassGrant,
    Case,
    CaseNote,
    Goal,
    GoalStep,
    MandatedReport,
    NoteAddendum,
    OutreachAttempt,
    RecoveryCheckIn,
    SafeContact,
    ServiceRecord,
    StageEvent,
)
from protection.envelope import data_keys_prefetch
from protection.exceptions import DataShredded, ProtectedDataError
from protection.integrity import decrypt_or_alarm

# How break_glass_open names its grant in the event's reason (cases/services/team.py).
GRANT_IN_REASON = re.compile(r"break-glass grant ([0-9a-f-]{36})")


def _rows(model, number_path):
    def case_numbers(ids):
        return model.objects.filter(pk__in=ids).order_by().values_list("pk", number_path)

    return case_numbers


def break_glass_reasons(*, actor, events) -> dict[int, str]:
    """Event id -> the reason typed for the grant each break-glass event names: the grants in
    one query, their cases' data keys in another (the reason is encrypted with the case)."""
    grant_of = {}
    for event in events:
        found = GRANT_IN_REASON.search(event.reason)
        if found:
            grant_of[event.pk] = found.group(1)
    if not grant_of:
        return {}
    grants = list(
        BreakGlassGrant.objects.filter(pk__in=set(grant_of.values())).only("id", "case", "reason")
    )
    data_keys_prefetch(grants)
    typed, damaged = {}, []
    for grant in grants:
        try:
            typed[str(grant.pk)] = grant.reason
        except DataShredded:
            typed[str(grant.pk)] = _("Erased when the case was shredded.")
        except ProtectedDataError:
            damaged.append(grant)
    for grant in decrypt_or_alarm(damaged, actor=actor, fields=["reason"]):
        typed[str(grant.pk)] = str(grant.reason)
    return {event_id: typed[grant] for event_id, grant in grant_of.items() if grant in typed}


def trail_sources_register() -> None:
    audit_target_register(AuditTarget("cases.case", _rows(Case, "number")))
    for model, noun in (
        (CaseNote, gettext_lazy("Note")),
        (OutreachAttempt, gettext_lazy("Outreach attempt")),
        (Appointment, gettext_lazy("Appointment")),
        (StageEvent, gettext_lazy("Stage of change")),
        (Goal, gettext_lazy("Goal")),
        (RecoveryCheckIn, gettext_lazy("Check-in")),
        (ServiceRecord, gettext_lazy("Service")),
        (SafeContact, gettext_lazy("Safe contact")),
        (MandatedReport, gettext_lazy("Mandated report")),
    ):
        audit_target_register(
            AuditTarget(model._meta.label_lower, _rows(model, "case__number"), noun)
        )
    audit_target_register(
        AuditTarget(
            NoteAddendum._meta.label_lower,
            _rows(NoteAddendum, "note__case__number"),
            gettext_lazy("Addendum"),
        )
    )
    audit_target_register(
        AuditTarget(
            GoalStep._meta.label_lower, _rows(GoalStep, "goal__case__number"), gettext_lazy("Step")
        )
    )
    audit_reason_register(AuditAction.BREAK_GLASS, break_glass_reasons)
