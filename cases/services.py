"""The only writers of case data. Each service is atomic and audits in the same transaction.

Rules that span objects live here (a note on a signed note is refused, one lead advocate, no
contact in the future); forms and serializers check shape only.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import User
from accounts.roles import (
    CASE_TEAM_ROLES,
    CASE_WORKER_ROLES,
    LEAD_ADVOCATE_ROLES,
    Role,
)
from alongside.concurrency import version_check
from audit.models import AuditAction
from audit.services import audit_record
from cases.access import active_membership, may_break_glass, may_sign_note
from cases.choices import (
    AgeBand,
    CaseStatus,
    CloseReason,
    ContactMethod,
    NoteKind,
    OutreachOutcome,
    RecoveryDomain,
    ReminderKind,
    TeamRole,
)
from cases.models import (
    Appointment,
    BreakGlassGrant,
    Case,
    CaseNote,
    CaseNumberSequence,
    Goal,
    GoalStep,
    MandatedReport,
    NoteAddendum,
    OutreachAttempt,
    Program,
    RecoveryCheckIn,
    Reminder,
    SafeContact,
    ServiceRecord,
    StageEvent,
    TeamMembership,
)

IDENTITY_FIELDS = (
    "legal_name",
    "preferred_name",
    "other_names",
    "date_of_birth",
    "phone",
    "email",
    "address",
)
CATEGORY_FIELDS = (
    "gender_identity",
    "primary_language",
    "interpreter_needed",
    "citizenship_category",
    "trafficking_type",
)
SAFE_CONTACT_FIELDS = (
    "calls_ok",
    "voicemail",
    "texts_ok",
    "email_ok",
    "safe_times",
    "codeword",
    "do_not_contact",
    "instructions",
)
MAX_TEXT = 20_000


# Validation shared by the services -------------------------------------------------------


def _not_in_future(value, field: str) -> None:
    now = timezone.now()
    if isinstance(value, datetime.datetime):
        if value > now + datetime.timedelta(minutes=5):
            raise ValidationError({field: _("This date and time is in the future.")})
    elif isinstance(value, datetime.date) and value > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})


def _text(value: str, field: str, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > MAX_TEXT:
        raise ValidationError(
            {field: _("Keep this under %(limit)d characters.") % {"limit": MAX_TEXT}}
        )
    return value


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_band_for(age: int) -> str:
    bands = [
        (12, AgeBand.UNDER_12),
        (18, AgeBand.AGE_12_17),
        (25, AgeBand.AGE_18_24),
        (35, AgeBand.AGE_25_34),
        (45, AgeBand.AGE_35_44),
        (60, AgeBand.AGE_45_59),
    ]
    return next((band for limit, band in bands if age < limit), AgeBand.AGE_60_PLUS)


def _next_case_number(year: int) -> str:
    CaseNumberSequence.objects.get_or_create(year=year)
    sequence = CaseNumberSequence.objects.select_for_update().get(year=year)
    sequence.last = F("last") + 1
    sequence.save(update_fields=["last"])
    sequence.refresh_from_db(fields=["last"])
    return f"AL-{year}-{sequence.last:05d}"


# Opening and changing a case ---------------------------------------------------------------


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
    changed = []
    for name in IDENTITY_FIELDS:
        value = getattr(identity, name)
        if isinstance(value, str):
            value = _text(value, name, required=name == "preferred_name")
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
    _not_in_future(intake_date, "intake_date")
    case = Case(program=program, intake_date=intake_date, created_by=actor)
    _apply_identity(case, identity)
    _check_birth(case)
    for name, value in (categories or {}).items():
        if name not in CATEGORY_FIELDS:
            raise ValidationError({name: _("Unknown field.")})
        setattr(case, name, value)
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


# Safety --------------------------------------------------------------------------------------


@transaction.atomic
def safety_update(*, actor: User, case: Case, flags: list[str], plan: str) -> Case:
    from cases.choices import SafetyFlag

    unknown = set(flags) - set(SafetyFlag.values)
    if unknown:
        raise ValidationError({"flags": _("Unknown safety flag.")})
    case = Case.objects.select_for_update().get(pk=case.pk)
    case.safety_flags = sorted(set(flags))
    case.safety_plan = _text(plan, "plan")
    case.version += 1
    case.save()
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=case, fields=["safety_flags", "safety_plan"]
    )
    return case


@transaction.atomic
def safe_contact_update(*, actor: User, case: Case, **values) -> SafeContact:
    unknown = set(values) - set(SAFE_CONTACT_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown safe-contact field."))
    contact, _created = SafeContact.objects.select_for_update().get_or_create(case=case)
    for name, value in values.items():
        if isinstance(value, str):
            value = _text(value, name)
        setattr(contact, name, value)
    # The yes/no answers are three-way on purpose: None means "not asked yet", which is valid.
    unasked = ["calls_ok", "texts_ok", "email_ok"]
    contact.full_clean(exclude=["case", "safe_times", "codeword", "instructions", *unasked])
    contact.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=case,
        fields=[f"safe_contact.{name}" for name in values],
    )
    return contact


@transaction.atomic
def mandated_report_update(
    *,
    actor: User,
    case: Case,
    report_made_to: str,
    reported_at: datetime.datetime | None,
    reference: str,
    survivor_informed: bool,
) -> MandatedReport:
    report = MandatedReport.objects.select_for_update().get(case=case)
    if reported_at is not None:
        _not_in_future(reported_at, "reported_at")
    report.report_made_to = _text(report_made_to, "report_made_to")
    report.reported_at = reported_at
    report.reported_by = actor if reported_at else None
    report.reference = _text(reference, "reference")
    report.survivor_informed = survivor_informed
    complete = bool(report.report_made_to and report.reported_at and report.survivor_informed)
    report.completed_at = report.completed_at or timezone.now() if complete else None
    report.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, target=case, fields=["mandated_report"])
    return report


# The team and break-glass --------------------------------------------------------------------


ROLES_FOR_TEAM_ROLE = {
    TeamRole.LEAD_ADVOCATE: {Role.ADVOCATE},
    TeamRole.ADVOCATE: {Role.ADVOCATE},
    TeamRole.CLINICIAN: {Role.CLINICIAN},
    TeamRole.SUPERVISOR: {Role.SUPERVISOR},
    TeamRole.LEGAL: {Role.ADVOCATE},
    TeamRole.OTHER: CASE_TEAM_ROLES,
}


@transaction.atomic
def team_member_add(
    *, actor: User, case: Case, user: User, team_role: str, since: datetime.date | None = None
) -> TeamMembership:
    if team_role not in TeamRole.values:
        raise ValidationError({"team_role": _("Choose one of the listed team roles.")})
    if not user.is_active or user.role not in ROLES_FOR_TEAM_ROLE[team_role]:
        raise ValidationError(
            {"user": _("This person's role does not fit that place on the team.")}
        )
    since = since or timezone.localdate()
    if (
        active_membership(user, case_ref=case).exists()
        or TeamMembership.objects.filter(case=case, user=user, until__isnull=True).exists()
    ):
        raise ValidationError({"user": _("This person is already on the team.")})
    if (
        team_role == TeamRole.LEAD_ADVOCATE
        and TeamMembership.objects.filter(
            case=case, team_role=TeamRole.LEAD_ADVOCATE, until__isnull=True
        ).exists()
    ):
        raise ValidationError({"team_role": _("The case already has a lead advocate.")})
    try:
        with transaction.atomic():
            membership = TeamMembership.objects.create(
                case=case, user=user, team_role=team_role, since=since, added_by=actor
            )
    except IntegrityError:
        # A concurrent add won the race; the constraint keeps the team consistent.
        raise ValidationError({"user": _("This person is already on the team.")}) from None
    audit_record(
        actor=actor,
        action=AuditAction.PERMISSION_CHANGE,
        target=case,
        fields=["team"],
        reason=f"added {team_role}",
    )
    return membership


@transaction.atomic
def team_member_end(*, actor: User, membership: TeamMembership) -> TeamMembership:
    membership = TeamMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.until is not None:
        raise ValidationError(_("This membership has already ended."))
    membership.until = timezone.localdate()
    membership.save(update_fields=["until"])
    audit_record(
        actor=actor,
        action=AuditAction.PERMISSION_CHANGE,
        target=membership.case,
        fields=["team"],
        reason=f"ended {membership.team_role}",
    )
    return membership


@transaction.atomic
def break_glass_open(*, actor: User, case: Case, reason: str) -> BreakGlassGrant:
    """Give a supervisor time-limited access to a case they are not on, with a reason."""
    if not may_break_glass(actor):
        raise ValidationError(_("Only supervisors can use break-glass access."))
    reason = _text(reason, "reason", required=True)
    if len(reason) < 10:
        raise ValidationError({"reason": _("Give a reason a reviewer will understand.")})
    minutes = settings.BREAK_GLASS_MINUTES
    grant = BreakGlassGrant.objects.create(
        case=case,
        user=actor,
        reason=reason,
        expires_at=timezone.now() + datetime.timedelta(minutes=minutes),
    )
    assign_perm("cases.view_case", actor, case)
    # The typed reason stays encrypted with the case; the trail records that there was one.
    audit_record(
        actor=actor,
        action=AuditAction.BREAK_GLASS,
        target=case,
        fields=["reason"],
        reason=f"break-glass for {minutes} minutes",
    )
    return grant


@transaction.atomic
def break_glass_review(*, actor: User, grant: BreakGlassGrant) -> BreakGlassGrant:
    if grant.user_id == actor.pk:
        raise ValidationError(_("Someone else must review your own break-glass access."))
    updated = BreakGlassGrant.objects.filter(pk=grant.pk, reviewed_at__isnull=True).update(
        reviewed_by=actor, reviewed_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("This access has already been reviewed."))
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=grant.case, fields=["break_glass_review"]
    )
    grant.refresh_from_db()
    return grant


def break_glass_expire(*, now: datetime.datetime | None = None) -> int:
    """Remove the object permissions of expired grants (access already ended at expiry)."""
    now = now or timezone.now()
    expired = BreakGlassGrant.objects.filter(expires_at__lte=now).select_related("user", "case")
    removed = 0
    for grant in expired.iterator():
        still_open = BreakGlassGrant.objects.filter(
            case=grant.case, user=grant.user, expires_at__gt=now
        ).exists()
        if not still_open:
            removed += bool(remove_perm("cases.view_case", grant.user, grant.case))
    return removed


# Notes ---------------------------------------------------------------------------------------


def _touch_contact(case: Case, at: datetime.datetime) -> None:
    Case.objects.filter(pk=case.pk).filter(last_contact_at__isnull=True).update(last_contact_at=at)
    Case.objects.filter(pk=case.pk, last_contact_at__lt=at).update(last_contact_at=at)
    # Contact answers a quiet-case reminder.
    Reminder.objects.filter(case=case, kind=ReminderKind.QUIET_CASE, done_at__isnull=True).update(
        done_at=timezone.now()
    )


def _note_values(kind, body, contact_at, method, duration_minutes) -> dict:
    if kind not in NoteKind.values:
        raise ValidationError({"kind": _("Choose one of the listed note types.")})
    if method not in ContactMethod.values:
        raise ValidationError({"method": _("Choose one of the listed methods.")})
    _not_in_future(contact_at, "contact_at")
    if duration_minutes is not None and not 0 <= duration_minutes <= 24 * 60:
        raise ValidationError({"duration_minutes": _("Enter minutes between 0 and 1440.")})
    return {
        "kind": kind,
        "body": _text(body, "body", required=True),
        "contact_at": contact_at,
        "method": method,
        "duration_minutes": duration_minutes,
    }


@transaction.atomic
def note_create(
    *,
    actor: User,
    case: Case,
    kind: str,
    body: str,
    contact_at: datetime.datetime,
    method: str,
    duration_minutes: int | None = None,
) -> CaseNote:
    values = _note_values(kind, body, contact_at, method, duration_minutes)
    note = CaseNote.objects.create(case=case, author=actor, **values)
    if method != ContactMethod.NONE:
        _touch_contact(case, contact_at)
    audit_record(actor=actor, action=AuditAction.CREATE, target=note, fields=list(values))
    return note


@transaction.atomic
def note_update(
    *,
    actor: User,
    note: CaseNote,
    version: int,
    kind: str,
    body: str,
    contact_at: datetime.datetime,
    method: str,
    duration_minutes: int | None = None,
) -> CaseNote:
    """Save an edit unless someone saved first (then ``EditConflict`` shows both versions)."""
    current = CaseNote.objects.select_for_update().get(pk=note.pk)
    if current.is_signed:
        raise ValidationError(_("This note is signed: add an addendum instead."))
    version_check(current, version)
    values = _note_values(kind, body, contact_at, method, duration_minutes)
    changed = [name for name, value in values.items() if getattr(current, name) != value]
    for name, value in values.items():
        setattr(current, name, value)
    current.version += 1
    current.updated_at = timezone.now()
    current.save()
    if method != ContactMethod.NONE:
        _touch_contact(current.case, contact_at)
    audit_record(actor=actor, action=AuditAction.UPDATE, target=current, fields=changed)
    return current


@transaction.atomic
def note_sign(*, actor: User, note: CaseNote, version: int) -> CaseNote:
    current = CaseNote.objects.select_for_update().get(pk=note.pk)
    if current.is_signed:
        raise ValidationError(_("This note is already signed."))
    version_check(current, version)
    if not may_sign_note(actor, note):
        # A right, not a shape: 403 on the page and the API alike.
        raise PermissionDenied(_("Only the author can sign a note."))
    current.signed_at = timezone.now()
    current.signed_by = actor
    current.version += 1
    current.save(update_fields=["signed_at", "signed_by", "version"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=current, fields=["signed_at"])
    return current


@transaction.atomic
def note_add_addendum(*, actor: User, note: CaseNote, body: str) -> NoteAddendum:
    if not note.is_signed:
        raise ValidationError(_("Edit the note itself: it is not signed yet."))
    addendum = NoteAddendum.objects.create(
        note=note, author=actor, body=_text(body, "body", required=True)
    )
    audit_record(actor=actor, action=AuditAction.CREATE, target=addendum, fields=["body"])
    return addendum


# Engagement ----------------------------------------------------------------------------------


@transaction.atomic
def outreach_record(
    *,
    actor: User,
    case: Case,
    attempted_at: datetime.datetime,
    method: str,
    outcome: str,
    note: str = "",
) -> OutreachAttempt:
    if method not in ContactMethod.values or method == ContactMethod.NONE:
        raise ValidationError({"method": _("Choose how you reached out.")})
    if outcome not in OutreachOutcome.values:
        raise ValidationError({"outcome": _("Choose one of the listed outcomes.")})
    _not_in_future(attempted_at, "attempted_at")
    attempt = OutreachAttempt.objects.create(
        case=case,
        attempted_at=attempted_at,
        method=method,
        outcome=outcome,
        note=_text(note, "note"),
        recorded_by=actor,
    )
    if outcome == OutreachOutcome.REACHED:
        _touch_contact(case, attempted_at)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=attempt,
        fields=["attempted_at", "method", "outcome", "note"],
    )
    return attempt


@transaction.atomic
def appointment_record(
    *,
    actor: User,
    case: Case,
    scheduled_for: datetime.datetime,
    outcome: str,
    purpose: str = "",
) -> Appointment:
    """Record an appointment's outcome. A missed one changes nothing else about the case."""
    from cases.choices import AppointmentOutcome

    if outcome not in AppointmentOutcome.values:
        raise ValidationError({"outcome": _("Choose one of the listed outcomes.")})
    if outcome in {AppointmentOutcome.ATTENDED, AppointmentOutcome.MISSED}:
        # Whether it was attended or missed is only known once it has happened.
        _not_in_future(scheduled_for, "scheduled_for")
    appointment = Appointment.objects.create(
        case=case,
        scheduled_for=scheduled_for,
        outcome=outcome,
        purpose=_text(purpose, "purpose"),
        recorded_by=actor,
    )
    if outcome == AppointmentOutcome.ATTENDED:
        _touch_contact(case, scheduled_for)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=appointment,
        fields=["scheduled_for", "outcome", "purpose"],
    )
    return appointment


