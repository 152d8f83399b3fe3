"""The only writers of consent. Keyword-only, ``actor=``, atomic, each writing its audit event
(``consent_change``) in its own transaction; timeline entries come from the rows themselves
(``consent.timeline``). The caller reached the case through ``consent.access``.

Every rule that spans objects is checked here, before anything is written: a bad request
raises ``ValidationError`` naming the field and leaves the database as it was.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.concurrency import version_check
from alongside.limits import MAX_TEXT
from audit.models import AuditAction
from audit.services import audit_record
from consent.choices import (
    PSYCHOTHERAPY_NOTES,
    ConsentMethod,
    DataCategory,
    MinorSigner,
    Purpose,
    RecipientClass,
    RecipientKind,
    Relationship,
    RevocationMethod,
    Signer,
)
from consent.models import (
    Disclosure,
    Person,
    Release,
    Restriction,
    Revocation,
    StopUsingNotice,
    recipient_values,
)
from consent.packet import category_offered
from consent.recipients import Recipient
from consent.revocation import revocation_hooks_schedule
from directory.models import Organization
from protection.files import encrypted_file_delete, encrypted_file_save

MAX_NAME = 300
# What a signed document may be, recognised by its first bytes (never by its name or by what
# the browser claims).
DOCUMENT_SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


def _text(value, field: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > limit:
        raise ValidationError(
            {field: _("Keep this under %(limit)d characters.") % {"limit": limit}}
        )
    return value


def _audit(actor, target, fields: Iterable[str], action=AuditAction.CONSENT_CHANGE) -> None:
    audit_record(actor=actor, action=action, target=target, fields=fields)


# People ---------------------------------------------------------------------------------------

PERSON_FIELDS = ("relationship", "unsafe", "name", "contact", "note")


def _relationship_checked(value: str) -> str:
    if value not in Relationship.values:
        raise ValidationError({"relationship": _("Choose a relationship from the list.")})
    return value


@transaction.atomic
def person_add(
    *,
    actor,
    case,
    relationship: str,
    name: str,
    contact: str = "",
    note: str = "",
    unsafe: bool = False,
) -> Person:
    person = Person(
        case=case,
        relationship=_relationship_checked(relationship),
        unsafe=bool(unsafe),
        name=_text(name, "name", required=True, limit=MAX_NAME),
        contact=_text(contact, "contact"),
        note=_text(note, "note"),
        recorded_by=actor,
    )
    person.save()
    _audit(actor, person, ["relationship", "unsafe", "name", "contact", "note"])
    return person


@transaction.atomic
def person_update(*, actor, person: Person, version: int, **values) -> Person:
    unknown = set(values) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown field: %(names)s.") % {"names": ", ".join(unknown)})
    person = Person.objects.select_for_update().get(pk=person.pk)
    version_check(person, version)
    checks = {
        "relationship": _relationship_checked,
        "unsafe": bool,
        "name": lambda value: _text(value, "name", required=True, limit=MAX_NAME),
        "contact": lambda value: _text(value, "contact"),
        "note": lambda value: _text(value, "note"),
    }
    changed = []
    for name, value in values.items():
        value = checks[name](value)
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(name)
    if changed:
        person.version += 1
        person.save()
        _audit(actor, person, changed)
    return person


# Recipients -----------------------------------------------------------------------------------

KEEP_AWAY_RECIPIENT = gettext_lazy(
    "A person recorded as the trafficker or as unsafe can never receive the survivor's information."
)


def recipient_from(
    *, kind: str, organization=None, person=None, recipient_class: str = ""
) -> Recipient:
    """A ``Recipient`` from what a form or the API sent (ids or rows), checked for shape only:
    whether it exists is checked against the case by ``recipient_checked``."""
    try:
        if kind == RecipientKind.ORGANIZATION:
            return Recipient.organization(getattr(organization, "pk", organization))
        if kind == RecipientKind.PERSON:
            return Recipient.person(getattr(person, "pk", person))
        if kind == RecipientKind.CLASS:
            return Recipient.of_class(recipient_class)
    except (ValueError, TypeError, AttributeError):
        field = {
            RecipientKind.ORGANIZATION: "recipient_organization",
            RecipientKind.PERSON: "recipient_person",
        }.get(kind, "recipient_class")
        raise ValidationError({field: _("Choose a recipient from the list.")}) from None
    raise ValidationError({"recipient_kind": _("Choose who receives the information.")})


def recipient_checked(case, recipient: Recipient, *, keep_away_allowed: bool = False) -> None:
    """The recipient exists: a directory organization, a person recorded on this case (never
    one to keep away, unless ``keep_away_allowed`` — a restriction may name them), a class."""
    if recipient.kind == RecipientKind.ORGANIZATION:
        if not Organization.objects.filter(pk=recipient.target).exists():
            raise ValidationError(
                {"recipient_organization": _("Choose a partner organization from the directory.")}
            )
    elif recipient.kind == RecipientKind.PERSON:
        person = Person.objects.filter(case=case, pk=recipient.target).first()
        if person is None:
            raise ValidationError({"recipient_person": _("Choose a person recorded on this case.")})
        if person.keep_away and not keep_away_allowed:
            raise ValidationError({"recipient_person": KEEP_AWAY_RECIPIENT})
    elif recipient.target not in RecipientClass.values:
        raise ValidationError({"recipient_class": _("Choose a class of recipient from the list.")})


def _categories_checked(categories, *, required: bool = True) -> list[str]:
    if isinstance(categories, str) or not isinstance(categories, Iterable):
        raise ValidationError({"categories": _("Choose the categories of information.")})
    chosen = list(dict.fromkeys(categories))
    if PSYCHOTHERAPY_NOTES in chosen:
        raise ValidationError(
            {
                "categories": _(
                    "Psychotherapy notes are kept apart and are never released through a "
                    "release of information."
                )
            }
        )
    unknown = [value for value in chosen if value not in DataCategory.values]
    if unknown:
        raise ValidationError(
            {
                "categories": _(
                    "“%(value)s” is not a category of information a release can cover; "
                    "choose from the list (a release never covers everything)."
                )
                % {"value": unknown[0]}
            }
        )
    not_kept = [value for value in chosen if not category_offered(value)]
    if not_kept:
        raise ValidationError({"categories": category_not_kept_message(not_kept[0])})
    if required and not chosen:
        raise ValidationError(
            {
                "categories": _(
                    "Choose the categories of information this release covers; "
                    "it never covers everything."
                )
            }
        )
    return [value for value in DataCategory.values if value in chosen]


def category_not_kept_message(category: str) -> str:
    return _(
        "Nothing of the kind “%(label)s” is recorded here yet, so nothing could go under it: "
        "choose another category."
    ) % {"label": DataCategory(category).label}


def _purposes_checked(purposes, purpose_other: str, recipient: Recipient) -> tuple[list, str]:
    if isinstance(purposes, str) or not isinstance(purposes, Iterable):
        raise ValidationError({"purposes": _("Choose at least one purpose.")})
    chosen = list(dict.fromkeys(purposes))
    unknown = [value for value in chosen if value not in Purpose.values]
    if unknown:
        raise ValidationError(
            {"purposes": _("“%(value)s” is not a purpose from the list.") % {"value": unknown[0]}}
        )
    if not chosen:
        raise ValidationError({"purposes": _("Choose at least one purpose.")})
    other = _text(purpose_other, "purpose_other")
    if Purpose.OTHER in chosen and not other:
        raise ValidationError({"purpose_other": _("Describe the other purpose.")})
    if Purpose.OTHER not in chosen:
        other = ""
    if recipient.is_law_enforcement and chosen != [Purpose.LAW_ENFORCEMENT]:
        raise ValidationError(
            {
                "purposes": _(
                    "A release to law enforcement is for law enforcement alone: record any "
                    "other purpose in a release of its own."
                )
            }
        )
    if Purpose.LAW_ENFORCEMENT in chosen and not recipient.is_law_enforcement:
        raise ValidationError(
            {
                "purposes": _(
                    "Law enforcement needs a release of its own, naming law enforcement as "
                    "the recipient."
                )
            }
        )
    return [value for value in Purpose.values if value in chosen], other


KEEP_AWAY_SIGNER = gettext_lazy(
    "A person recorded as the trafficker or as unsafe can never sign for the survivor."
)


def _signers_checked(case, *, signer: str, guardian, minor_consents_alone: bool) -> Person | None:
    if signer not in Signer.values:
        raise ValidationError({"signer": _("Choose who signed.")})
    person = None
    if guardian is not None:
        guardian_id = getattr(guardian, "pk", guardian)
        try:
            person = Person.objects.filter(case=case, pk=guardian_id).first()
        except (ValueError, ValidationError):
            person = None
        if person is None:
            raise ValidationError({"guardian": _("Choose a person recorded on this case.")})
        if person.keep_away:
            raise ValidationError({"guardian": KEEP_AWAY_SIGNER})
        if not person.is_guardian:
            raise ValidationError(
                {"guardian": _("Choose a person recorded as the survivor's parent or guardian.")}
            )
    if signer in (Signer.GUARDIAN, Signer.BOTH) and person is None:
        raise ValidationError({"guardian": _("Name the parent or guardian who signed.")})
    if signer == Signer.SURVIVOR and person is not None:
        raise ValidationError(
            {"guardian": _("Name a parent or guardian only when one signed the release.")}
        )
    if not case.minor_at_intake:
        if minor_consents_alone:
            raise ValidationError(
                {"minor_consents_alone": _("This case is not marked as a minor's.")}
            )
        return person
    if minor_consents_alone:
        if not settings.CONSENT_MINOR_MAY_CONSENT_ALONE:
            raise ValidationError(
                {
                    "minor_consents_alone": _(
                        "This organization does not accept a minor's consent alone."
                    )
                }
            )
        if signer != Signer.SURVIVOR:
            raise ValidationError(
                {"signer": _("A minor who consents alone signs the release themselves.")}
            )
        return person
    required = settings.CONSENT_MINOR_SIGNER
    accepted = {
        MinorSigner.GUARDIAN: {Signer.GUARDIAN, Signer.BOTH},
        MinorSigner.MINOR: {Signer.SURVIVOR, Signer.BOTH},
        MinorSigner.BOTH: {Signer.BOTH},
    }[required]
    if signer not in accepted:
        raise ValidationError(
            {
                "signer": _("For a minor, this organization requires the signature of %(who)s.")
                % {"who": MinorSigner(required).label.lower()}
            }
        )
    return person


def _dates_checked(
    *, signed_on, starts_on, expires_on
) -> tuple[datetime.date, datetime.date, datetime.date]:
    today = timezone.localdate()
    signed_on = signed_on or today
    if signed_on > today:
        raise ValidationError({"signed_on": _("The date signed cannot be in the future.")})
    starts_on = starts_on or max(signed_on, today)
    if starts_on < signed_on:
        raise ValidationError({"starts_on": _("A release cannot start before it was signed.")})
    if expires_on is None:
        expires_on = starts_on + datetime.timedelta(days=settings.CONSENT_DEFAULT_DAYS)
    if expires_on < starts_on:
        raise ValidationError({"expires_on": _("The release must expire after it starts.")})
    latest = starts_on + datetime.timedelta(days=settings.CONSENT_MAX_DAYS)
    if expires_on > latest:
        raise ValidationError(
            {
                "expires_on": _(
                    "A release lasts at most %(days)d days: choose an expiry on or before %(date)s."
                )
                % {"days": settings.CONSENT_MAX_DAYS, "date": date_format(latest)}
            }
        )
    return signed_on, starts_on, expires_on


def document_checked(document) -> tuple[str, int]:
    """A signed document's type (from its first bytes) and size, or a ValidationError."""
    size = getattr(document, "size", None)
    if size is None:
        raise ValidationError({"document": _("The document could not be read.")})
    if size > settings.CONSENT_DOCUMENT_MAX_BYTES:
        raise ValidationError(
            {
                "document": _("The document is too large: the limit is %(limit)d MB.")
                % {"limit": max(1, settings.CONSENT_DOCUMENT_MAX_BYTES // (1024 * 1024))}
            }
        )
    if size == 0:
        raise ValidationError({"document": _("The document is empty.")})
    document.seek(0)
    head = document.read(16)
    document.seek(0)
    for signature, content_type in DOCUMENT_SIGNATURES.items():
        if head.startswith(signature):
            return content_type, size
    raise ValidationError(
        {"document": _("Attach the signed release as a PDF or an image (PNG or JPEG).")}
    )


def _document_store(release: Release, document, content_type: str, size: int) -> str:
    name = encrypted_file_save(
        owner=release.case, bound_to=release.document_bound_to, content=document
    )
    release.document_name = name
    release.document_filename = _text(
        getattr(document, "name", "") or "signed-release", "document", limit=MAX_NAME
    )
    release.document_content_type = content_type
    release.document_size = size
    return name


# Releases -------------------------------------------------------------------------------------


@transaction.atomic
def release_grant(
    *,
    actor,
    case,
    recipient: Recipient,
    categories: Iterable[str],
    purposes: Iterable[str],
    method: str,
    signer: str,
    purpose_other: str = "",
    guardian=None,
    minor_consents_alone: bool = False,
    signed_on: datetime.date | None = None,
    starts_on: datetime.date | None = None,
    expires_on: datetime.date | None = None,
    notes: str = "",
    document=None,
) -> Release:
    """Record a release the survivor (and, for a minor, whoever must) gave.

    Nothing is written unless every rule holds: a recipient that exists and is not someone to
    keep away; categories and purposes from the lists (never "everything"); law enforcement in
    a release of its own; the signer(s) a minor's release needs; an expiry after the start and
    within ``CONSENT_MAX_DAYS``; a document that is a PDF or an image within the size limit.
    """
    recipient_checked(case, recipient)
    chosen = _categories_checked(categories)
    purposes, purpose_other = _purposes_checked(purposes, purpose_other, recipient)
    if method not in ConsentMethod.values:
        raise ValidationError({"method": _("Choose how the consent was given.")})
    guardian_person = _signers_checked(
        case, signer=signer, guardian=guardian, minor_consents_alone=minor_consents_alone
    )
    signed_on, starts_on, expires_on = _dates_checked(
        signed_on=signed_on, starts_on=starts_on, expires_on=expires_on
    )
    document_type = document_checked(document) if document is not None else None
    release = Release(
        case=case,
        **recipient_values(recipient),
        categories=chosen,
        purposes=purposes,
        purpose_other=purpose_other,
        method=method,
        signer=signer,
        guardian=guardian_person,
        minor_consents_alone=bool(minor_consents_alone),
        signed_on=signed_on,
        starts_on=starts_on,
        expires_on=expires_on,
        notes=_text(notes, "notes"),
        created_by=actor,
    )
    if method == ConsentMethod.VERBAL:
        release.confirm_by = min(
            expires_on,
            signed_on + datetime.timedelta(days=settings.CONSENT_VERBAL_CONFIRM_DAYS),
        )
    stored = None
    try:
        if document_type is not None:
            stored = _document_store(release, document, *document_type)
        release.save()
        _audit(
            actor,
            release,
            [
                "recipient",
                "categories",
                "purposes",
                "method",
                "signer",
                "starts_on",
                "expires_on",
                *(["document"] if stored else []),
            ],
        )
    except BaseException:
        if stored:
            encrypted_file_delete(name=stored)
        raise
    return release


@transaction.atomic
def release_confirm_in_writing(
    *, actor, release: Release, document=None, confirmed_at: datetime.datetime | None = None
) -> Release:
    """A verbal release, now signed: it stays in force past its confirm-by day."""
    release = Release.objects.select_for_update().select_related("case").get(pk=release.pk)
    if release.method != ConsentMethod.VERBAL:
        raise ValidationError(_("Only a verbal release is confirmed in writing."))
    if release.confirmed_at is not None:
        raise ValidationError(_("This release was already confirmed in writing."))
    if release.revocation_or_none() is not None:
        raise ValidationError(_("This release was revoked; record a new one instead."))
    confirmed_at = confirmed_at or timezone.now()
    if confirmed_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"confirmed_at": _("This date and time is in the future.")})
    document_type = document_checked(document) if document is not None else None
    stored = None
    try:
        if document_type is not None:
            if release.document_name:
                encrypted_file_delete(name=release.document_name)
            stored = _document_store(release, document, *document_type)
        release.confirmed_at = confirmed_at
        release.confirmed_by = actor
        release.version += 1
        release.save()
        _audit(actor, release, ["confirmed_at", *(["document"] if stored else [])])
    except BaseException:
        if stored:
            encrypted_file_delete(name=stored)
        raise
    return release


