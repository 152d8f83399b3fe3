"""Opening a case, its identity and categories, closing, reopening and its status."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import (
    CASE_WORKER_ROLES,
    LEAD_ADVOCATE_ROLES,
)
from alongside.concurrency import version_check
from audit.models import AuditAction
from audit.services import audit_record
from cases.choices import (
    AgeBand,
    CaseStatus,
    CloseReason,
    Language,
    TeamRole,
)
from cases.models import Case, CaseNumberSequence, MandatedReport, SafeContact, TeamMembership
from cases.services.validation import age_band_for, age_on, not_in_future, text_checked
from organization.models import Program
from reminders.models import Reminder

IDENTITY_FIELDS = (
    "legal_name",
    "preferred_name",
    "other_names",
    "date_of_birth",
    "phone",
    "email",
    "address",
)
# The identity questions a survivor may decline; the preferred name is what we call them by.
DECLINABLE_FIELDS = tuple(name for name in IDENTITY_FIELDS if name != "preferred_name")
CATEGORY_FIELDS = (
    "gender_identity",
    "primary_language",
    "primary_language_other",
    "interpreter_needed",
    "citizenship_category",
    "trafficking_type",
)


LANGUAGE_OTHER_MAX = 80


def _check_language(case: Case) -> None:
    """The written language goes with "another language" only: choosing a listed language (or
    "prefer not to say") keeps no text the survivor might have given before."""
    if case.primary_language != Language.OTHER:
        case.primary_language_other = ""
        return
    other = text_checked(case.primary_language_other or "", "primary_language_other")
    if not other:
        raise ValidationError(
            {"primary_language_other": _("Write the language, or choose one from the list.")}
        )
    if len(other) > LANGUAGE_OTHER_MAX:
        raise ValidationError(
            {
                "primary_language_other": _("Keep it under %(max)d characters.")
                % {"max": LANGUAGE_OTHER_MAX}
            }
        )
    case.primary_language_other = other


def _next_case_number(year: int) -> str:
    CaseNumberSequence.objects.get_or_create(year=year)
    sequence = CaseNumberSequence.objects.select_for_update().get(year=year)
    sequence.last = F("last") + 1
    sequence.save(update_fields=["last"])
    sequence.refresh_from_db(fields=["last"])
    return f"AL-{year}-{sequence.last:05d}"


@dataclass(frozen=True)
class Identity:
    preferred_name: str
    legal_name: str = ""
    other_names: str = ""
    date_of_birth: datetime.date | None = None
    phone: str = ""
    email: str = ""
    address: str = ""
    declined_fields: tuple[str, ...] = ()


def _apply_identity(case: Case, identity: Identity) -> list[str]:
    """Set the identity on ``case``; the names of the fields that changed.

    Declining to answer wins over anything typed, whoever sends it (a page, the API, a
    script): a field the survivor declined keeps no value, so nothing they chose not to give
    is stored because a form or a client sent it anyway.
    """
    changed = []
    declined_now = set(identity.declined_fields) & set(DECLINABLE_FIELDS)
    for name in IDENTITY_FIELDS:
        value = getattr(identity, name)
        if name in declined_now:
            value = None if name == "date_of_birth" else ""
        if isinstance(value, str):
            value = text_checked(value, name, required=name == "preferred_name")
        if getattr(case, name) != value:
            setattr(case, name, value)
            changed.append(name)
    declined = sorted(set(identity.declined_fields) & set(IDENTITY_FIELDS))
    if declined != sorted(case.declined_fields or []):
        case.declined_fields = declined
        changed.append("declined_fields")
    return changed


def _check_birth(case: Case) -> None:
    if case.date_of_birth is None:
        return
    if case.date_of_birth > case.intake_date:
        raise ValidationError({"date_of_birth": _("The date of birth is after the intake date.")})
    if age_on(case.date_of_birth, case.intake_date) > 120:
        raise ValidationError({"date_of_birth": _("Check the year: that is over 120 years ago.")})


@transaction.atomic
def case_open(
    *,
    actor: User,
    program: Program,
    identity: Identity,
    intake_date: datetime.date | None = None,
    categories: dict | None = None,
    age_band: str = "",
) -> Case:
    """Open a case. The actor joins the team (an advocate as lead advocate)."""
    if actor.role not in CASE_WORKER_ROLES:
        raise ValidationError(_("Only advocates, clinicians and supervisors open cases."))
    intake_date = intake_date or timezone.localdate()
    not_in_future(intake_date, "intake_date")
    case = Case(program=program, intake_date=intake_date, created_by=actor)
    _apply_identity(case, identity)
    _check_birth(case)
    for name, value in (categories or {}).items():
        if name not in CATEGORY_FIELDS:
            raise ValidationError({name: _("Unknown field.")})
        setattr(case, name, value)
    _check_language(case)
    if case.date_of_birth is not None:
        age = age_on(case.date_of_birth, intake_date)
        case.age_band = age_band_for(age)
        case.minor_at_intake = age < 18
    else:
        case.age_band = age_band or AgeBand.UNKNOWN
        case.minor_at_intake = case.age_band in {AgeBand.UNDER_12, AgeBand.AGE_12_17}
    case.full_clean(exclude=["number", "created_by", "program", *IDENTITY_FIELDS])
    case.number = _next_case_number(intake_date.year)
    case.save()
    SafeContact.objects.create(case=case)
    if case.minor_at_intake:
        MandatedReport.objects.create(case=case)
    team_role = TeamRole.LEAD_ADVOCATE if actor.role in LEAD_ADVOCATE_ROLES else actor.role
    TeamMembership.objects.create(case=case, user=actor, team_role=team_role, added_by=actor)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=case,
        fields=[*IDENTITY_FIELDS, *CATEGORY_FIELDS, "age_band"],
    )
    return case


@transaction.atomic
def case_update_identity(
    *,
    actor: User,
    case: Case,
    version: int,
    identity: Identity,
    categories: dict | None = None,
) -> Case:
    """Change identity and categories, refusing to overwrite someone else's newer save."""
    current = Case.objects.select_for_update().get(pk=case.pk)
    version_check(current, version)
    changed = _apply_identity(current, identity)
    _check_birth(current)
    for name, value in (categories or {}).items():
        if name not in CATEGORY_FIELDS:
            raise ValidationError({name: _("Unknown field.")})
        if getattr(current, name) != value:
            setattr(current, name, value)
            changed.append(name)
    before_other = current.primary_language_other
    _check_language(current)
    if current.primary_language_other != before_other and "primary_language_other" not in changed:
        changed.append("primary_language_other")
    current.full_clean(exclude=["created_by", "program", *IDENTITY_FIELDS])
    current.version += 1
    current.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, target=current, fields=changed)
    return current


