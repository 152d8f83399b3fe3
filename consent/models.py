"""Consent: the people around a survivor, releases of information, restrictions, disclosures,
revocations and the "stop using" notices a revocation sends.

Names, contact details and free text are ciphertext under the case's own data key
(``encryption_owner = "case"``), so shredding the case makes all of it unreadable with the
rest. Categories, purposes, dates and recipients' kinds stay plaintext: the policy decides on
them without decrypting anything. A release's status is derived (``status_on``), never stored.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.identifiers import uuid_pk
from consent.choices import (
    KEEP_AWAY_RELATIONSHIPS,
    ConsentMethod,
    RecipientClass,
    RecipientKind,
    Relationship,
    ReleaseStatus,
    RevocationMethod,
    Signer,
)
from consent.recipients import Recipient
from protection.fields import EncryptedTextField

User = settings.AUTH_USER_MODEL


class Person(models.Model):
    """Someone in the survivor's life: a possible signer or recipient, or someone to keep away."""

    encryption_owner = "case"

    id = uuid_pk()
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="people")
    relationship = models.CharField(_("relationship"), max_length=24, choices=Relationship.choices)
    # Someone of any relationship (a parent, say) may also be recorded as unsafe.
    unsafe = models.BooleanField(_("recorded as unsafe"), default=False)
    name = EncryptedTextField(_("name"))
    contact = EncryptedTextField(_("contact details"), blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["recorded_at"]

    def __str__(self) -> str:
        return f"{self.relationship} {self.pk}"

    @property
    def keep_away(self) -> bool:
        return self.unsafe or self.relationship in KEEP_AWAY_RELATIONSHIPS

    @property
    def is_guardian(self) -> bool:
        return self.relationship == Relationship.PARENT_OR_GUARDIAN


class RecipientFields(models.Model):
    """Who something goes to: exactly one of an organization, a person or a class."""

    recipient_kind = models.CharField(_("recipient"), max_length=12, choices=RecipientKind.choices)
    recipient_organization = models.ForeignKey(
        "directory.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("partner organization"),
    )
    recipient_person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("named person"),
    )
    recipient_class = models.CharField(
        _("class of recipient"), max_length=20, choices=RecipientClass.choices, blank=True
    )

    class Meta:
        abstract = True

    @property
    def recipient(self) -> Recipient:
        if self.recipient_kind == RecipientKind.ORGANIZATION:
            return Recipient.organization(self.recipient_organization_id)
        if self.recipient_kind == RecipientKind.PERSON:
            return Recipient.person(self.recipient_person_id)
        return Recipient.of_class(self.recipient_class)

    @classmethod
    def recipient_constraint(cls, name: str) -> models.CheckConstraint:
        return models.CheckConstraint(
            condition=(
                Q(
                    recipient_kind=RecipientKind.ORGANIZATION,
                    recipient_organization__isnull=False,
                    recipient_person__isnull=True,
                    recipient_class="",
                )
                | Q(
                    recipient_kind=RecipientKind.PERSON,
                    recipient_organization__isnull=True,
                    recipient_person__isnull=False,
                    recipient_class="",
                )
                | Q(
                    recipient_kind=RecipientKind.CLASS,
                    recipient_organization__isnull=True,
                    recipient_person__isnull=True,
                )
                & ~Q(recipient_class="")
            ),
            name=name,
        )


def recipient_values(recipient: Recipient) -> dict:
    """The recipient columns for ``recipient`` (ids, not rows: the caller checked they exist)."""
    values = {
        "recipient_kind": recipient.kind,
        "recipient_organization_id": None,
        "recipient_person_id": None,
        "recipient_class": "",
    }
    if recipient.kind == RecipientKind.ORGANIZATION:
        values["recipient_organization_id"] = uuid.UUID(recipient.target)
    elif recipient.kind == RecipientKind.PERSON:
        values["recipient_person_id"] = uuid.UUID(recipient.target)
    else:
        values["recipient_class"] = recipient.target
    return values


