"""Writes to accounts. Each service is atomic and writes its audit event in the same transaction."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.change_requests import ChangeKind, change_kind_register, change_request_open
from accounts.models import (
    AccountChangeRequest,
    ApiToken,
    BackupCode,
    TOTPDevice,
    User,
    new_session_salt,
)
from accounts.roles import SURVIVOR_READING_ROLES, Role
from audit.models import AuditAction
from audit.services import audit_record

BACKUP_CODE_COUNT = 10


def _set_role(user: User, role: str) -> None:
    role_names = [choice.value for choice in Role]
    user.groups.remove(*Group.objects.filter(name__in=role_names))
    user.groups.add(Group.objects.get(name=role))


def _origin(request) -> str:
    return request.build_absolute_uri("/").rstrip("/") if request is not None else ""


@transaction.atomic
def user_create(
    *, actor: User, email: str, full_name: str, role: str, request=None
) -> tuple[User, AccountChangeRequest | None]:
    """Create an account. A role that sees survivors waits for a second person (the account
    starts without a role); returns the user and that request, if any."""
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise ValidationError({"email": _("A user with this email address already exists.")})
    user = User.objects.create_user(email=email, full_name=full_name.strip())
    audit_record(actor=actor, action=AuditAction.CREATE, target=user, fields=["email", "full_name"])
    if role in SURVIVOR_READING_ROLES:
        pending = change_request_open(
            actor=actor, kind="role", subject=user, payload={"role": role}, origin=_origin(request)
        )
        return user, pending
    _set_role(user, role)
    audit_record(actor=actor, action=AuditAction.ROLE_CHANGE, target=user, fields=["role"])
    return user, None


def _email_change_notice(*, user: User, old_email: str) -> None:
    """The old address is always told of an email change."""
    subject = _("The email address of your Alongside account was changed")
    body = _(
        "Hello %(name)s,\n\nThe email address of your Alongside account was changed from "
        "this address to another one. If you did not expect this, tell your organization "
        "at once.\n"
    ) % {"name": user.full_name}
    transaction.on_commit(lambda: send_mail(subject, body, None, [old_email]))


def _email_set(*, actor: User | None, user: User, email: str) -> None:
    if User.objects.filter(email=email).exclude(pk=user.pk).exists():
        raise ValidationError({"email": _("A user with this email address already exists.")})
    old_email = user.email
    user.email = email
    user.save(update_fields=["email"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=user, fields=["email"])
    _email_change_notice(user=user, old_email=old_email)


@transaction.atomic
def user_update(
    *, actor: User, user: User, email: str, full_name: str, role: str, request=None
) -> list[AccountChangeRequest]:
    """Change name, email and role. For an account that sees survivors a new email, and for any
    account a role that sees survivors, wait for a second person; returns those requests."""
    user = User.objects.select_for_update().get(pk=user.pk)
    email = email.strip().lower()
    if User.objects.filter(email=email).exclude(pk=user.pk).exists():
        raise ValidationError({"email": _("A user with this email address already exists.")})
    if user.pk == actor.pk and role != user.role:
        raise ValidationError({"role": _("You cannot change your own role.")})
    pending = []
    full_name = full_name.strip()
    if user.full_name != full_name:
        user.full_name = full_name
        user.save(update_fields=["full_name"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=user, fields=["full_name"])
    if user.email != email:
        if user.role in SURVIVOR_READING_ROLES:
            pending.append(
                change_request_open(
                    actor=actor,
                    kind="email",
                    subject=user,
                    payload={"email": email},
                    origin=_origin(request),
                )
            )
        else:
            _email_set(actor=actor, user=user, email=email)
    if role != user.role:
        if role in SURVIVOR_READING_ROLES:
            pending.append(
                change_request_open(
                    actor=actor,
                    kind="role",
                    subject=user,
                    payload={"role": role},
                    origin=_origin(request),
                )
            )
        else:
            _set_role(user, role)
            audit_record(actor=actor, action=AuditAction.ROLE_CHANGE, target=user, fields=["role"])
    return pending


@transaction.atomic
def user_deactivate(*, actor: User, user: User) -> User:
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    user = User.objects.select_for_update().get(pk=user.pk)
    user.is_active = False
    # The auth backend refuses inactive users, and the new salt ends their sessions too.
    user.session_salt = new_session_salt()
    user.save(update_fields=["is_active", "session_salt"])
    user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit_record(
        actor=actor,
        action=AuditAction.ACCOUNT_STATUS,
        target=user,
        fields=["is_active"],
        reason="deactivated",
    )
    return user


@transaction.atomic
def user_reactivate(*, actor: User, user: User) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action=AuditAction.ACCOUNT_STATUS,
        target=user,
        fields=["is_active"],
        reason="reactivated",
    )
    return user


@transaction.atomic
def user_sign_out_everywhere(*, actor: User, user: User) -> None:
    User.objects.filter(pk=user.pk).update(session_salt=new_session_salt())
    _api_tokens_revoke_all(user)
    audit_record(actor=actor, action=AuditAction.SIGN_OUT_EVERYWHERE, target=user)


def _api_tokens_revoke_all(user: User) -> int:
    """A token outlives no credential change: whoever held the old ones is shut out too."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def user_password_changed(*, actor: User, user: User) -> None:
    """After a password change or reset: other sessions end (Django) and tokens are revoked."""
    _api_tokens_revoke_all(user)
    audit_record(actor=actor, action=AuditAction.UPDATE, target=user, fields=["password"])