@transaction.atomic
def release_document_attach(*, actor, release: Release, document) -> Release:
    """Attach (or replace) the signed document of a release."""
    content_type, size = document_checked(document)
    release = Release.objects.select_for_update().select_related("case").get(pk=release.pk)
    previous = release.document_name
    stored = _document_store(release, document, content_type, size)
    try:
        release.version += 1
        release.save()
        _audit(actor, release, ["document"])
    except BaseException:
        encrypted_file_delete(name=stored)
        raise
    if previous:
        transaction.on_commit(lambda: encrypted_file_delete(name=previous))
    return release


@transaction.atomic
def release_revoke(
    *,
    actor,
    release: Release,
    method: str,
    communicated_at: datetime.datetime | None = None,
    note: str = "",
) -> Revocation:
    """The survivor takes the release back. It takes effect at once: the policy permits
    nothing more under it; each recipient that already received data under it gets a "stop
    using" notice; apps with something pending under it are told on commit."""
    release = Release.objects.select_for_update().get(pk=release.pk)
    existing = Revocation.objects.filter(release=release).first()
    if existing is not None:
        raise ValidationError(
            _("This release was already revoked on %(date)s.")
            % {"date": date_format(timezone.localtime(existing.revoked_at))}
        )
    if method not in RevocationMethod.values:
        raise ValidationError({"method": _("Choose how the survivor communicated it.")})
    now = timezone.now()
    communicated_at = communicated_at or now
    if communicated_at > now + datetime.timedelta(minutes=5):
        raise ValidationError({"communicated_at": _("This date and time is in the future.")})
    revocation = Revocation.objects.create(
        release=release,
        case_id=release.case_id,
        method=method,
        communicated_at=communicated_at,
        revoked_at=now,
        note=_text(note, "note"),
        recorded_by=actor,
    )
    notices = _stop_using_notices_create(release)
    _audit(actor, release, ["revocation", *(["stop_using_notices"] if notices else [])])
    revocation_hooks_schedule(release.pk)
    return revocation


