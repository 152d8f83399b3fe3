"""The vocabularies of consent: fixed lists, never "everything"."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Relationship(models.TextChoices):
    PARENT_OR_GUARDIAN = "parent_or_guardian", _("Parent or guardian")
    FAMILY = "family", _("Family")
    SUPPORT_PERSON = "support_person", _("Support person")
    TRAFFICKER = "trafficker", _("Trafficker")
    UNSAFE_PERSON = "unsafe_person", _("Other unsafe person")


# People to keep away: never a signer, never a recipient.
KEEP_AWAY_RELATIONSHIPS = frozenset({Relationship.TRAFFICKER, Relationship.UNSAFE_PERSON})


class RecipientKind(models.TextChoices):
    ORGANIZATION = "organization", _("A partner organization")
    PERSON = "person", _("A named person")
    CLASS = "class", _("A named class of recipient")


class RecipientClass(models.TextChoices):
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    LEGAL_SERVICES = "legal_services", _("Legal services")
    MEDICAL_PROVIDER = "medical_provider", _("Medical provider")


class DataCategory(models.TextChoices):
    IDENTITY = "identity", _("Identity (names, date of birth)")
    CONTACT = "contact", _("Contact details")
    DEMOGRAPHICS = "demographics", _("Demographics")
    TRAFFICKING_EXPERIENCE = "trafficking_experience", _("Trafficking experience")
    CASE_NOTES = "case_notes", _("Case notes")
    CLINICAL_SUMMARY = "clinical_summary", _("Clinical summary")
    LEGAL_IMMIGRATION = "legal_immigration", _("Legal and immigration")
    MEDICAL = "medical", _("Medical")


# Kept apart from the record (HIPAA §164.501): no release or category reaches them.
PSYCHOTHERAPY_NOTES = "psychotherapy_notes"


class Purpose(models.TextChoices):
    REFERRAL = "referral", _("Referral")
    SERVICE_COORDINATION = "service_coordination", _("Service coordination")
    LEGAL_ADVOCACY = "legal_advocacy", _("Legal advocacy")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    OTHER = "other", _("Other (described)")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("Written, signed on paper")
    VERBAL = "verbal", _("Verbal (to be confirmed in writing)")
    ELECTRONIC = "electronic", _("Electronic signature")


class Signer(models.TextChoices):
    SURVIVOR = "survivor", _("The survivor")
    GUARDIAN = "guardian", _("Parent or guardian")
    BOTH = "both", _("The survivor and a parent or guardian")


class MinorSigner(models.TextChoices):
    """Who signs for a minor, as the organization's ``CONSENT_MINOR_SIGNER`` requires."""

    GUARDIAN = "guardian", _("A parent or guardian")
    MINOR = "minor", _("The minor")
    BOTH = "both", _("The minor and a parent or guardian")


class ReleaseStatus(models.TextChoices):
    """Derived, never stored: see ``Release.status_on``."""

    NOT_STARTED = "not_started", _("Not started yet")
    PENDING_CONFIRMATION = "pending_confirmation", _("Verbal, awaiting written confirmation")
    # In a program governed by VAWA or FVPSA (``Program.governed_by_vawa_fvpsa``).
    AWAITING_WRITING = (
        "awaiting_writing",
        _("Verbal: permits nothing until confirmed in writing"),
    )
    ACTIVE = "active", _("Active")
    CONFIRMATION_OVERDUE = "confirmation_overdue", _("Verbal, not confirmed in time")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


# The statuses under which a release permits anything.
IN_FORCE = frozenset({ReleaseStatus.ACTIVE, ReleaseStatus.PENDING_CONFIRMATION})
# Not in force, but not over either: the grid still shows them.
UPCOMING = frozenset({ReleaseStatus.NOT_STARTED, ReleaseStatus.AWAITING_WRITING})


class RevocationMethod(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")
    WRITTEN = "written", _("In writing")
    ELECTRONIC = "electronic", _("Electronically")
    OTHER = "other", _("Another way")


class ConsentReminderKind(models.TextChoices):
    RELEASE_EXPIRING = "consent_release_expiring", _("A release of information expires soon")
    VERBAL_UNCONFIRMED = (
        "consent_verbal_unconfirmed",
        _("A verbal release was not confirmed in writing"),
    )
