"""Programs one may open cases in, team candidates, and break-glass."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

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
    """Break-glass grants in the reviewer's programs that nobody has reviewed yet.

    Only the program's own supervisors see them (with the reason as typed): a grant in a program
    without supervisors goes to the administrators (``break_glass_unsupervised``), never to
    every supervisor of the organization.
    """
    return (
        BreakGlassGrant.objects.filter(reviewed_at__isnull=True, case__program__supervisors=actor)
        .exclude(user=actor)
        .distinct()
        .select_related("user", "case")
        .order_by("-granted_at")
    )


# What the administrators' review shows of a grant: who, when, until when and the case number.
# Never the typed reason (encrypted with the case) nor anything else about the survivor.
UNSUPERVISED_GRANT_FIELDS = (
    "id",
    "granted_at",
    "expires_at",
    "user__full_name",
    "user__email",
    "case__number",
)


def break_glass_unsupervised(*, actor) -> QuerySet[BreakGlassGrant]:
    """Unreviewed break-glass grants on cases of programs that have no supervisor, for the
    administrators, who review them in the supervisors' place (the caller checks the role)."""
    without_supervisor = Program.objects.filter(supervisors__isnull=True).values("pk")
    return (
        BreakGlassGrant.objects.filter(
            reviewed_at__isnull=True, case__program__in=without_supervisor
        )
        .exclude(user=actor)
        .select_related("user", "case")
        .only(*UNSUPERVISED_GRANT_FIELDS)
        .order_by("-granted_at")
    )


def intake_warnings(*, program: Program) -> list[str]:
    """What the person who has just opened a case in ``program`` should know.

    Intake is never turned away for want of a supervisor (a survivor should not wait while one
    is named, which takes a second person's approval): the case opens, and the person opening it
    is told, on the page and in the API. Break-glass access to its cases goes meanwhile to the
    administrators' review.
    """
    if program.supervisors.exists():
        return []
    return [
        _(
            "This program has no supervisor yet: break-glass access to its cases is reviewed "
            "by the administrators, and nobody supervises its caseload. Ask an administrator "
            "to name a supervisor for it."
        )
    ]


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
