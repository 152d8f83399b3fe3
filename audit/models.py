import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    SEARCH = "search", _("Searched")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    EXPORT = "export", _("Exported")
    PRINT = "print", _("Printed")
    DOWNLOAD = "download", _("Downloaded")
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
    SIGN_OUT = "sign_out", _("Signed out")
    SIGN_OUT_EVERYWHERE = "sign_out_everywhere", _("Signed out everywhere")
    SECOND_FACTOR = "second_factor", _("Second factor changed")
    ROLE_CHANGE = "role_change", _("Role changed")
    PERMISSION_CHANGE = "permission_change", _("Permission changed")
    ACCOUNT_STATUS = "account_status", _("Account activated or deactivated")
    TOKEN = "token", _("API token changed")
    KEY_OPERATION = "key_operation", _("Key operation")
    SHRED = "shred", _("Crypto-shredded")
    BREAK_GLASS = "break_glass", _("Break-glass access")
    CONSENT_CHANGE = "consent_change", _("Consent changed")
    INTEGRITY_ALARM = "integrity_alarm", _("Integrity alarm")
    # Something about a case the person may not see was told to them (e.g. that a duplicate
    # check matched cases in another program): never its content, but a disclosure all the same.
    DISCLOSURE = "disclosure", _("Disclosed a case's existence")
    # The cases a list or search answer showed (caseload, search, reminders): their public ids
    # are in ``fields``, so "who has seen this record" can say "saw in a list".
    LIST_VIEW = "list_view", _("Saw in a list")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit events are append-only: they cannot be updated.")

    def delete(self):
        raise TypeError("Audit events are append-only: they cannot be deleted.")


class AuditEvent(models.Model):
    """One thing that happened: who, when, from where, what — field names, never values."""

    id = models.BigAutoField(primary_key=True)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(max_length=254, blank=True)
    address = models.CharField(max_length=45, blank=True)
    action = models.CharField(max_length=32, choices=AuditAction.choices, db_index=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.UUIDField(null=True, blank=True, db_index=True)
    fields = models.JSONField(default=list, blank=True)
    reason = models.TextField(blank=True)
    # The hash chain (audit/chain.py): the event is the ``seq``-th link of chain ``lane``, and
    # ``hash`` covers its content and ``previous_hash``, so no row can change or go unnoticed.
    lane = models.PositiveSmallIntegerField(default=0)
    seq = models.PositiveBigIntegerField(default=0)
    previous_hash = models.CharField(max_length=64, default="")
    hash = models.CharField(max_length=64, default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["actor", "occurred_at"]),
            models.Index(fields=["target_type", "target_id", "action"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["lane", "seq"], name="audit_event_unique_link"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Audit events are append-only: they cannot be changed.")
        if not self.hash:
            # An event outside the chain would read as tampering: write through audit_record.
            raise TypeError("Audit events are written through audit.services.audit_record.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only: they cannot be deleted.")


class AuditChainHead(models.Model):
    """The last link of one chain lane, locked by the writer that appends to that lane.

    Writers hold the lock until their transaction ends, so a rolled-back event rolls back the
    head with it and the chain never points at an event that does not exist.
    """

    lane = models.PositiveSmallIntegerField(primary_key=True)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"lane {self.lane} at {self.seq}"
