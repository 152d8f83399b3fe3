"""The one place that decides who reaches which case (DESIGN: Access).

``cases_visible_to`` is the only scoping function: every selector, page, API view and form
choice starts from it. ``case_for`` turns "not visible" into 404 (an outsider cannot tell a
case from a missing one) and "visible but not allowed to do this" into 403.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.shortcuts import get_objects_for_user

from accounts.roles import CASE_TEAM_ROLES, CASE_WORKER_ROLES, SUPERVISOR_ROLES
from alongside.correlated import CorrelatedSQL
from cases.choices import TeamRole
from cases.models import BreakGlassGrant, Case, TeamMembership
from organization.models import Program
from organization.selectors import program_supervised_by
from protection.envelope import data_keys_remember, with_data_keys
from protection.models import DataKey


class CaseAction(StrEnum):
    VIEW = "view"
    EDIT = "edit"  # notes, outreach, goals, check-ins, services, identity, safety
    CLOSE = "close"  # close and reopen
    MANAGE_TEAM = "manage_team"


def active_membership(user, *, case_ref=None) -> QuerySet[TeamMembership]:
    """Memberships in force today. One ended today is already over: removing someone from a
    team (perhaps because they may be passing information on) takes effect at once."""
    today = timezone.localdate()
    memberships = TeamMembership.objects.filter(user=user, since__lte=today).filter(
        Q(until__isnull=True) | Q(until__gt=today)
    )
    if case_ref is not None:
        memberships = memberships.filter(case=case_ref)
    return memberships


def break_glass_cases(user) -> QuerySet[Case]:
    """Cases the supervisor holds an unexpired break-glass grant for.

    The grant is a guardian object permission (never a global one: ``accept_global_perms`` is
    off, so a model-level ``view_case`` could not open every case) and a grant row whose expiry
    ends access the moment it passes, before the clean-up task removes the permission.
    """
    granted = get_objects_for_user(
        user,
        "cases.view_case",
        klass=Case,
        accept_global_perms=False,
        with_superuser=False,
        use_groups=False,
    )
    unexpired = BreakGlassGrant.objects.filter(
        case=OuterRef("pk"), user=user, expires_at__gt=timezone.now()
    )
    return Case.objects.filter(pk__in=granted.values("pk")).filter(Exists(unexpired))


# The rules below as SQL text, because every page of a case and every list runs them and the
# ORM's Exists() cost more to build than to run (alongside.correlated). ``active_membership``
# is the same rule for querysets of memberships; tests hold the two to the same answers.
_ACTIVE_MEMBERSHIP = (
    f"FROM {TeamMembership._meta.db_table} m WHERE m.case_id = {{row}} AND m.user_id = %s "
    "AND m.since <= %s AND (m.until IS NULL OR m.until > %s)"
)
_SUPERVISES = (
    f"EXISTS (SELECT 1 FROM {Program.supervisors.through._meta.db_table} s "  # noqa: S608
    "WHERE s.program_id = {row} AND s.user_id = %s)"
)
_SHREDDED = (
    f"EXISTS (SELECT 1 FROM {DataKey._meta.db_table} k WHERE k.owner_type = %s "  # noqa: S608
    "AND k.owner_id = {row} AND k.shredded_at IS NOT NULL)"
)


def _membership_params(user) -> list:
    today = timezone.localdate()
    return [user.pk, today, today]


def on_team(user) -> CorrelatedSQL:
    """The case has ``user`` on its team today (``active_membership``)."""
    return CorrelatedSQL(f"EXISTS (SELECT 1 {_ACTIVE_MEMBERSHIP})", _membership_params(user))


def supervises(user) -> CorrelatedSQL:
    """``user`` supervises the case's program."""
    return CorrelatedSQL(_SUPERVISES, [user.pk], outer="program")


def cases_visible_to(user) -> QuerySet[Case]:
    """Every case ``user`` may see: role AND (active team membership, program, or break-glass)."""
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    role = user.role
    if role not in CASE_TEAM_ROLES:
        return Case.objects.none()
    condition = Q(on_team(user))
    if role in SUPERVISOR_ROLES:
        condition |= Q(supervises(user))
        condition |= Q(pk__in=break_glass_cases(user).values("pk"))
    return Case.objects.filter(condition).exclude(is_shredded())


def is_shredded() -> CorrelatedSQL:
    """A crypto-shredded survivor is gone: nothing of theirs can be read, so no page shows them."""
    return CorrelatedSQL(_SHREDDED, [Case._meta.label_lower])


