"""Changes that hand someone access to survivor data wait for a second person.

An administrator who could change a supervisor's email, reset their second factor and send a
password link could take the account over and read the program's survivors. So those changes,
and giving an account a role that sees survivors, are opened as an ``AccountChangeRequest`` and
nothing changes until a second person agrees, as ``ACCOUNT_CHANGE_APPROVAL`` says:

- ``holder``: the account holder confirms through a signed, expiring link mailed to the
  address the account has now (a role grant cannot be vouched for by its own holder, so role
  grants then wait for a second administrator);
- ``second_administrator``: another administrator approves on the Users pages;
- ``delay``: for an organization with one administrator, the change applies after
  ``ACCOUNT_CHANGE_DELAY_HOURS`` (the ``accounts.change_requests_apply_due`` task), and the
  holder and every supervisor are told at once, so it can be stopped.

Other apps register their own kinds (``change_kind_register``) and open requests with
``change_request_open``; the kind's ``apply`` runs inside the approving transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from accounts.models import (
    AccountChangeRequest,
    ChangeApproval,
    ChangeRequestStatus,
    User,
)
from accounts.roles import Role
from audit.models import AuditAction
from audit.services import audit_record, target_type_of

HOLDER_SALT = "accounts.change-request.holder"


@dataclass(frozen=True)
class ChangeKind:
    name: str
    label: str | Promise
    # Applies the change; called inside the approving transaction with the request.
    apply: Callable[[AccountChangeRequest, User | None], None]
    # Whether the account holder's own confirmation is a second person for this change.
    holder_can_confirm: bool = True


_KINDS: dict[str, ChangeKind] = {}


def change_kind_register(kind: ChangeKind) -> None:
    _KINDS[kind.name] = kind


def change_kind(name: str) -> ChangeKind:
    return _KINDS[name]


def change_summary(change_request: AccountChangeRequest) -> str:
    """The change in words for the approval pages: its kind's label and, for a new address or
    role, what it would become (a role by its label, never its stored value)."""
    kind = _KINDS.get(change_request.kind)
    label = str(kind.label) if kind else change_request.kind
    payload = change_request.payload or {}
    if change_request.kind == "role" and payload.get("role"):
        try:
            return f"{label}: {Role(payload['role']).label}"
        except ValueError:
            return f"{label}: {payload['role']}"
    if change_request.kind == "email" and payload.get("email"):
        return f"{label}: {payload['email']}"
    if payload.get("program"):
        return f"{label}: {payload['program']}"
    return label


def approval_for(kind: ChangeKind) -> str:
    approval = settings.ACCOUNT_CHANGE_APPROVAL
    if approval == ChangeApproval.HOLDER and not kind.holder_can_confirm:
        return ChangeApproval.SECOND_ADMINISTRATOR
    return approval


def holder_token(change_request: AccountChangeRequest) -> str:
    """The holder's link token: bound to the request and to the address it was mailed to, so
    it dies if the address changes meanwhile."""
    return signing.dumps(
        {"r": str(change_request.pk), "e": change_request.subject.email}, salt=HOLDER_SALT
    )


def change_request_from_token(token: str) -> AccountChangeRequest:
    max_age = timedelta(
        hours=settings.ACCOUNT_CHANGE_EXPIRY_HOURS + settings.ACCOUNT_CHANGE_DELAY_HOURS
    )
    invalid = ValidationError(
        _("This link is not valid or has expired. Nothing was changed."), code="invalid"
    )
    try:
        data = signing.loads(token, salt=HOLDER_SALT, max_age=max_age)
    except signing.BadSignature:
        raise invalid from None
    change_request = (
        AccountChangeRequest.objects.select_related("subject", "requested_by")
        .filter(pk=data.get("r"))
        .first()
    )
    if change_request is None or change_request.subject.email != data.get("e"):
        raise invalid
    return change_request


def _mail(subject: str, body: str, recipients: list[str]) -> None:
    if recipients:
        transaction.on_commit(lambda: send_mail(subject, body, None, recipients))


def _holder_link(change_request: AccountChangeRequest) -> str:
    from urllib.parse import urlencode

    from django.urls import reverse

    origin = change_request.payload.get("origin", "")
    path = reverse("accounts:change-confirm")
    return f"{origin}{path}?{urlencode({'token': holder_token(change_request)})}"


def _announce(change_request: AccountChangeRequest, kind: ChangeKind, facts: dict) -> None:
    subject_user = change_request.subject
    facts = facts | {
        "expires": timezone.localtime(change_request.expires_at).strftime("%Y-%m-%d %H:%M %Z"),
        "link": _holder_link(change_request),
    }
    if change_request.approval == ChangeApproval.HOLDER:
        _mail(
            _("Confirm a change to your Alongside account"),
            _(
                "Hello %(name)s,\n\n%(requester)s, an administrator, asked for this change to "
                "your Alongside account: %(change)s.\n\nNothing changes unless you confirm it "
                "here (the link works until %(expires)s):\n\n%(link)s\n\nIf you did not "
                "expect this, decline it on the same page and tell your organization.\n"
            )
            % facts,
            [subject_user.email],
        )
        return
    if change_request.approval == ChangeApproval.DELAY:
        facts["applies"] = timezone.localtime(change_request.applies_at).strftime(
            "%Y-%m-%d %H:%M %Z"
        )
        _mail(
            _("A change to your Alongside account is waiting"),
            _(
                "Hello %(name)s,\n\n%(requester)s, an administrator, asked for this change to "
                "your Alongside account: %(change)s.\n\nIt applies on %(applies)s. If you did "
                "not expect it, stop it here:\n\n%(link)s\n"
            )
            % facts,
            [subject_user.email],
        )
        supervisors = list(
            User.objects.filter(is_active=True, groups__name=Role.SUPERVISOR)
            .exclude(pk=subject_user.pk)
            .values_list("email", flat=True)
        )
        _mail(
            _("An account change is waiting in Alongside"),
            _(
                "%(requester)s, an administrator, asked for this change to the account of "
                "%(name)s: %(change)s.\n\nIt applies on %(applies)s unless it is declined on "
                "the Users pages. If it looks wrong, tell your organization now.\n"
            )
            % facts,
            supervisors,
        )
        return
    _mail(
        _("A change to your Alongside account is waiting for approval"),
        _(
            "Hello %(name)s,\n\n%(requester)s, an administrator, asked for this change to your "
            "Alongside account: %(change)s.\n\nA second administrator must approve it before "
            "anything changes. If you did not expect it, tell your organization.\n"
        )
        % facts,
        [subject_user.email],
    )


@transaction.atomic
def change_request_open(
    *,
    actor: User,
    kind: str,
    subject: User,
    payload: dict | None = None,
    target: Model | None = None,
    origin: str = "",
) -> AccountChangeRequest:
    """Open a change for a second person; nothing changes now.

    ``payload`` is what ``apply`` needs (an address, a role) and must carry no survivor data;
    ``origin`` (``https://host``) is where the holder's link points.
    """
    change_kind_ = change_kind(kind)
    if AccountChangeRequest.objects.filter(
        kind=kind,
        subject=subject,
        status=ChangeRequestStatus.PENDING,
        expires_at__gt=timezone.now(),
    ).exists():
        raise ValidationError(
            _("A change of this kind is already waiting for approval for this account.")
        )
    now = timezone.now()
    approval = approval_for(change_kind_)
    applies_at = None
    expires_at = now + timedelta(hours=settings.ACCOUNT_CHANGE_EXPIRY_HOURS)
    if approval == ChangeApproval.DELAY:
        applies_at = now + timedelta(hours=settings.ACCOUNT_CHANGE_DELAY_HOURS)
        expires_at = applies_at + timedelta(hours=settings.ACCOUNT_CHANGE_EXPIRY_HOURS)
    change_request = AccountChangeRequest.objects.create(
        kind=kind,
        subject=subject,
        target_type=target_type_of(target) if target is not None else "",
        target_id=target.pk if target is not None else None,
        payload={**(payload or {}), "origin": origin},
        approval=approval,
        requested_by=actor,
        requested_at=now,
        applies_at=applies_at,
        expires_at=expires_at,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=change_request,
        fields=sorted(payload or {}),
        reason=f"change requested: {kind} ({approval})",
    )
    _announce(
        change_request,
        change_kind_,
        {
            "change": change_kind_.label,
            "name": subject.full_name,
            "requester": actor.full_name,
        },
    )
    return change_request


def _locked_pending(change_request: AccountChangeRequest) -> AccountChangeRequest:
    locked = (
        AccountChangeRequest.objects.select_for_update()
        .select_related("subject", "requested_by")
        .get(pk=change_request.pk)
    )
    if locked.status != ChangeRequestStatus.PENDING:
        raise ValidationError(
            _("This request was already decided (%(status)s). Nothing was changed.")
            % {"status": locked.get_status_display().lower()},
            code="decided",
        )
    if locked.is_expired:
        raise ValidationError(
            _("This request has expired. Nothing was changed; ask again if it is still needed."),
            code="expired",
        )
    return locked


def _apply(change_request: AccountChangeRequest, *, decided_by: User | None, how: str) -> None:
    change_request.status = ChangeRequestStatus.APPLIED
    change_request.decided_by = decided_by
    change_request.decided_at = timezone.now()
    change_request.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=decided_by,
        action=AuditAction.UPDATE,
        target=change_request,
        fields=["status"],
        reason=f"change approved: {change_request.kind} ({how})",
    )
    change_kind(change_request.kind).apply(change_request, decided_by)


@transaction.atomic
def change_request_approve(*, actor: User, change_request: AccountChangeRequest) -> None:
    """A second administrator approves; the change applies in the same transaction."""
    locked = _locked_pending(change_request)
    if actor.role != Role.ADMINISTRATOR:
        raise ValidationError(_("Only an administrator can approve this change."), code="role")
    if locked.requested_by_id == actor.pk:
        raise ValidationError(
            _("You asked for this change, so someone else must approve it. Nothing was changed."),
            code="own",
        )
    if locked.subject_id == actor.pk:
        raise ValidationError(
            _("This change is to your own account, so someone else must approve it."),
            code="own",
        )
    if locked.approval != ChangeApproval.SECOND_ADMINISTRATOR:
        raise ValidationError(
            _(
                "This change waits for the account holder's confirmation or for its delay to "
                "pass; it cannot be approved here."
            ),
            code="method",
        )
    _apply(locked, decided_by=actor, how="second administrator")


@transaction.atomic
def change_request_confirm_by_holder(*, change_request: AccountChangeRequest) -> None:
    """The account holder confirms through the link mailed to their current address."""
    locked = _locked_pending(change_request)
    if locked.approval != ChangeApproval.HOLDER:
        raise ValidationError(
            _("This change does not wait for your confirmation; you can only decline it."),
            code="method",
        )
    _apply(locked, decided_by=locked.subject, how="account holder")


@transaction.atomic
def change_request_decline(
    *, actor: User, change_request: AccountChangeRequest, by_holder: bool = False
) -> None:
    """Any administrator (the requester too, withdrawing it) or the holder declines."""
    locked = _locked_pending(change_request)
    if not by_holder and actor.role != Role.ADMINISTRATOR:
        raise ValidationError(_("Only an administrator can decline this change."), code="role")
    who = "account holder" if by_holder else "administrator"
    locked.status = ChangeRequestStatus.DECLINED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=locked,
        fields=["status"],
        reason=f"change declined: {locked.kind} ({who})",
    )


def change_requests_apply_due() -> int:
    """Apply delayed changes whose delay has passed; mark stale pending ones expired.

    Each request in its own transaction, so one failure leaves the others applied. Returns
    how many were applied.
    """
    now = timezone.now()
    applied = 0
    due = AccountChangeRequest.objects.filter(
        status=ChangeRequestStatus.PENDING,
        approval=ChangeApproval.DELAY,
        applies_at__lte=now,
        expires_at__gt=now,
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            locked = AccountChangeRequest.objects.select_for_update().get(pk=pk)
            if locked.status == ChangeRequestStatus.PENDING:
                _apply(locked, decided_by=None, how="delay passed")
                applied += 1
    stale = AccountChangeRequest.objects.filter(
        status=ChangeRequestStatus.PENDING, expires_at__lte=now
    ).values_list("pk", flat=True)
    for pk in list(stale):
        with transaction.atomic():
            locked = AccountChangeRequest.objects.select_for_update().get(pk=pk)
            if locked.status == ChangeRequestStatus.PENDING:
                locked.status = ChangeRequestStatus.EXPIRED
                locked.save(update_fields=["status"])
                audit_record(
                    actor=None,
                    action=AuditAction.UPDATE,
                    target=locked,
                    fields=["status"],
                    reason=f"change expired: {locked.kind}",
                )
    return applied