@transaction.atomic
def case_close(*, actor: User, case: Case, reason: str) -> Case:
    if not reason:
        raise ValidationError({"reason": _("Say why the case is closing.")})
    if reason not in CloseReason.values:
        raise ValidationError({"reason": _("Choose one of the listed reasons.")})
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("This case is already closed."))
    case.status = CaseStatus.CLOSED
    case.close_reason = reason
    case.closed_at = timezone.now()
    case.version += 1
    case.save(update_fields=["status", "close_reason", "closed_at", "version"])
    Reminder.objects.filter(case=case, done_at__isnull=True).update(done_at=timezone.now())
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=case,
        fields=["status", "close_reason"],
        reason=f"closed: {reason}",
    )
    return case


@transaction.atomic
def case_reopen(*, actor: User, case: Case) -> Case:
    """Reopen a closed case. Nothing is lost: its whole history stays."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != CaseStatus.CLOSED:
        raise ValidationError(_("Only a closed case can be reopened."))
    case.status = CaseStatus.ACTIVE
    case.close_reason = ""
    case.closed_at = None
    case.version += 1
    case.save(update_fields=["status", "close_reason", "closed_at", "version"])
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=case, fields=["status"], reason="reopened"
    )
    return case


@transaction.atomic
def case_set_status(*, actor: User, case: Case, status: str) -> Case:
    """Mark a case active or inactive (closing has its own service, with a reason)."""
    if status not in {CaseStatus.ACTIVE, CaseStatus.INACTIVE}:
        raise ValidationError(
            {"status": _("Choose active or inactive; closing asks for a reason.")}
        )
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"status": _("Reopen the case first.")})
    case.status = status
    case.version += 1
    case.save(update_fields=["status", "version"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=case, fields=["status"])
    return case