def quiet_cases_remind(*, today: datetime.date | None = None) -> int:
    """Give the lead advocate of each quiet active case a reminder to reach out.

    Never a closure: a quiet case stays open, and missed contact is not held against anyone.
    Returns how many reminders were created.
    """
    today = today or timezone.localdate()
    quiet_since = timezone.now() - datetime.timedelta(days=settings.QUIET_CASE_DAYS)
    leads = TeamMembership.objects.filter(
        team_role=TeamRole.LEAD_ADVOCATE,
        until__isnull=True,
        case__status=CaseStatus.ACTIVE,
    ).exclude(case__reminders__kind=ReminderKind.QUIET_CASE, case__reminders__done_at__isnull=True)
    quiet = leads.filter(case__last_contact_at__lt=quiet_since) | leads.filter(
        case__last_contact_at__isnull=True, case__opened_at__lt=quiet_since
    )
    created = 0
    for membership in quiet.select_related("case").iterator():
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    case=membership.case,
                    assignee_id=membership.user_id,
                    kind=ReminderKind.QUIET_CASE,
                    due_on=today,
                )
        except IntegrityError:
            continue  # another run created it first
        created += 1
    return created


@transaction.atomic
def reminder_done(*, actor: User, reminder: Reminder) -> Reminder:
    updated = Reminder.objects.filter(pk=reminder.pk, done_at__isnull=True).update(
        done_at=timezone.now()
    )
    if updated:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=reminder.case,
            fields=["reminder.done_at"],
        )
    reminder.refresh_from_db()
    return reminder


