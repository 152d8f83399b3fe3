"""The recovery journey and engagement: stage, goals, check-ins, services, outreach,
appointments and reminders."""

from django.db.models import (
    IntegerField,
    Prefetch,
)

from alongside.correlated import CorrelatedSQL
from alongside.lookups import get_or_404
from cases.models import Case, Goal, GoalStep, RecoveryCheckIn, ServiceRecord, StageEvent


def current_stage(*, case: Case) -> StageEvent | None:
    return (
        case.stage_events.filter(is_recurrence=False)
        .order_by("-occurred_on", "-recorded_at")
        .first()
    )


def goals_listed(*, case: Case) -> list[Goal]:
    """The goals of the case page's panel, each with how many steps it has (``step_count``)
    rather than the steps themselves, which the panel does not show."""
    steps = CorrelatedSQL(
        f"SELECT COUNT(*) FROM {GoalStep._meta.db_table} s WHERE s.goal_id = {{row}}",  # noqa: S608
        output_field=IntegerField(),
    )
    return list(case.goals.annotate(step_count=steps))


def goals_of(*, case: Case) -> list[Goal]:
    return list(
        case.goals.prefetch_related(
            Prefetch("steps", queryset=GoalStep.objects.order_by("position"))
        )
    )


def check_ins_of(*, case: Case) -> list[RecoveryCheckIn]:
    return list(case.check_ins.order_by("checked_on", "recorded_at"))


def services_of(*, case: Case) -> list[ServiceRecord]:
    return list(case.services.select_related("recorded_by"))


def stage_history(*, case: Case, limit: int = 50) -> list[StageEvent]:
    """Past stages and recurrences, newest first."""
    return list(case.stage_events.select_related("recorded_by")[:limit])


def goal_of(*, case: Case, goal_id) -> Goal:
    """A goal of this case with its steps; a goal of another case is a 404."""
    goals = case.goals.prefetch_related(
        Prefetch("steps", queryset=GoalStep.objects.order_by("position"))
    )
    return get_or_404(goals, goal_id)


def goal_step_of(*, goal: Goal, step_id) -> GoalStep:
    return get_or_404(GoalStep.objects.filter(goal=goal), step_id)


def recent_check_ins(*, case: Case, limit: int = 12) -> list[RecoveryCheckIn]:
    """The latest check-ins, oldest first (for the chart on the case page)."""
    latest = case.check_ins.order_by("-checked_on", "-recorded_at")[:limit]
    return list(reversed(latest))


def outreach_of(*, case: Case, limit: int = 20) -> list:
    return list(case.outreach_attempts.select_related("recorded_by")[:limit])


def appointments_of(*, case: Case, limit: int = 20) -> list:
    return list(case.appointments.select_related("recorded_by")[:limit])
