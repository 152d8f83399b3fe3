import hashlib
import secrets
import time
import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin
from django_otp.oath import TOTP

from accounts.roles import Role
from protection.system import open_system, seal_system


def new_session_salt() -> str:
    return secrets.token_hex(16)


class UserQuerySet(models.QuerySet):
    def with_role(self) -> "UserQuerySet":
        """Users with their role read in the same query (``User.role`` uses it).

        Every request asks for the signed-in person's role; read from their groups it was a
        second query on every page and API call. A user holds one role; should they hold two,
        the first in ``Role``'s order wins, as ``User.role`` decides from the groups.
        """
        from django.contrib.auth.models import Group

        from alongside.correlated import CorrelatedSQL

        names = [role.value for role in Role]
        slots = ", ".join(["%s"] * len(names))
        ranked = " ".join(["WHEN %s THEN %s"] * len(names))
        held = CorrelatedSQL(
            f"SELECT g.name FROM {Group._meta.db_table} g "  # noqa: S608 - no input
            f"JOIN {User.groups.through._meta.db_table} ug ON ug.group_id = g.id "
            f"WHERE ug.user_id = {{row}} AND g.name IN ({slots}) "
            f"ORDER BY CASE g.name {ranked} END LIMIT 1",
            [*names, *(value for rank, name in enumerate(names) for value in (name, rank))],
            output_field=models.CharField(),
        )
        return self.annotate(role_name=held)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. The email address is the sign-in name."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Changing this ends every session of the user at their next request ("sign out everywhere").
    session_salt = models.CharField(max_length=32, default=new_session_salt, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def role(self) -> str | None:
        """The user's role: loaded with the user (``with_role``, as every request loads the
        signed-in person), or read from their groups (prefetched where lists need it).

        The groups are kept on the instance after the first read, so a request that asks
        several times (decorators, navigation, access checks) queries once; adding or removing
        a group through this instance clears them, as Django does for any prefetch, and
        ``role_forget`` (called on every change of this instance's groups) drops a role loaded
        with the user.
        """
        prefetched = getattr(self, "_prefetched_objects_cache", {})
        if "groups" not in prefetched and "role_name" in self.__dict__:
            return self.role_name
        if "groups" not in prefetched:
            models.prefetch_related_objects([self], "groups")
        names = {group.name for group in self.groups.all()}
        return next((role.value for role in Role if role.value in names), None)

    def role_forget(self) -> None:
        """Forget a role loaded with the user: its groups have just changed."""
        self.__dict__.pop("role_name", None)

    @property
    def role_label(self) -> str:
        role = self.role
        return Role(role).label if role else _("No role")

    def _get_session_auth_hash(self, secret=None):
        # Django compares this with the hash stored at sign-in on every request; folding in
        # session_salt lets "sign out everywhere" invalidate all sessions at once.
        return salted_hmac(
            "accounts.User.session",
            f"{self.password}:{self.session_salt}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_session_auth_hash(self):
        return self._get_session_auth_hash()

    def get_session_auth_fallback_hash(self):
        from django.conf import settings

        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._get_session_auth_hash(secret=fallback_secret)


class TOTPDevice(ThrottlingMixin, Device):
    """A TOTP authenticator whose secret is stored sealed under the system key.

    django-otp's own TOTPDevice keeps the secret in plaintext; this one keeps its replay
    protection (``last_t``) and throttling but never stores the key readable.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sealed_key = models.BinaryField()
    step = models.PositiveSmallIntegerField(default=30)
    digits = models.PositiveSmallIntegerField(default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = _("authenticator app")

    def _purpose(self) -> str:
        return f"accounts.totpdevice:{self.uuid}"

    def set_key(self, key: bytes) -> None:
        self.sealed_key = seal_system(key, purpose=self._purpose())

    @property
    def bin_key(self) -> bytes:
        return open_system(self.sealed_key, purpose=self._purpose())

    def get_throttle_factor(self) -> int:
        from django.conf import settings

        return settings.OTP_TOTP_THROTTLE_FACTOR

    def _totp(self) -> TOTP:
        totp = TOTP(self.bin_key, self.step, 0, self.digits, self.drift)
        totp.time = time.time()
        return totp

    def check_token(self, token: str) -> str:
        """Check a code: ``"ok"``, ``"reused"``, ``"wrong"`` or ``"throttled"``.

        A code is accepted once: ``last_t`` records the last accepted time step, so the same
        code (or an older one) is refused as reused.
        """
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return "throttled"
        if not (token.isdigit() and len(token) == self.digits):
            self.throttle_increment(commit=True)
            return "wrong"
        totp = self._totp()
        if totp.verify(int(token), self.tolerance, self.last_t + 1):
            self.last_t = totp.t()
            self.throttle_reset(commit=False)
            self.save(
                update_fields=["last_t", "throttling_failure_count", "throttling_failure_timestamp"]
            )
            return "ok"
        self.throttle_increment(commit=True)
        if self.last_t >= 0 and totp.verify(int(token), self.tolerance, 0):
            return "reused"
        return "wrong"

    def verify_token(self, token) -> bool:
        return self.check_token(str(token)) == "ok"

    def current_token(self) -> str:
        """The code an authenticator app would show now (demo helper and tests only)."""
        totp = self._totp()
        return f"{totp.token():0{self.digits}d}"

    def provisioning_uri(self, issuer: str) -> str:
        import base64
        from urllib.parse import quote, urlencode

        secret = base64.b32encode(self.bin_key).decode("ascii").rstrip("=")
        label = quote(f"{issuer}:{self.user.email}")
        query = urlencode(
            {"secret": secret, "issuer": issuer, "digits": self.digits, "period": self.step}
        )
        return f"otpauth://totp/{label}?{query}"


def _backup_code_digest(code: str) -> str:
    normalized = code.replace("-", "").replace(" ", "").lower()
    return salted_hmac("accounts.BackupCode", normalized, algorithm="sha256").hexdigest()


class BackupCode(models.Model):
    """A one-time code for when the authenticator is lost. Stored only as a keyed hash."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="backup_codes")
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "digest"])]

    def __str__(self) -> str:
        return f"backup code of {self.user_id}"

    @staticmethod
    def digest_of(code: str) -> str:
        return _backup_code_digest(code)