# The recovery journey ------------------------------------------------------------------------


@transaction.atomic
def stage_record(
    *,
    actor: User,
    case: Case,
    stage: str = "",
    is_recurrence: bool = False,
    occurred_on: datetime.date | None = None,
    note: str = "",
) -> StageEvent:
    from cases.choices import Stage

    if not is_recurrence and stage not in Stage.values:
        raise ValidationError({"stage": _("Choose a stage of change.")})
    if stage and stage not in Stage.values:
        raise ValidationError({"stage": _("Choose a stage of change.")})
    occurred_on = occurred_on or timezone.localdate()
    _not_in_future(occurred_on, "occurred_on")
    event = StageEvent.objects.create(
        case=case,
        stage=stage,
        is_recurrence=is_recurrence,
        occurred_on=occurred_on,
        note=_text(note, "note"),
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=event,
        fields=["stage", "is_recurrence", "occurred_on", "note"],
    )
    return event


@transaction.atomic
def goal_create(
    *, actor: User, case: Case, domain: str, own_words: str, steps: list[str] = ()
) -> Goal:
    from cases.choices import GoalDomain

    if domain not in GoalDomain.values:
        raise ValidationError({"domain": _("Choose an area of life.")})
    goal = Goal.objects.create(
        case=case,
        domain=domain,
        own_words=_text(own_words, "own_words", required=True),
        created_by=actor,
    )
    for position, text in enumerate(step for step in steps if step.strip()):
        GoalStep.objects.create(goal=goal, text=_text(text, "steps"), position=position)
    audit_record(
        actor=actor, action=AuditAction.CREATE, target=goal, fields=["domain", "own_words", "steps"]
    )
    return goal