def _second_factor_reset(*, actor: User | None, user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    BackupCode.objects.filter(user=user).delete()
    User.objects.filter(pk=user.pk).update(session_salt=new_session_salt())
    _api_tokens_revoke_all(user)
    audit_record(
        actor=actor, action=AuditAction.SECOND_FACTOR, target=user, reason="reset by administrator"
    )


@transaction.atomic
def user_reset_second_factor(
    *, actor: User, user: User, request=None
) -> AccountChangeRequest | None:
    """Remove the user's authenticator and backup codes; they enrol again at next sign-in.

    For an account that sees survivors this waits for a second person (returns the request).
    """
    if user.role in SURVIVOR_READING_ROLES:
        return change_request_open(
            actor=actor, kind="second_factor_reset", subject=user, origin=_origin(request)
        )
    _second_factor_reset(actor=actor, user=user)
    return None


@transaction.atomic
def totp_device_start(*, actor: User) -> TOTPDevice:
    """Begin enrolment: a fresh unconfirmed authenticator replaces any earlier unconfirmed one."""
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    device = TOTPDevice(user=actor, name=_("Authenticator app"), confirmed=False)
    device.set_key(secrets.token_bytes(20))
    device.save()
    return device


@transaction.atomic
def totp_device_confirm(*, actor: User, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the authenticator with a current code; returns fresh backup codes to show once."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=actor)
    outcome = device.check_token(token)
    if outcome != "ok":
        raise ValidationError({"token": second_factor_message(outcome)})
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
    audit_record(
        actor=actor, action=AuditAction.SECOND_FACTOR, target=actor, reason="authenticator enrolled"
    )
    return _backup_codes_replace(actor=actor)


def _backup_codes_replace(*, actor: User) -> list[str]:
    BackupCode.objects.filter(user=actor).delete()
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    codes = []
    for _index in range(BACKUP_CODE_COUNT):
        raw = "".join(secrets.choice(alphabet) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    BackupCode.objects.bulk_create(
        BackupCode(user=actor, digest=BackupCode.digest_of(code)) for code in codes
    )
    return codes


@transaction.atomic
def backup_codes_regenerate(*, actor: User) -> list[str]:
    codes = _backup_codes_replace(actor=actor)
    audit_record(
        actor=actor,
        action=AuditAction.SECOND_FACTOR,
        target=actor,
        reason="backup codes regenerated",
    )
    return codes


@transaction.atomic
def backup_code_use(*, actor: User, code: str) -> str:
    """Spend one backup code: ``"ok"``, ``"wrong"`` or ``"throttled"``. Each code works once.

    Wrong backup codes count against the authenticator's throttle, as wrong TOTP codes do, so
    neither kind of code can be guessed faster than the other, nor by alternating the two.
    """
    device = TOTPDevice.objects.select_for_update().filter(user=actor, confirmed=True).first()
    if device is not None:
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            return "throttled"
    row = (
        BackupCode.objects.select_for_update()
        .filter(user=actor, digest=BackupCode.digest_of(code), used_at__isnull=True)
        .first()
    )
    if row is None:
        if device is not None:
            device.throttle_increment(commit=True)
        return "wrong"
    row.used_at = timezone.now()
    row.save(update_fields=["used_at"])
    if device is not None:
        device.throttle_reset(commit=True)
    audit_record(
        actor=actor, action=AuditAction.SECOND_FACTOR, target=actor, reason="backup code used"
    )
    return "ok"


@transaction.atomic
def second_factor_failure_record(*, actor: User, outcome: str) -> None:
    """A wrong, reused or throttled code is a failed sign-in like a wrong password."""
    audit_record(
        actor=actor,
        action=AuditAction.SIGN_IN_FAILED,
        target=actor,
        reason=f"second factor: {outcome}",
    )


def second_factor_message(outcome: str) -> str:
    return {
        "wrong": _("That code is not right. Check the time on your phone and try the newest code."),
        "reused": _("That code has already been used. Wait for the next code and enter it."),
        "throttled": _("Too many wrong codes. Wait a minute, then try again."),
    }[outcome]


@transaction.atomic
def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token; returns the row and the token text, shown only once."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name so you can recognise it later.")})
    if actor.api_tokens.filter(name=name, revoked_at__isnull=True).exists():
        raise ValidationError({"name": _("You already have an active token with this name.")})
    prefix = secrets.token_hex(ApiToken.PREFIX_LENGTH // 2)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        prefix=prefix,
        digest=ApiToken.digest_of(secret),
        expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_DAYS),
    )
    audit_record(actor=actor, action=AuditAction.TOKEN, target=token, reason="created")
    return token, f"alo_{prefix}_{secret}"


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    updated = ApiToken.objects.filter(pk=token.pk, user=actor, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if updated:
        audit_record(actor=actor, action=AuditAction.TOKEN, target=token, reason="revoked")


def _password_link_send(*, actor: User | None, user: User, origin: str) -> None:
    """Email the user a one-time link to choose a password (after the transaction commits)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    path = reverse(
        "accounts:set-password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    link = f"{origin}{path}"
    subject = _("Set your Alongside password")
    body = _(
        "Hello %(name)s,\n\nAn administrator created or reset your Alongside account. "
        "Choose your password here (the link works once):\n\n%(link)s\n"
    ) % {"name": user.full_name, "link": link}
    email = user.email
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=user,
        fields=["password"],
        reason="password link sent",
    )
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))


@transaction.atomic
def user_send_password_link(*, actor: User, user: User, request) -> AccountChangeRequest | None:
    """Send a password link; for an account that sees survivors and already has a password,
    only after a second person agrees (returns the request). A new account's first link goes
    at once: it has no role that sees survivors until its role grant is approved."""
    user = User.objects.get(pk=user.pk)
    if user.role in SURVIVOR_READING_ROLES:
        return change_request_open(
            actor=actor, kind="password_link", subject=user, origin=_origin(request)
        )
    _password_link_send(actor=actor, user=user, origin=_origin(request))
    return None


# Changes that wait for a second person (accounts.change_requests) ----------------------------


def _apply_email(change_request: AccountChangeRequest, decided_by: User | None) -> None:
    user = User.objects.select_for_update().get(pk=change_request.subject_id)
    email = change_request.payload["email"]
    if User.objects.filter(email=email).exclude(pk=user.pk).exists():
        raise ValidationError(
            _("Another account now uses this email address. Nothing was changed.")
        )
    _email_set(actor=decided_by, user=user, email=email)


def _apply_second_factor_reset(change_request: AccountChangeRequest, decided_by) -> None:
    _second_factor_reset(actor=decided_by, user=change_request.subject)


def _apply_password_link(change_request: AccountChangeRequest, decided_by) -> None:
    user = User.objects.get(pk=change_request.subject_id)
    _password_link_send(
        actor=decided_by, user=user, origin=change_request.payload.get("origin", "")
    )


def _apply_role(change_request: AccountChangeRequest, decided_by) -> None:
    user = User.objects.get(pk=change_request.subject_id)
    _set_role(user, change_request.payload["role"])
    audit_record(actor=decided_by, action=AuditAction.ROLE_CHANGE, target=user, fields=["role"])


change_kind_register(ChangeKind("email", _lazy("Change of email address"), _apply_email))
change_kind_register(
    ChangeKind(
        "second_factor_reset", _lazy("Reset of the second factor"), _apply_second_factor_reset
    )
)
change_kind_register(
    ChangeKind("password_link", _lazy("A new password link"), _apply_password_link)
)
change_kind_register(
    ChangeKind("role", _lazy("A role that sees survivors"), _apply_role, holder_can_confirm=False)
)
