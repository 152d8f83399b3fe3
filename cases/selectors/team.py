"""Programs one may open cases in, team candidates, and break-glass."""

import datetime

from django.db.models import (
    Q,
    QuerySet,
)
from django.utils import timezone

from accounts.models import User
from accounts.roles import CASE_TEAM_ROLES
from alongside.lookups import get_or_404
from cases.access import (
    active_membership,
    is_shredded,
    may_break_glass,
)
from cases.models import BreakGlassGrant, Case, TeamMembership
from organization.models import Program
from organization.selectors import programs_supervised_by


def programs_for(*, actor) -> QuerySet[Program]:
    """Programs an intake may be filed under: a supervisor's own, or every program."""
    supervised = programs_supervised_by(actor=actor)
    return supervised if supervised.exists() else Program.objects.all()


def team_candidates(*, actor, case: Case):
    """People who may be added to a case's team (restricted choices, STYLE habit 5)."""
    on_team = TeamMembership.objects.filter(case=case, until__isnull=True).values("user")
    return (
        User.objects.filter(is_active=True, groups__name__in=CASE_TEAM_ROLES)
        .exclude(pk__in=on_team)
        .prefetch_related("groups")
        .order_by("full_name")
        .distinct()
    )


def break_glass_for_review(*, actor) -> QuerySet[BreakGlassGrant]:
    """Break-glass grants in the reviewer's programs that nobody has reviewed yet."""
    return (
        # A program without supervisors has nobody to review its grants: every supervisor does.
        BreakGlassGrant.objects.filter(reviewed_at__isnull=True)
        .filter(Q(case__program__supervisors=actor) | Q(case__program__supervisors__isnull=True))
        .exclude(user=actor)
        .distinct()
        .select_related("user", "case")
        .order_by("-granted_at")
    )


def break_glass_target(*, actor, number: str) -> Case | None:
    """The case a supervisor asks to open by its number; outsiders never get here."""
    return Case.objects.filter(number=number.strip().upper()).exclude(is_shredded()).first()


def break_glass_until(*, actor, case: Case) -> datetime.datetime | None:
    """When the actor's break-glass access to ``case`` ends, if that is how they are here."""
    if not may_break_glass(actor) or case.program.supervisors.filter(pk=actor.pk).exists():
        return None
    if active_membership(actor, case_ref=case).exists():
        return None
    grants = BreakGlassGrant.objects.filter(case=case, user=actor, expires_at__gt=timezone.now())
    return grants.order_by("-expires_at").values_list("expires_at", flat=True).first()


def team_membership_of(*, case: Case, membership_id) -> TeamMembership:
    """A membership of this case's team; one of another case is a 404."""
    return get_or_404(case.team.select_related("user"), membership_id)