def _stop_using_notices_create(release: Release) -> list[StopUsingNotice]:
    received = {
        disclosure.recipient: disclosure
        for disclosure in Disclosure.objects.filter(releases=release).order_by("disclosed_at")
    }
    noticed = {notice.recipient for notice in release.stop_notices.all()}
    notices = [
        StopUsingNotice(case_id=release.case_id, release=release, **recipient_values(recipient))
        for recipient in received
        if recipient not in noticed
    ]
    return StopUsingNotice.objects.bulk_create(notices)


@transaction.atomic
def stop_using_notice_mark_sent(*, actor, notice: StopUsingNotice) -> StopUsingNotice:
    notice = StopUsingNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.sent_at is not None:
        raise ValidationError(_("This notice was already marked as sent."))
    notice.sent_at = timezone.now()
    notice.sent_by = actor
    notice.save(update_fields=["sent_at", "sent_by"])
    _audit(actor, notice, ["sent_at"])
    return notice


# Restrictions ---------------------------------------------------------------------------------


@transaction.atomic
def restriction_add(
    *, actor, case, recipient: Recipient, categories: Iterable[str] = (), note: str = ""
) -> Restriction:
    """ "Never share with X" (for the listed categories, or all of them when none are listed).
    It overrides every release, present and future, until removed."""
    recipient_checked(case, recipient, keep_away_allowed=True)
    restriction = Restriction.objects.create(
        case=case,
        **recipient_values(recipient),
        categories=_categories_checked(categories, required=False),
        note=_text(note, "note"),
        created_by=actor,
    )
    _audit(actor, restriction, ["recipient", "categories", "note"])
    return restriction


