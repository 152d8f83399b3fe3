"""The recovery journey: outreach, appointments, stage of change, goals, check-ins, services,
and the reminders a quiet case gives."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AuditAction
from audit.services import audit_record
from cases.choices import (
    CaseStatus,
    ContactMethod,
    OutreachOutcome,
    RecoveryDomain,
    ReminderKind,
    TeamRole,
)
from cases.models import (
    Appointment,
    Case,
    Goal,
    GoalStep,
    OutreachAttempt,
    RecoveryCheckIn,
    ServiceRecord,
    StageEvent,
    TeamMembership,
)
from cases.services.validation import contact_touch, not_in_future, text_checked
from reminders.services import reminder_create


@transaction.atomic
def outreach_record(
    *,
    actor: User,
    case: Case,
    attempted_at: datetime.datetime,
    method: str,
    outcome: str,
    note: str = "",
) -> OutreachAttempt:
    if method not in ContactMethod.values or method == ContactMethod.NONE:
        raise ValidationError({"method": _("Choose how you reached out.")})
    if outcome not in OutreachOutcome.values:
        raise ValidationError({"outcome": _("Choose one of the listed outcomes.")})
    not_in_future(attempted_at, "attempted_at")
    attempt = OutreachAttempt.objects.create(
        case=case,
        attempted_at=attempted_at,
        method=method,
        outcome=outcome,
        note=text_checked(note, "note"),
        recorded_by=actor,
    )
    if outcome == OutreachOutcome.REACHED:
        contact_touch(case, attempted_at)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=attempt,
        fields=["attempted_at", "method", "outcome", "note"],
    )
    return attempt


@transaction.atomic
def appointment_record(
    *,
    actor: User,
    case: Case,
    scheduled_for: datetime.datetime,
    outcome: str,
    purpose: str = "",
) -> Appointment:
    """Record an appointment's outcome. A missed one changes nothing else about the case."""
    from cases.choices import AppointmentOutcome

    if outcome not in AppointmentOutcome.values:
        raise ValidationError({"outcome": _("Choose one of the listed outcomes.")})
    if outcome in {AppointmentOutcome.ATTENDED, AppointmentOutcome.MISSED}:
        # Whether it was attended or missed is only known once it has happened.
        not_in_future(scheduled_for, "scheduled_for")
    appointment = Appointment.objects.create(
        case=case,
        scheduled_for=scheduled_for,
        outcome=outcome,
        purpose=text_checked(purpose, "purpose"),
        recorded_by=actor,
    )
    if outcome == AppointmentOutcome.ATTENDED:
        contact_touch(case, scheduled_for)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=appointment,
        fields=["scheduled_for", "outcome", "purpose"],
    )
    return appointment


def quiet_cases_remind(*, today: datetime.date | None = None) -> int:
    """Give the lead advocate of each quiet active case a reminder to reach out.

    Never a closure: a quiet case stays open, and missed contact is not held against anyone.
    Returns how many reminders were created.
    """
    today = today or timezone.localdate()
    quiet_since = timezone.now() - datetime.timedelta(days=settings.QUIET_CASE_DAYS)
    leads = TeamMembership.objects.filter(
        team_role=TeamRole.LEAD_ADVOCATE,
        until__isnull=True,
        case__status=CaseStatus.ACTIVE,
    ).exclude(case__reminders__kind=ReminderKind.QUIET_CASE, case__reminders__done_at__isnull=True)
    quiet = leads.filter(case__last_contact_at__lt=quiet_since) | leads.filter(
        case__last_contact_at__isnull=True, case__opened_at__lt=quiet_since
    )
    created = 0
    for membership in quiet.select_related("case", "user").iterator():
        reminder = reminder_create(
            case=membership.case,
            assignee=membership.user,
            kind=ReminderKind.QUIET_CASE,
            due_on=today,
        )
        created += reminder is not None  # None: another run created it first
    return created


