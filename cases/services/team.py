"""The case team and break-glass access."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import User
from accounts.roles import (
    CASE_TEAM_ROLES,
    Role,
)
from audit.models import AuditAction
from audit.services import audit_record
from cases.access import active_membership, may_break_glass
from cases.choices import (
    TeamRole,
)
from cases.models import BreakGlassGrant, Case, TeamMembership
from cases.services.validation import text_checked

ROLES_FOR_TEAM_ROLE = {
    TeamRole.LEAD_ADVOCATE: {Role.ADVOCATE},
    TeamRole.ADVOCATE: {Role.ADVOCATE},
    TeamRole.CLINICIAN: {Role.CLINICIAN},
    TeamRole.SUPERVISOR: {Role.SUPERVISOR},
    TeamRole.LEGAL: {Role.ADVOCATE},
    TeamRole.OTHER: CASE_TEAM_ROLES,
}


@transaction.atomic
def team_member_add(
    *, actor: User, case: Case, user: User, team_role: str, since: datetime.date | None = None
) -> TeamMembership:
    if team_role not in TeamRole.values:
        raise ValidationError({"team_role": _("Choose one of the listed team roles.")})
    if not user.is_active or user.role not in ROLES_FOR_TEAM_ROLE[team_role]:
        raise ValidationError(
            {"user": _("This person's role does not fit that place on the team.")}
        )
    since = since or timezone.localdate()
    if (
        active_membership(user, case_ref=case).exists()
        or TeamMembership.objects.filter(case=case, user=user, until__isnull=True).exists()
    ):
        raise ValidationError({"user": _("This person is already on the team.")})
    if (
        team_role == TeamRole.LEAD_ADVOCATE
        and TeamMembership.objects.filter(
            case=case, team_role=TeamRole.LEAD_ADVOCATE, until__isnull=True
        ).exists()
    ):
        raise ValidationError({"team_role": _("The case already has a lead advocate.")})
    try:
        with transaction.atomic():
            membership = TeamMembership.objects.create(
                case=case, user=user, team_role=team_role, since=since, added_by=actor
            )
    except IntegrityError:
        # A concurrent add won the race; the constraint keeps the team consistent.
        raise ValidationError({"user": _("This person is already on the team.")}) from None
    audit_record(
        actor=actor,
        action=AuditAction.PERMISSION_CHANGE,
        target=case,
        fields=["team"],
        reason=f"added {team_role}",
    )
    return membership


@transaction.atomic
def team_member_end(*, actor: User, membership: TeamMembership) -> TeamMembership:
    membership = TeamMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.until is not None:
        raise ValidationError(_("This membership has already ended."))
    membership.until = timezone.localdate()
    membership.save(update_fields=["until"])
    audit_record(
        actor=actor,
        action=AuditAction.PERMISSION_CHANGE,
        target=membership.case,
        fields=["team"],
        reason=f"ended {membership.team_role}",
    )
    return membership


@transaction.atomic
def break_glass_open(*, actor: User, case: Case, reason: str) -> BreakGlassGrant:
    """Give a supervisor time-limited access to a case they are not on, with a reason."""
    if not may_break_glass(actor):
        raise ValidationError(_("Only supervisors can use break-glass access."))
    reason = text_checked(reason, "reason", required=True)
    if len(reason) < 10:
        raise ValidationError({"reason": _("Give a reason a reviewer will understand.")})
    minutes = settings.BREAK_GLASS_MINUTES
    grant = BreakGlassGrant.objects.create(
        case=case,
        user=actor,
        reason=reason,
        expires_at=timezone.now() + datetime.timedelta(minutes=minutes),
    )
    assign_perm("cases.view_case", actor, case)
    # The typed reason stays encrypted with the case (the trail holds field names, never
    # values); the event names the grant, whose reason the review list shows as typed.
    audit_record(
        actor=actor,
        action=AuditAction.BREAK_GLASS,
        target=case,
        fields=["reason"],
        reason=f"break-glass grant {grant.pk} for {minutes} minutes",
    )
    return grant


@transaction.atomic
def break_glass_review(*, actor: User, grant: BreakGlassGrant) -> BreakGlassGrant:
    if grant.user_id == actor.pk:
        raise ValidationError(_("Someone else must review your own break-glass access."))
    updated = BreakGlassGrant.objects.filter(pk=grant.pk, reviewed_at__isnull=True).update(
        reviewed_by=actor, reviewed_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("This access has already been reviewed."))
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=grant.case,
        fields=["break_glass_review"],
        reason=f"reviewed break-glass grant {grant.pk}",
    )
    grant.refresh_from_db()
    return grant


def break_glass_expire(*, now: datetime.datetime | None = None) -> int:
    """Remove the object permissions of expired grants (access already ended at expiry)."""
    now = now or timezone.now()
    expired = BreakGlassGrant.objects.filter(expires_at__lte=now).select_related("user", "case")
    removed = 0
    for grant in expired.iterator():
        still_open = BreakGlassGrant.objects.filter(
            case=grant.case, user=grant.user, expires_at__gt=now
        ).exists()
        if not still_open:
            removed += bool(remove_perm("cases.view_case", grant.user, grant.case))
    return removed