class Release(RecipientFields):
    """A release of information: to one recipient, of listed categories, for listed purposes,
    from a start day to an expiry day (both inclusive), given in a stated way and signed."""

    encryption_owner = "case"

    id = uuid_pk()
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="releases")
    categories = models.JSONField(_("information covered"), default=list)
    purposes = models.JSONField(_("purposes"), default=list)
    purpose_other = EncryptedTextField(_("other purpose"), blank=True)
    method = models.CharField(_("how it was given"), max_length=12, choices=ConsentMethod.choices)
    signer = models.CharField(_("signed by"), max_length=10, choices=Signer.choices)
    guardian = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("parent or guardian who signed"),
    )
    # A minor who may lawfully consent alone, where the organization's setting allows it.
    minor_consents_alone = models.BooleanField(_("minor consents alone"), default=False)
    signed_on = models.DateField(_("date signed"), default=timezone.localdate)
    starts_on = models.DateField(_("starts"), default=timezone.localdate)
    expires_on = models.DateField(_("expires"))
    # A verbal release must be confirmed in writing by this day (``CONSENT_VERBAL_CONFIRM_DAYS``).
    confirm_by = models.DateField(_("confirm in writing by"), null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    # The signed document: sealed under the case's key (protection.files); its original name
    # is encrypted, its storage name random.
    document_name = models.CharField(max_length=200, blank=True)
    document_filename = EncryptedTextField(_("document"), blank=True)
    document_content_type = models.CharField(max_length=60, blank=True)
    document_size = models.PositiveIntegerField(null=True, blank=True)
    # Set by the expiry task (a timeline entry), and when a verbal release went unconfirmed.
    expired_at = models.DateTimeField(null=True, blank=True)
    confirmation_overdue_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["case", "expires_on"])]
        constraints = [
            RecipientFields.recipient_constraint("release_names_one_recipient"),
            models.CheckConstraint(
                condition=Q(expires_on__gte=models.F("starts_on")),
                name="release_expires_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"release {self.pk}"

    @property
    def document_bound_to(self) -> str:
        return f"consent_release_document:{self.pk}"

    def revocation_or_none(self):
        try:
            return self.revocation
        except Revocation.DoesNotExist:
            return None

    @property
    def written_only(self) -> bool:
        """Whether only a written release permits sharing in the case's program (VAWA/FVPSA):
        read from the program each time, so an administrator's change applies at once. A
        queryset may bring it along as ``program_written_only`` (a join, no query more)."""
        annotated = self.__dict__.get("program_written_only")
        if annotated is not None:
            return annotated
        return self.case.program.governed_by_vawa_fvpsa

    @property
    def unconfirmed_verbal(self) -> bool:
        return self.method == ConsentMethod.VERBAL and self.confirmed_at is None

    def status_on(self, day: datetime.date | None = None) -> str:
        day = day or timezone.localdate()
        revocation = self.revocation_or_none()
        return release_status(
            day=day,
            starts_on=self.starts_on,
            expires_on=self.expires_on,
            method=self.method,
            confirm_by=self.confirm_by,
            confirmed_on=timezone.localdate(self.confirmed_at) if self.confirmed_at else None,
            revoked_on=timezone.localdate(revocation.revoked_at) if revocation else None,
            written_only=self.written_only,
        )

    @property
    def status(self) -> str:
        return self.status_on()


def release_status(
    *,
    day: datetime.date,
    starts_on: datetime.date,
    expires_on: datetime.date,
    method: str,
    confirm_by: datetime.date | None,
    confirmed_on: datetime.date | None,
    revoked_on: datetime.date | None,
    written_only: bool = False,
) -> str:
    """A release's status on ``day``. Revocation wins over everything, then expiry; a verbal
    release is in force (pending confirmation) until its confirm-by day and lapses after it
    unless confirmed in writing by then. Where only written releases count (``written_only``:
    a program governed by VAWA or FVPSA) a verbal release awaits its written confirmation and
    permits nothing meanwhile; it lapses after its confirm-by day all the same."""
    if revoked_on is not None and revoked_on <= day:
        return ReleaseStatus.REVOKED
    if day > expires_on:
        return ReleaseStatus.EXPIRED
    if day < starts_on:
        return ReleaseStatus.NOT_STARTED
    if method == ConsentMethod.VERBAL and (confirmed_on is None or confirmed_on > day):
        if confirm_by is not None and day > confirm_by:
            return ReleaseStatus.CONFIRMATION_OVERDUE
        if written_only:
            return ReleaseStatus.AWAITING_WRITING
        return ReleaseStatus.PENDING_CONFIRMATION
    return ReleaseStatus.ACTIVE


class Revocation(models.Model):
    """The survivor took a release back: how they said so, and when. Takes effect at once."""

    encryption_owner = "case"

    id = uuid_pk()
    release = models.OneToOneField(Release, on_delete=models.CASCADE, related_name="revocation")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    method = models.CharField(
        _("how it was communicated"), max_length=12, choices=RevocationMethod.choices
    )
    communicated_at = models.DateTimeField(_("when it was communicated"))
    revoked_at = models.DateTimeField(default=timezone.now)
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"revocation of {self.release_id}"


class Restriction(RecipientFields):
    """ "Never share with X": overrides every release, for the listed categories or for all."""

    encryption_owner = "case"

    id = uuid_pk()
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="restrictions")
    # Empty: every category.
    categories = models.JSONField(_("information restricted"), default=list, blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [RecipientFields.recipient_constraint("restriction_names_one_recipient")]

    def __str__(self) -> str:
        return f"restriction {self.pk}"


class Disclosure(RecipientFields):
    """Data that went out: when, to whom, which categories, under which release(s)."""

    encryption_owner = "case"

    id = uuid_pk()
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="disclosures")
    disclosed_at = models.DateTimeField(default=timezone.now)
    categories = models.JSONField(default=list)
    purpose = models.CharField(max_length=24)
    releases = models.ManyToManyField(Release, related_name="disclosures")
    # Which way out (an egress route's name: a referral, a print, an export).
    channel = models.CharField(max_length=80)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-disclosed_at"]
        constraints = [RecipientFields.recipient_constraint("disclosure_names_one_recipient")]

    def __str__(self) -> str:
        return f"disclosure {self.pk}"


class StopUsingNotice(RecipientFields):
    """After a revocation, one per recipient that already received data under the release:
    listed for the advocate to send (the partner portal will deliver them)."""

    encryption_owner = "case"

    id = uuid_pk()
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="stop_notices")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            RecipientFields.recipient_constraint("notice_names_one_recipient"),
        ]

    def __str__(self) -> str:
        return f"stop-using notice {self.pk}"