@transaction.atomic
def goal_update(*, actor: User, goal: Goal, status: str, own_words: str) -> Goal:
    from cases.choices import GoalStatus

    if status not in GoalStatus.values:
        raise ValidationError({"status": _("Choose one of the listed statuses.")})
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    changed = []
    own_words = _text(own_words, "own_words", required=True)
    if goal.own_words != own_words:
        goal.own_words = own_words
        changed.append("own_words")
    if goal.status != status:
        goal.status = status
        changed.append("status")
    goal.updated_at = timezone.now()
    goal.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, target=goal, fields=changed)
    return goal


@transaction.atomic
def goal_step_add(*, actor: User, goal: Goal, text: str) -> GoalStep:
    position = goal.steps.count()
    step = GoalStep.objects.create(
        goal=goal, text=_text(text, "text", required=True), position=position
    )
    audit_record(actor=actor, action=AuditAction.CREATE, target=step, fields=["text"])
    return step


@transaction.atomic
def goal_step_set_done(*, actor: User, step: GoalStep, done: bool) -> GoalStep:
    GoalStep.objects.filter(pk=step.pk).update(done=done)
    step.refresh_from_db()
    audit_record(actor=actor, action=AuditAction.UPDATE, target=step, fields=["done"])
    return step


@transaction.atomic
def check_in_record(
    *,
    actor: User,
    case: Case,
    ratings: dict[str, int | None],
    checked_on: datetime.date | None = None,
    note: str = "",
) -> RecoveryCheckIn:
    """Ratings 1–5 per recovery domain; a domain may be left out (the survivor may pass)."""
    unknown = set(ratings) - set(RecoveryDomain.values)
    if unknown:
        raise ValidationError({"ratings": _("Unknown recovery domain.")})
    cleaned = {}
    for domain, value in ratings.items():
        if value is None:
            continue
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            raise ValidationError({domain: _("Rate from 1 to 5, or leave it out.")})
        cleaned[domain] = value
    if not cleaned:
        raise ValidationError({"ratings": _("Rate at least one area.")})
    checked_on = checked_on or timezone.localdate()
    _not_in_future(checked_on, "checked_on")
    check_in = RecoveryCheckIn.objects.create(
        case=case,
        checked_on=checked_on,
        ratings=cleaned,
        note=_text(note, "note"),
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=check_in,
        fields=["ratings", "checked_on", "note"],
    )
    return check_in


@transaction.atomic
def service_record(
    *,
    actor: User,
    case: Case,
    category: str,
    provided_on: datetime.date | None = None,
    note: str = "",
) -> ServiceRecord:
    from cases.choices import ServiceCategory

    if category not in ServiceCategory.values:
        raise ValidationError({"category": _("Choose one of the listed services.")})
    provided_on = provided_on or timezone.localdate()
    _not_in_future(provided_on, "provided_on")
    record = ServiceRecord.objects.create(
        case=case,
        category=category,
        provided_on=provided_on,
        note=_text(note, "note"),
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=record,
        fields=["category", "provided_on", "note"],
    )
    return record
