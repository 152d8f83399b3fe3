"""Who may do what with a referral: the one place that decides (pages, API and tasks ask here).

Two sides touch a referral. The sender is whoever may write on the case
(``cases.access.allowed(user, case, CaseAction.EDIT)``): they draft, send and withdraw. The
receiver is a user of the receiving partner agency (``directory.PartnerUser``) or a supervisor
of the receiving program of ours: they see the referral only once it is sent, and only its
packet, never the case. Anyone else gets 404, whatever the referral — a partner of another
agency cannot tell another agency's referral from one that does not exist.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.roles import Role
from alongside.lookups import get_or_404
from cases.access import CaseAction, allowed, case_for
from referrals.choices import ReferralStatus, Side
from referrals.models import Referral

# Who may read the report of deadlines missed per partner (supervisors: their programs' cases).
DEADLINE_REPORT_ROLES = frozenset({Role.ADMINISTRATOR, Role.SUPERVISOR})


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def partner_organization_id(user):
    """The agency of a partner-agency user (None for anyone else, or a partner without one)."""
    if not _active(user) or user.role != Role.PARTNER:
        return None
    known = user.__dict__.get("_partner_organization_id", ...)
    if known is ...:
        from directory.models import PartnerUser

        known = (
            PartnerUser.objects.filter(user=user).values_list("organization_id", flat=True).first()
        )
        user.__dict__["_partner_organization_id"] = known
    return known


def receives_referrals(user) -> bool:
    """A partner-agency user with an agency, or a supervisor (of our programs)."""
    if not _active(user):
        return False
    if user.role == Role.SUPERVISOR:
        return True
    return partner_organization_id(user) is not None


def referrals_received_by(user) -> QuerySet[Referral]:
    """Every referral ``user`` receives: sent (never a draft) to their agency, or to a program
    they supervise. Empty for everyone else."""
    if not _active(user):
        return Referral.objects.none()
    if user.role == Role.SUPERVISOR:
        mine = Q(program__supervisors=user)
    else:
        organization_id = partner_organization_id(user)
        if organization_id is None:
            return Referral.objects.none()
        mine = Q(organization_id=organization_id)
    return Referral.objects.filter(mine).exclude(status=ReferralStatus.DRAFT)


def is_receiver(user, referral: Referral) -> bool:
    if referral.status == ReferralStatus.DRAFT or not _active(user):
        return False
    if referral.program_id is not None:
        if user.role != Role.SUPERVISOR:
            return False
        from organization.selectors import program_supervised_by

        return program_supervised_by(actor=user, program_id=referral.program_id)
    organization_id = partner_organization_id(user)
    return organization_id is not None and organization_id == referral.organization_id


def may_refer(user, case) -> bool:
    """For a case reached through ``case_for``: may this person refer the survivor (and record a
    referral received)? Whoever may write on the case."""
    return _active(user) and allowed(user, case, CaseAction.EDIT)


def _may_write_case(user, referral: Referral) -> bool:
    if not _active(user) or user.role == Role.PARTNER:
        return False
    try:
        case_for(user, referral.case_id, CaseAction.EDIT)
    except (Http404, PermissionDenied):
        return False
    return True


def sides_of(user, referral: Referral) -> frozenset[str]:
    """Every side ``user`` stands on for ``referral`` (a supervisor of both programs of an
    internal referral stands on both)."""
    sides = set()
    if is_receiver(user, referral):
        sides.add(Side.RECEIVER)
    if _may_write_case(user, referral):
        sides.add(Side.SENDER)
    return frozenset(sides)


def side_of(user, referral: Referral) -> str | None:
    """Side.SENDER for someone who may write on the case, Side.RECEIVER for the receiving
    agency's users or the receiving program's supervisors, else None (sender first when both)."""
    sides = sides_of(user, referral)
    if Side.SENDER in sides:
        return Side.SENDER
    if Side.RECEIVER in sides:
        return Side.RECEIVER
    return None


_TARGETS = ("service", "organization", "program")


def referral_for_sender(user, referral_id, *, write: bool = False, case_id=None) -> Referral:
    """The referral, for its case's team: 404 unless the case is reachable through
    ``case_for`` (and, with ``case_id``, the referral is that case's), 403 with ``write`` for
    someone who sees the case but may not write on it. ``referral.case`` is the case."""
    try:
        referral = Referral.objects.select_related(*_TARGETS).filter(pk=referral_id).first()
    except (ValueError, TypeError, ValidationError):
        referral = None
    if referral is None or (case_id is not None and str(referral.case_id) != str(case_id)):
        raise Http404
    action = CaseAction.EDIT if write else CaseAction.VIEW
    referral.case = case_for(user, referral.case_id, action)
    return referral


def referral_for_receiver(user, referral_id) -> Referral:
    """The referral, for the receiving side only: 404 for everyone else (another agency's
    partner, the sender's team, a draft). The case is never loaded."""
    return get_or_404(referrals_received_by(user).select_related(*_TARGETS), referral_id)


def may_see_deadline_report(user) -> bool:
    return _active(user) and user.role in DEADLINE_REPORT_ROLES