class ApiToken(models.Model):
    """A personal API token. Only a hash is stored; the token is shown once, at creation.

    Format: ``alo_<prefix>_<secret>``. The prefix finds the row; the secret's SHA-256 (a fast
    hash is right for 256-bit random secrets) is compared in constant time.
    """

    PREFIX_LENGTH = 10

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=PREFIX_LENGTH, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def digest_of(secret: str) -> str:
        return hashlib.sha256(secret.encode("utf-8")).hexdigest()

    def matches(self, secret: str) -> bool:
        return constant_time_compare(self.digest, self.digest_of(secret))

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.user.is_active and not self.is_expired

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()


class ChangeRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPLIED = "applied", _("Approved and applied")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")


class ChangeApproval(models.TextChoices):
    HOLDER = "holder", _("The account holder confirms from their current address")
    SECOND_ADMINISTRATOR = "second_administrator", _("A second administrator approves")
    DELAY = "delay", _("Applies after a delay, with notice to the holder and supervisors")


class AccountChangeRequest(models.Model):
    """A change that would hand someone access to survivor data, waiting for a second person.

    Nothing changes until it is approved (accounts.change_requests). ``kind`` names a
    registered change; ``payload`` holds what the change needs (an email address, a role),
    never survivor data; ``target`` is the object the change is about besides the account
    (for instance a program), if any.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("change"), max_length=40)
    subject = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="change_requests", verbose_name=_("account")
    )
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.UUIDField(null=True, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    approval = models.CharField(max_length=24, choices=ChangeApproval.choices)
    status = models.CharField(
        max_length=12, choices=ChangeRequestStatus.choices, default=ChangeRequestStatus.PENDING
    )
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(default=timezone.now)
    # For ``delay``: when the change applies unless declined first.
    applies_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.kind} for {self.subject_id} ({self.status})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