@transaction.atomic
def stage_record(
    *,
    actor: User,
    case: Case,
    stage: str = "",
    is_recurrence: bool = False,
    occurred_on: datetime.date | None = None,
    note: str = "",
) -> StageEvent:
    from cases.choices import Stage

    if not is_recurrence and stage not in Stage.values:
        raise ValidationError({"stage": _("Choose a stage of change.")})
    if stage and stage not in Stage.values:
        raise ValidationError({"stage": _("Choose a stage of change.")})
    occurred_on = occurred_on or timezone.localdate()
    not_in_future(occurred_on, "occurred_on")
    event = StageEvent.objects.create(
        case=case,
        stage=stage,
        is_recurrence=is_recurrence,
        occurred_on=occurred_on,
        note=text_checked(note, "note"),
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=event,
        fields=["stage", "is_recurrence", "occurred_on", "note"],
    )
    return event


@transaction.atomic
def goal_create(
    *, actor: User, case: Case, domain: str, own_words: str, steps: list[str] = ()
) -> Goal:
    from cases.choices import GoalDomain

    if domain not in GoalDomain.values:
        raise ValidationError({"domain": _("Choose an area of life.")})
    goal = Goal.objects.create(
        case=case,
        domain=domain,
        own_words=text_checked(own_words, "own_words", required=True),
        created_by=actor,
    )
    for position, text in enumerate(step for step in steps if step.strip()):
        GoalStep.objects.create(goal=goal, text=text_checked(text, "steps"), position=position)
    audit_record(
        actor=actor, action=AuditAction.CREATE, target=goal, fields=["domain", "own_words", "steps"]
    )
    return goal


@transaction.atomic
def goal_update(*, actor: User, goal: Goal, status: str, own_words: str) -> Goal:
    from cases.choices import GoalStatus

    if status not in GoalStatus.values:
        raise ValidationError({"status": _("Choose one of the listed statuses.")})
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    changed = []
    own_words = text_checked(own_words, "own_words", required=True)
    if goal.own_words != own_words:
        goal.own_words = own_words
        changed.append("own_words")
    if goal.status != status:
        goal.status = status
        changed.append("status")
    goal.updated_at = timezone.now()
    goal.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, target=goal, fields=changed)
    return goal


@transaction.atomic
def goal_step_add(*, actor: User, goal: Goal, text: str) -> GoalStep:
    position = goal.steps.count()
    step = GoalStep.objects.create(
        goal=goal, text=text_checked(text, "text", required=True), position=position
    )
    audit_record(actor=actor, action=AuditAction.CREATE, target=step, fields=["text"])
    return step


@transaction.atomic
def goal_step_set_done(*, actor: User, step: GoalStep, done: bool) -> GoalStep:
    GoalStep.objects.filter(pk=step.pk).update(done=done)
    step.refresh_from_db()
    audit_record(actor=actor, action=AuditAction.UPDATE, target=step, fields=["done"])
    return step


@transaction.atomic
def check_in_record(
    *,
    actor: User,
    case: Case,
    ratings: dict[str, int | None],
    checked_on: datetime.date | None = None,
    note: str = "",
) -> RecoveryCheckIn:
    """Ratings 1–5 per recovery domain; a domain may be left out (the survivor may pass)."""
    unknown = set(ratings) - set(RecoveryDomain.values)
    if unknown:
        raise ValidationError({"ratings": _("Unknown recovery domain.")})
    cleaned = {}
    for domain, value in ratings.items():
        if value is None:
            continue
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            raise ValidationError({domain: _("Rate from 1 to 5, or leave it out.")})
        cleaned[domain] = value
    if not cleaned:
        raise ValidationError({"ratings": _("Rate at least one area.")})
    checked_on = checked_on or timezone.localdate()
    not_in_future(checked_on, "checked_on")
    check_in = RecoveryCheckIn.objects.create(
        case=case,
        checked_on=checked_on,
        ratings=cleaned,
        note=text_checked(note, "note"),
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=check_in,
        fields=["ratings", "checked_on", "note"],
    )
    return check_in


@transaction.atomic
def service_record(
    *,
    actor: User,
    case: Case,
    category: str,
    provided_on: datetime.date | None = None,
    note: str = "",
) -> ServiceRecord:
    from cases.choices import ServiceCategory

    if category not in ServiceCategory.values:
        raise ValidationError({"category": _("Choose one of the listed services.")})
    provided_on = provided_on or timezone.localdate()
    not_in_future(provided_on, "provided_on")
    record = ServiceRecord.objects.create(
        case=case,
        category=category,
        provided_on=provided_on,
        note=text_checked(note, "note"),
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=record,
        fields=["category", "provided_on", "note"],
    )
    return record