@transaction.atomic
def restriction_remove(*, actor, restriction: Restriction) -> Restriction:
    restriction = Restriction.objects.select_for_update().get(pk=restriction.pk)
    if restriction.removed_at is not None:
        raise ValidationError(_("This restriction was already removed."))
    restriction.removed_at = timezone.now()
    restriction.removed_by = actor
    restriction.save(update_fields=["removed_at", "removed_by"])
    _audit(actor, restriction, ["removed_at"])
    return restriction


# Expiry ---------------------------------------------------------------------------------------


def releases_expire(*, today: datetime.date | None = None) -> dict[str, int]:
    """The daily round (a Celery beat task): remind each case's lead advocate 7 days before a
    release expires, mark releases expired once their last day has passed (a timeline entry),
    and flag verbal releases not confirmed in writing by their day (a reminder on the case).

    Reminders go to staff, never to the survivor: the advocate decides how to reach them,
    within the safe-contact rules. Returns counts of what it did.
    """
    from cases.choices import TeamRole
    from cases.models import TeamMembership
    from consent.choices import ConsentReminderKind
    from reminders.services import reminder_create

    today = today or timezone.localdate()
    now = timezone.now()
    done = {"reminded": 0, "expired": 0, "unconfirmed": 0}
    live = Release.objects.filter(revocation__isnull=True)
    notice_day = today + datetime.timedelta(days=settings.CONSENT_EXPIRY_NOTICE_DAYS)
    expiring = live.filter(expires_on__gte=today, expires_on__lte=notice_day, expired_at=None)
    unconfirmed = live.filter(
        method=ConsentMethod.VERBAL,
        confirmed_at__isnull=True,
        confirm_by__lt=today,
        confirmation_overdue_at__isnull=True,
        expires_on__gte=today,
    )
    cases = set(expiring.values_list("case_id", flat=True)) | set(
        unconfirmed.values_list("case_id", flat=True)
    )
    leads = {
        membership.case_id: membership.user
        for membership in TeamMembership.objects.filter(
            case_id__in=cases, team_role=TeamRole.LEAD_ADVOCATE, until__isnull=True
        ).select_related("user", "case")
    }
    for release in expiring.select_related("case"):
        lead = leads.get(release.case_id)
        if lead is not None and reminder_create(
            case=release.case,
            assignee=lead,
            kind=ConsentReminderKind.RELEASE_EXPIRING,
            due_on=release.expires_on,
            source=release,
        ):
            done["reminded"] += 1
    for release in unconfirmed.select_related("case"):
        with transaction.atomic():
            updated = Release.objects.filter(
                pk=release.pk, confirmation_overdue_at__isnull=True
            ).update(confirmation_overdue_at=now)
            if not updated:
                continue
            done["unconfirmed"] += 1
            audit_record(
                actor=None,
                action=AuditAction.CONSENT_CHANGE,
                target=release,
                fields=["confirmation_overdue_at"],
            )
            lead = leads.get(release.case_id)
            if lead is not None:
                reminder_create(
                    case=release.case,
                    assignee=lead,
                    kind=ConsentReminderKind.VERBAL_UNCONFIRMED,
                    due_on=today,
                    source=release,
                )
    for release in Release.objects.filter(
        revocation__isnull=True, expires_on__lt=today, expired_at__isnull=True
    ):
        with transaction.atomic():
            if Release.objects.filter(pk=release.pk, expired_at__isnull=True).update(
                expired_at=now
            ):
                done["expired"] += 1
                audit_record(
                    actor=None,
                    action=AuditAction.CONSENT_CHANGE,
                    target=release,
                    fields=["expired_at"],
                )
                from reminders.services import reminders_done_for

                reminders_done_for(source=release)
    return done
