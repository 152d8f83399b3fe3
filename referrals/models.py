"""Referrals to partner agencies and to our own programs, every step they take, the packet each
carried, and the referrals other agencies made to us.

A referral's packet is frozen when it is sent: the consented categories, as the preview
showed, encrypted under the case's data key. It is all the receiver ever sees, and nobody
reads it after the release it went under is revoked. Free text written by either side may name
the survivor, so it is encrypted too (``encryption_owner``). States, codes, dates and deadlines
are plaintext: the queue, deadlines and reports read them without decrypting anything.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.identifiers import uuid_pk
from consent.choices import Purpose
from protection.fields import EncryptedJSONField, EncryptedTextField
from referrals.choices import DeclineReason, Outcome, ReferralStatus, Side, Urgency

User = settings.AUTH_USER_MODEL


class Referral(models.Model):
    """One referral of a survivor to a partner's service or to one of our programs."""

    encryption_owner = "case"

    id = uuid_pk()
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    # Exactly one target: a partner's service (and so its organization) or our own program.
    service = models.ForeignKey(
        "directory.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("service"),
    )
    # Copied from the service when the referral is made, so a partner's queue is one index.
    organization = models.ForeignKey(
        "directory.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    program = models.ForeignKey(
        "organization.Program",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_in",
        verbose_name=_("our program"),
    )
    purpose = models.CharField(
        _("purpose"), max_length=24, choices=Purpose.choices, default=Purpose.REFERRAL
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE
    )
    note = EncryptedTextField(_("note for the receiver"), blank=True)
    status = models.CharField(
        max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT
    )
    # The category names the packet carries (never values): what the sender chose from what the
    # policy permitted at sending.
    categories = models.JSONField(default=list, blank=True)
    disclosure = models.OneToOneField(
        "consent.Disclosure",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referral",
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)  # accepted or declined
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)  # any final state
    decline_reason = models.CharField(
        _("reason"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    # "Other" reasons and outcomes, and anything the receiver adds: may name the survivor.
    answer_text = EncryptedTextField(_("details"), blank=True)
    # Deadlines, set at sending from the receiving organization's terms (business days).
    acknowledge_by = models.DateTimeField(null=True, blank=True)
    act_by = models.DateTimeField(null=True, blank=True)
    sender_reminded_at = models.DateTimeField(null=True, blank=True)
    supervisor_told_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organization", "status", "-sent_at"], name="referral_queue"),
            models.Index(fields=["program", "status", "-sent_at"], name="referral_program_queue"),
            models.Index(fields=["case", "-created_at"], name="referral_case_list"),
            models.Index(fields=["status", "acknowledge_by"], name="referral_ack_due"),
            models.Index(fields=["status", "act_by"], name="referral_act_due"),
            models.Index(fields=["sent_at"], name="referral_sent_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(service__isnull=False, organization__isnull=False, program__isnull=True)
                    | Q(service__isnull=True, organization__isnull=True, program__isnull=False)
                ),
                name="referral_has_one_target",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReferralStatus.DECLINED) | ~Q(decline_reason=""),
                name="declined_referral_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[ReferralStatus.COMPLETED, ReferralStatus.CLOSED])
                | ~Q(outcome=""),
                name="ended_referral_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"referral {self.pk}"

    @property
    def is_internal(self) -> bool:
        return self.program_id is not None


class ReferralStep(models.Model):
    """One move of a referral, by one side: the closed loop, step by step (and the timeline)."""

    id = uuid_pk()
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="steps")
    # The case, again, so the case timeline reads steps with one index and no join.
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    from_status = models.CharField(max_length=12, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ReferralStatus.choices)
    side = models.CharField(max_length=8, choices=Side.choices)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    code = models.CharField(max_length=20, blank=True)  # the decline reason or outcome

    class Meta:
        ordering = ["at"]
        indexes = [models.Index(fields=["case", "-at"], name="referral_step_timeline")]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class ReferralPacket(models.Model):
    """What went out, frozen at sending: ``[[category, label, [[field, value], ...]], ...]``."""

    encryption_owner = "case"

    id = uuid_pk()
    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="packet")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    sections = EncryptedJSONField(default=list)
    # How the partner may reach the survivor, from the safe-contact block at sending.
    contact_rules = EncryptedJSONField(default=list)
    frozen_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"packet of {self.referral_id}"


class ReceivedReferral(models.Model):
    """Another agency referred this survivor to us: who, and when (for the loop and reports)."""

    encryption_owner = "case"

    id = uuid_pk()
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="received_referrals"
    )
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.PROTECT,
        related_name="referrals_made_to_us",
        verbose_name=_("referred by"),
    )
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_on"]
        indexes = [models.Index(fields=["received_on"], name="received_referral_on")]

    def __str__(self) -> str:
        return f"received referral {self.pk}"
