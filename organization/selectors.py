"""Reading the organization's programs."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.models import AccountChangeRequest, ChangeRequestStatus, User
from accounts.roles import SUPERVISOR_ROLES
from alongside.lookups import get_or_404
from organization.access import may_manage_programs
from organization.models import Program

# The account-change kind that names a program's supervisor (registered by the app's config).
SUPERVISOR_KIND = "program_supervisor"


def programs_supervised_by(*, actor) -> QuerySet[Program]:
    """The programs ``actor`` supervises (none for anyone who supervises none)."""
    return Program.objects.filter(supervisors=actor)


def program_supervised_by(*, actor, program_id) -> bool:
    """Whether ``actor`` is a supervisor of the program with this id."""
    return Program.supervisors.through.objects.filter(program_id=program_id, user=actor).exists()


def programs_for_admin(*, actor) -> QuerySet[Program]:
    """Every program with its supervisors, for the people who manage programs (none otherwise)."""
    if not may_manage_programs(actor):
        return Program.objects.none()
    supervisors = User.objects.order_by("full_name")
    return Program.objects.prefetch_related(Prefetch("supervisors", queryset=supervisors))


def program_for_admin(*, actor, program_id) -> Program:
    """One program for its administration page; a missing or malformed id is 404."""
    return get_or_404(programs_for_admin(actor=actor), program_id)


def supervisor_namings_waiting(*, actor, program: Program) -> list[AccountChangeRequest]:
    """Requests to name a supervisor of ``program`` that still wait for a second person."""
    if not may_manage_programs(actor):
        return []
    return list(
        AccountChangeRequest.objects.filter(
            kind=SUPERVISOR_KIND,
            target_id=program.pk,
            status=ChangeRequestStatus.PENDING,
            expires_at__gt=timezone.now(),
        )
        .select_related("subject", "requested_by")
        .order_by("requested_at")
    )


def supervisor_candidates(*, actor, program: Program) -> QuerySet[User]:
    """Who may be named: active supervisors not already supervising ``program`` and whose
    naming to it does not already wait for approval."""
    if not may_manage_programs(actor):
        return User.objects.none()
    waiting = AccountChangeRequest.objects.filter(
        kind=SUPERVISOR_KIND,
        target_id=program.pk,
        status=ChangeRequestStatus.PENDING,
        expires_at__gt=timezone.now(),
    ).values("subject")
    return (
        User.objects.filter(is_active=True, groups__name__in=SUPERVISOR_ROLES)
        .exclude(supervised_programs=program)
        .exclude(pk__in=waiting)
        .order_by("full_name")
    )