def _with_rights_of(cases: QuerySet[Case], user) -> QuerySet[Case]:
    """Read what ``allowed`` asks of each case (the user's team role; for a supervisor, whether
    the program is theirs) with the cases, instead of one query per question."""
    cases = cases.annotate(
        actor_team_role=CorrelatedSQL(
            f"SELECT m.team_role {_ACTIVE_MEMBERSHIP} ORDER BY m.since LIMIT 1",
            _membership_params(user),
            output_field=CharField(),
        )
    )
    if user.role in SUPERVISOR_ROLES:
        cases = cases.annotate(actor_supervises=supervises(user))
    return cases


def _rights_remember(case: Case, user) -> None:
    case.__dict__.setdefault("_team_roles", {})[user.pk] = case.actor_team_role
    if "actor_supervises" in case.__dict__:
        case.__dict__.setdefault("_supervised_by", {})[user.pk] = case.actor_supervises


def _team_role(user, case: Case) -> str | None:
    # A page asks several questions of one case (edit? close? manage the team?): one query,
    # or none when the case was read by ``case_for``.
    known = case.__dict__.setdefault("_team_roles", {})
    if user.pk not in known:
        membership = active_membership(user, case_ref=case).values_list("team_role", flat=True)
        known[user.pk] = membership.first()
    return known[user.pk]


def _supervises(user, case: Case) -> bool:
    known = case.__dict__.setdefault("_supervised_by", {})
    if user.pk not in known:
        known[user.pk] = program_supervised_by(actor=user, program_id=case.program_id)
    return known[user.pk]


def allowed(user, case: Case, action: CaseAction) -> bool:
    """What a user who can see ``case`` may do with it."""
    role = user.role
    if action == CaseAction.VIEW:
        return True
    if role in SUPERVISOR_ROLES:
        # Break-glass opens a case for reading in an emergency, nothing more: a supervisor who
        # could otherwise add themselves to the team would keep access after the grant ends.
        return _supervises(user, case) or _team_role(user, case) is not None
    if action == CaseAction.MANAGE_TEAM:
        return False
    team_role = _team_role(user, case)
    if action == CaseAction.CLOSE:
        # The account's role counts too: a lead advocate who became an administrator keeps no
        # right to close a case through a team place they still hold.
        return role in CASE_WORKER_ROLES and team_role == TeamRole.LEAD_ADVOCATE
    # EDIT: case workers on the team; administrators and auditors on a team only read.
    return role in CASE_WORKER_ROLES and team_role is not None


def is_note_author(user, note) -> bool:
    """A signature says "I wrote this", which nobody else can say for them."""
    return note.author_id == user.pk


SIGNED_NOTE_LOCKED = _(
    "This note is signed, so it stays as it was signed: add an addendum instead; the original "
    "is kept."
)


def note_edit_check(note) -> None:
    """A signed note is locked for everyone, its author too: a right, not a shape, so the page
    and the API both answer 403 with this one message."""
    if note.is_signed:
        raise PermissionDenied(SIGNED_NOTE_LOCKED)


def may_sign_note(user, note) -> bool:
    """Only the note's author signs it, and only while they may still write on its case."""
    return is_note_author(user, note) and allowed(user, note.case, CaseAction.EDIT)


def may_break_glass(user) -> bool:
    """Break-glass is a supervisor's emergency reading of a case outside their program."""
    return user.role in SUPERVISOR_ROLES


def may_open_cases(user) -> bool:
    """Advocates, clinicians and supervisors open intakes; nobody else may try."""
    return user.is_authenticated and user.is_active and user.role in CASE_WORKER_ROLES


def case_for(
    user, case_id, action: CaseAction = CaseAction.VIEW, *, for_update=False, related=()
) -> Case:
    """The case, if ``user`` may see it (else 404) and do ``action`` (else 403).

    One query: the case, what ``allowed`` needs to know, its data key, and ``related``
    (``select_related`` names: what the page shows beside the case).
    """
    cases = with_data_keys(_with_rights_of(cases_visible_to(user), user))
    if related:
        cases = cases.select_related(*related)
    if for_update:
        cases = cases.select_for_update(of=("self",))
    try:
        case = cases.get(pk=case_id)
    except (Case.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None
    _rights_remember(case, user)
    data_keys_remember([case])
    if not allowed(user, case, action):
        raise PermissionDenied
    return case
