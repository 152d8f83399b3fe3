"""The only writers of clinicians' work. Keyword-only, ``actor=`` first, atomic, audited in the
same transaction; bad input raises ``ValidationError`` with a specific message before anything
is written. Access to the case is the caller's check (``clinicians.access``), as for every
service; the rules that span objects (capacity, licences, wishes, who is in a group) live here.
"""

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from alongside.concurrency import version_check
from alongside.limits import not_in_future, text_checked
from audit.models import AuditAction
from audit.services import audit_record
from cases.access import cases_visible_to
from cases.choices import TeamRole
from cases.models import Case
from cases.services import (
    SignedNoteRules,
    signed_note_add_addendum,
    signed_note_create,
    signed_note_sign,
    signed_note_update,
    team_member_add,
    team_member_end,
)
from clinicians.access import is_clinician
from clinicians.choices import (
    OPEN_ASSIGNMENT_STATUSES,
    AssignmentEndReason,
    AssignmentStatus,
    Attendance,
    ClinicianGender,
    ClinicianReminderKind,
    LicenceType,
    Modality,
    SessionFormat,
    TrainingKind,
)
from clinicians.measures import INSTRUMENTS, AnswersInvalid, change_between, score
from clinicians.models import (
    Assignment,
    ClinicalNote,
    ClinicalNoteAddendum,
    ClinicianProfile,
    ClinicianTraining,
    LicenceReminder,
    MeasureAdministration,
    MeasureSchedule,
    PsychotherapyNote,
    PsychotherapyNoteAddendum,
    SessionParticipation,
    SurvivorWishes,
    TherapySession,
)
from reminders.services import reminder_create

LICENCE_REMINDER_DAYS = 60
MAX_SESSION_MINUTES = 8 * 60
MIN_OVERRIDE_REASON = 10


# Profiles ------------------------------------------------------------------------------------


def _choices_checked(values, choices, field: str) -> list[str]:
    if not isinstance(values, list | tuple) or any(v not in choices.values for v in values):
        raise ValidationError({field: _("Choose from the listed options.")})
    return sorted(set(values))


def _languages_checked(values) -> list[str]:
    if not isinstance(values, list | tuple) or any(not isinstance(v, str) for v in values):
        raise ValidationError({"languages": _("List the languages as words.")})
    cleaned = sorted({v.strip().lower() for v in values if v.strip()})
    if any(len(v) > 40 for v in cleaned):
        raise ValidationError({"languages": _("Keep each language under 40 characters.")})
    return cleaned


def profile_of(user: User) -> ClinicianProfile:
    profile, _created = ClinicianProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def clinician_profile_update(
    *,
    actor: User,
    clinician: User,
    version: int | None = None,
    licence_type: str = "",
    licence_number: str = "",
    licence_jurisdiction: str = "",
    licence_issued_on: datetime.date | None = None,
    licence_expires_on: datetime.date | None = None,
    modalities: Iterable[str] = (),
    languages: Iterable[str] = (),
    gender: str = "",
    caseload_capacity: int = 0,
    accepting_new: bool = False,
) -> ClinicianProfile:
    """A clinician keeps their own profile (a supervisor may too, for one in their charge)."""
    if clinician.role != Role.CLINICIAN:
        raise ValidationError({"clinician": _("Only clinicians have a clinician profile.")})
    if actor.pk != clinician.pk and actor.role != Role.SUPERVISOR:
        raise PermissionDenied(_("Only the clinician or a supervisor may change this profile."))
    if licence_type and licence_type not in LicenceType.values:
        raise ValidationError({"licence_type": _("Choose one of the listed licence types.")})
    if gender and gender not in ClinicianGender.values:
        raise ValidationError({"gender": _("Choose one of the listed options.")})
    if licence_issued_on and licence_expires_on and licence_expires_on < licence_issued_on:
        raise ValidationError(
            {"licence_expires_on": _("The licence cannot expire before it was issued.")}
        )
    if licence_issued_on:
        not_in_future(licence_issued_on, "licence_issued_on")
    if not isinstance(caseload_capacity, int) or not 0 <= caseload_capacity <= 200:
        raise ValidationError({"caseload_capacity": _("Enter a caseload between 0 and 200.")})
    values = {
        "licence_type": licence_type,
        "licence_number": text_checked(licence_number, "licence_number")[:60],
        "licence_jurisdiction": text_checked(licence_jurisdiction, "licence_jurisdiction")[:80],
        "licence_issued_on": licence_issued_on,
        "licence_expires_on": licence_expires_on,
        "modalities": _choices_checked(list(modalities), Modality, "modalities"),
        "languages": _languages_checked(list(languages)),
        "gender": gender,
        "caseload_capacity": caseload_capacity,
        "accepting_new": bool(accepting_new),
    }
    profile, _created = ClinicianProfile.objects.select_for_update().get_or_create(user=clinician)
    if version is not None:
        version_check(profile, version)
    changed = [name for name, value in values.items() if getattr(profile, name) != value]
    for name, value in values.items():
        setattr(profile, name, value)
    profile.version += 1
    profile.updated_at = timezone.now()
    profile.save()
    if "licence_expires_on" in changed:
        # A renewed licence answers the reminder about the old date.
        LicenceReminder.objects.filter(profile=profile, done_at__isnull=True).exclude(
            expires_on=licence_expires_on
        ).update(done_at=timezone.now())
    audit_record(actor=actor, action=AuditAction.UPDATE, target=profile, fields=changed)
    return profile


@transaction.atomic
def clinician_training_add(
    *,
    actor: User,
    clinician: User,
    kind: str,
    name: str,
    completed_on: datetime.date,
    expires_on: datetime.date | None = None,
    modality: str = "",
) -> ClinicianTraining:
    if actor.pk != clinician.pk and actor.role != Role.SUPERVISOR:
        raise PermissionDenied(_("Only the clinician or a supervisor may change this profile."))
    if kind not in TrainingKind.values:
        raise ValidationError({"kind": _("Choose training or certification.")})
    if modality and modality not in Modality.values:
        raise ValidationError({"modality": _("Choose one of the listed approaches.")})
    name = text_checked(name, "name", required=True)
    if len(name) > 200:
        raise ValidationError({"name": _("Keep the name under 200 characters.")})
    not_in_future(completed_on, "completed_on")
    if expires_on and expires_on < completed_on:
        raise ValidationError({"expires_on": _("It cannot expire before it was completed.")})
    training = ClinicianTraining.objects.create(
        profile=profile_of(clinician),
        kind=kind,
        name=name,
        modality=modality,
        completed_on=completed_on,
        expires_on=expires_on,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, target=training, fields=["name"])
    return training


def licence_reminders_create(*, today: datetime.date | None = None) -> int:
    """The daily task's work: a reminder for each licence expiring within 60 days (once per
    expiry date, however often this runs)."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=LICENCE_REMINDER_DAYS)
    due = ClinicianProfile.objects.filter(
        licence_expires_on__isnull=False,
        licence_expires_on__lte=horizon,
        licence_expires_on__gte=today,
        user__is_active=True,
    ).exclude(licence_reminders__expires_on=F("licence_expires_on"))
    made = 0
    for profile in due:
        try:
            with transaction.atomic():
                LicenceReminder.objects.create(
                    profile=profile, expires_on=profile.licence_expires_on
                )
            made += 1
        except IntegrityError:
            continue  # made by a run in parallel
    return made


@transaction.atomic
def licence_reminder_done(*, actor: User, reminder: LicenceReminder) -> LicenceReminder:
    if reminder.profile.user_id != actor.pk:
        raise PermissionDenied
    LicenceReminder.objects.filter(pk=reminder.pk, done_at__isnull=True).update(
        done_at=timezone.now()
    )
    reminder.refresh_from_db()
    return reminder


# Survivor's wishes ---------------------------------------------------------------------------


@transaction.atomic
def wishes_update(
    *,
    actor: User,
    case: Case,
    version: int | None = None,
    language: str = "",
    interpreter_ok: bool = False,
    clinician_gender: str = "",
    modalities_wanted: Iterable[str] = (),
    modalities_not_wanted: Iterable[str] = (),
    times: str = "",
    in_own_words: str = "",
    clinicians_not_to_see: Iterable = (),
) -> SurvivorWishes:
    if clinician_gender and clinician_gender not in {
        ClinicianGender.WOMAN,
        ClinicianGender.MAN,
        ClinicianGender.NON_BINARY,
    }:
        raise ValidationError({"clinician_gender": _("Choose one of the listed options.")})
    wanted = _choices_checked(list(modalities_wanted), Modality, "modalities_wanted")
    not_wanted = _choices_checked(list(modalities_not_wanted), Modality, "modalities_not_wanted")
    if set(wanted) & set(not_wanted):
        raise ValidationError(
            {"modalities_not_wanted": _("An approach cannot be both wanted and not wanted.")}
        )
    language = (language or "").strip().lower()
    if len(language) > 40:
        raise ValidationError({"language": _("Keep the language under 40 characters.")})
    not_to_see = sorted({str(getattr(person, "pk", person)) for person in clinicians_not_to_see})
    known = set(
        map(str, User.objects.filter(pk__in=not_to_see).values_list("pk", flat=True))
        if not_to_see
        else ()
    )
    if set(not_to_see) - known:
        raise ValidationError({"clinicians_not_to_see": _("Choose people from the list.")})
    values = {
        "language": language,
        "interpreter_ok": bool(interpreter_ok),
        "clinician_gender": clinician_gender,
        "modalities_wanted": wanted,
        "modalities_not_wanted": not_wanted,
        "times": text_checked(times, "times"),
        "in_own_words": text_checked(in_own_words, "in_own_words"),
        "clinicians_not_to_see": not_to_see,
    }
    wishes = SurvivorWishes.objects.select_for_update().filter(case=case).first()
    if wishes is None:
        wishes = SurvivorWishes(case=case, recorded_by=actor, **values)
        wishes.save()
        changed = list(values)
    else:
        if version is not None:
            version_check(wishes, version)
        changed = [name for name, value in values.items() if getattr(wishes, name) != value]
        for name, value in values.items():
            setattr(wishes, name, value)
        wishes.recorded_by = actor
        wishes.version += 1
        wishes.updated_at = timezone.now()
        wishes.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, target=wishes, fields=changed)
    return wishes


# Assignments ---------------------------------------------------------------------------------


def open_load_of(clinician: User) -> int:
    return Assignment.objects.filter(clinician=clinician, status=AssignmentStatus.APPROVED).count()


def wish_conflicts(wishes, profile, clinician) -> list[str]:
    """The survivor's wishes ``clinician`` does not meet: each one rules them out."""
    if wishes is None:
        return []
    unmet = []
    if str(clinician.pk) in (wishes.clinicians_not_to_see or []):
        unmet.append(_("The survivor asked not to see this clinician."))
    gender = profile.gender if profile is not None else ""
    if wishes.clinician_gender and gender != wishes.clinician_gender:
        unmet.append(_("The survivor asked for a clinician of another gender."))
    languages = profile.languages if profile is not None else []
    if wishes.language and not wishes.interpreter_ok and wishes.language not in languages:
        unmet.append(
            _("The survivor needs a clinician who speaks %(language)s (no interpreter).")
            % {"language": wishes.language}
        )
    return unmet


def _assignment_checked(*, case: Case, clinician: User, override_reason: str) -> str:
    """The rules for offering ``clinician`` to ``case``; returns the override reason kept."""
    if clinician.role != Role.CLINICIAN:
        raise ValidationError({"clinician": _("Choose a clinician.")})
    if not clinician.is_active:
        raise ValidationError({"clinician": _("This clinician's account is inactive.")})
    wishes = SurvivorWishes.objects.filter(case=case).first()
    profile = ClinicianProfile.objects.filter(user=clinician).first()
    unmet = wish_conflicts(wishes, profile, clinician)
    if unmet:
        # The survivor's wishes are never overridden.
        raise ValidationError({"clinician": unmet[0]})
    today = timezone.localdate()
    needs_override = []
    if profile is None or not profile.licensed_on(today):
        needs_override.append(_("has no current licence on record"))
    if profile is None or not profile.accepting_new:
        needs_override.append(_("is not accepting new survivors"))
    if profile is not None and open_load_of(clinician) >= profile.caseload_capacity:
        needs_override.append(_("is at or over their caseload capacity"))
    reason = text_checked(override_reason, "override_reason")
    if needs_override and len(reason) < MIN_OVERRIDE_REASON:
        raise ValidationError(
            {
                "override_reason": _(
                    "This clinician %(problems)s: give a reason to ask for them anyway."
                )
                % {"problems": "; ".join(str(p) for p in needs_override)}
            }
        )
    return reason if needs_override else ""


@transaction.atomic
def assignment_request(
    *, actor: User, case: Case, clinician: User, override_reason: str = ""
) -> Assignment:
    reason = _assignment_checked(case=case, clinician=clinician, override_reason=override_reason)
    if Assignment.objects.filter(
        case=case, clinician=clinician, status__in=OPEN_ASSIGNMENT_STATUSES
    ).exists():
        raise ValidationError({"clinician": _("This clinician is already asked for or assigned.")})
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                case=case, clinician=clinician, requested_by=actor, override_reason=reason
            )
    except IntegrityError:
        raise ValidationError(
            {"clinician": _("This clinician is already asked for or assigned.")}
        ) from None
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=assignment,
        fields=["clinician", *(["override_reason"] if reason else [])],
    )
    return assignment


def _open_assignment(assignment: Assignment, status: str) -> Assignment:
    current = Assignment.objects.select_for_update().select_related("case").get(pk=assignment.pk)
    if current.status != status:
        raise ValidationError(
            _("This assignment is %(status)s already.") % {"status": current.get_status_display()}
        )
    return current


@transaction.atomic
def assignment_approve(*, actor: User, assignment: Assignment) -> Assignment:
    """Approve: the clinician joins the case team. The rules are checked again (capacity or a
    licence may have changed since the request); an override given then still stands."""
    current = _open_assignment(assignment, AssignmentStatus.REQUESTED)
    _assignment_checked(
        case=current.case, clinician=current.clinician, override_reason=current.override_reason
    )
    current.membership = team_member_add(
        actor=actor, case=current.case, user=current.clinician, team_role=TeamRole.CLINICIAN
    )
    current.status = AssignmentStatus.APPROVED
    current.decided_by = actor
    current.decided_at = timezone.now()
    current.version += 1
    current.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, target=current, fields=["status"])
    return current


@transaction.atomic
def assignment_decline(*, actor: User, assignment: Assignment, reason: str = "") -> Assignment:
    current = _open_assignment(assignment, AssignmentStatus.REQUESTED)
    current.status = AssignmentStatus.DECLINED
    current.decided_by = actor
    current.decided_at = timezone.now()
    current.decline_reason = text_checked(reason, "reason")
    current.version += 1
    current.save()
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=current, fields=["status", "decline_reason"]
    )
    return current


@transaction.atomic
def assignment_end(
    *, actor: User, assignment: Assignment, reason: str, note: str = ""
) -> Assignment:
    """End an approved assignment: the clinician leaves the case team (unless they are on it
    in another place, which this assignment did not give them)."""
    if reason not in AssignmentEndReason.values:
        raise ValidationError({"reason": _("Choose one of the listed reasons for ending.")})
    current = _open_assignment(assignment, AssignmentStatus.APPROVED)
    if current.membership_id is not None and current.membership.until is None:
        team_member_end(actor=actor, membership=current.membership)
    current.status = AssignmentStatus.ENDED
    current.ended_at = timezone.now()
    current.ended_by = actor
    current.end_reason = reason
    current.end_note = text_checked(note, "note")
    current.version += 1
    current.save()
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=current, fields=["status", "end_reason"]
    )
    return current


@transaction.atomic
def measure_schedule_set(
    *, actor: User, assignment: Assignment, instrument: str, every_sessions: int | None
) -> MeasureSchedule | None:
    """Set (or, with ``every_sessions`` None, remove) how often an instrument is due."""
    if instrument not in INSTRUMENTS:
        raise ValidationError({"instrument": _("Choose one of the listed measures.")})
    if assignment.status != AssignmentStatus.APPROVED:
        raise ValidationError(_("Only an approved assignment has a measure schedule."))
    if every_sessions is None:
        MeasureSchedule.objects.filter(assignment=assignment, instrument=instrument).delete()
        audit_record(actor=actor, action=AuditAction.DELETE, target=assignment, fields=["schedule"])
        return None
    if isinstance(every_sessions, bool) or not isinstance(every_sessions, int):
        raise ValidationError({"every_sessions": _("Enter a whole number of sessions.")})
    if not 1 <= every_sessions <= 52:
        raise ValidationError({"every_sessions": _("Enter a number of sessions from 1 to 52.")})
    schedule, _created = MeasureSchedule.objects.update_or_create(
        assignment=assignment, instrument=instrument, defaults={"every_sessions": every_sessions}
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, target=assignment, fields=["schedule"])
    return schedule


# Sessions ------------------------------------------------------------------------------------


@transaction.atomic
def session_record(
    *,
    actor: User,
    held_on: datetime.date,
    duration_minutes: int,
    modality: str,
    format: str,
    participants: Mapping,
) -> TherapySession:
    """Record a session. ``participants`` maps each case (or case id) to its attendance; a
    group session names several survivors, each of whose records shows only their own row."""
    if not is_clinician(actor):
        raise PermissionDenied(_("Only clinicians record therapy sessions."))
    if not isinstance(held_on, datetime.date) or isinstance(held_on, datetime.datetime):
        raise ValidationError({"held_on": _("Enter the date of the session.")})
    not_in_future(held_on, "held_on")
    if isinstance(duration_minutes, bool) or not isinstance(duration_minutes, int):
        raise ValidationError({"duration_minutes": _("Enter the length in whole minutes.")})
    if not 1 <= duration_minutes <= MAX_SESSION_MINUTES:
        raise ValidationError(
            {
                "duration_minutes": _("Enter minutes between 1 and %(max)d.")
                % {"max": MAX_SESSION_MINUTES}
            }
        )
    if modality not in Modality.values:
        raise ValidationError({"modality": _("Choose one of the listed approaches.")})
    if format not in SessionFormat.values:
        raise ValidationError({"format": _("Choose individual or group.")})
    by_id = {
        str(getattr(case, "pk", case)): attendance for case, attendance in participants.items()
    }
    if any(attendance not in Attendance.values for attendance in by_id.values()):
        raise ValidationError({"participants": _("Choose attended, cancelled or did not attend.")})
    if format == SessionFormat.INDIVIDUAL and len(by_id) != 1:
        raise ValidationError({"participants": _("An individual session has one survivor.")})
    if format == SessionFormat.GROUP and len(by_id) < 2:
        raise ValidationError({"participants": _("A group session has two or more survivors.")})
    try:
        cases = list(cases_visible_to(actor).filter(pk__in=list(by_id)))
    except (ValueError, ValidationError):
        cases = []
    if len(cases) != len(by_id):
        # Never which one: that would tell whether a survivor the clinician cannot see exists.
        raise ValidationError(
            {"participants": _("A survivor in this session is not on your caseload.")}
        )
    session = TherapySession.objects.create(
        clinician=actor,
        held_on=held_on,
        duration_minutes=duration_minutes,
        modality=modality,
        format=format,
    )
    SessionParticipation.objects.bulk_create(
        SessionParticipation(
            session=session,
            case=case,
            attendance=by_id[str(case.pk)],
            held_on=held_on,
            recorded_by=actor,
        )
        for case in cases
    )
    for case in cases:
        # One event per survivor's record, naming no one else.
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=case,
            fields=["therapy_session"],
            reason=f"session {session.pk}",
        )
    return session


# Clinical notes and psychotherapy notes ------------------------------------------------------


# Clinical notes are changed before signing by their author alone, and an edit of a signed one
# is refused with a field message; a psychotherapy note is, besides, added to by its author
# alone (nobody else reaches it).
CLINICAL_NOTE_RULES = SignedNoteRules(
    author_edits_alone=True,
    author_adds_alone=False,
    signed_edit_refused=lambda: ValidationError(_("This note is signed: add an addendum instead.")),
)
PSYCHOTHERAPY_NOTE_RULES = SignedNoteRules(
    author_edits_alone=True,
    author_adds_alone=True,
    signed_edit_refused=CLINICAL_NOTE_RULES.signed_edit_refused,
)


def _clinician_writes(actor: User) -> None:
    if not is_clinician(actor):
        raise PermissionDenied(_("Only clinicians write clinical notes."))


@transaction.atomic
def clinical_note_create(
    *, actor: User, case: Case, body: str, session: SessionParticipation | None = None
) -> ClinicalNote:
    _clinician_writes(actor)
    if session is not None and session.case_id != case.pk:
        raise ValidationError({"session": _("Choose one of this survivor's sessions.")})
    about = {"session": session} if session is not None else {}
    return signed_note_create(actor=actor, model=ClinicalNote, case=case, body=body, **about)


def clinical_note_update(*, actor: User, note: ClinicalNote, version: int, body: str):
    return signed_note_update(
        actor=actor, note=note, version=version, rules=CLINICAL_NOTE_RULES, body=body
    )


def clinical_note_sign(*, actor: User, note: ClinicalNote, version: int) -> ClinicalNote:
    return signed_note_sign(actor=actor, note=note, version=version)


def clinical_note_addendum(*, actor: User, note: ClinicalNote, body: str) -> ClinicalNoteAddendum:
    return signed_note_add_addendum(actor=actor, note=note, rules=CLINICAL_NOTE_RULES, body=body)


@transaction.atomic
def psychotherapy_note_create(*, actor: User, case: Case, body: str) -> PsychotherapyNote:
    _clinician_writes(actor)
    return signed_note_create(actor=actor, model=PsychotherapyNote, case=case, body=body)


def psychotherapy_note_update(*, actor: User, note: PsychotherapyNote, version: int, body: str):
    return signed_note_update(
        actor=actor, note=note, version=version, rules=PSYCHOTHERAPY_NOTE_RULES, body=body
    )


def psychotherapy_note_sign(
    *, actor: User, note: PsychotherapyNote, version: int
) -> PsychotherapyNote:
    return signed_note_sign(actor=actor, note=note, version=version)


def psychotherapy_note_addendum(
    *, actor: User, note: PsychotherapyNote, body: str
) -> PsychotherapyNoteAddendum:
    return signed_note_add_addendum(
        actor=actor, note=note, rules=PSYCHOTHERAPY_NOTE_RULES, body=body
    )


# Measures ------------------------------------------------------------------------------------


def _case_supervisor(case: Case) -> User | None:
    """Who hears that a clinician should check in: the program's first active supervisor."""
    return (
        User.objects.filter(supervised_programs=case.program_id, is_active=True)
        .order_by("full_name", "pk")
        .first()
    )


@transaction.atomic
def measure_record(
    *,
    actor: User,
    case: Case,
    instrument: str,
    answers: list,
    administered_on: datetime.date | None = None,
    session: SessionParticipation | None = None,
) -> MeasureAdministration:
    """Score and keep a questionnaire. A PHQ-9 item 9 answer above 0 creates at once a safety
    task for the clinician and tells the case's supervisor a clinician should check in — the
    supervisor's reminder says no more than that."""
    if not is_clinician(actor):
        raise PermissionDenied(_("Only clinicians record outcome measures."))
    if instrument not in INSTRUMENTS:
        raise ValidationError({"instrument": _("Choose one of the listed measures.")})
    administered_on = administered_on or timezone.localdate()
    if not isinstance(administered_on, datetime.date) or isinstance(
        administered_on, datetime.datetime
    ):
        raise ValidationError({"administered_on": _("Enter the date it was filled in.")})
    not_in_future(administered_on, "administered_on")
    if session is not None and session.case_id != case.pk:
        raise ValidationError({"session": _("Choose one of this survivor's sessions.")})
    try:
        result = score(instrument, answers)
    except AnswersInvalid as invalid:
        raise ValidationError({"answers": invalid.message}) from None
    previous = (
        MeasureAdministration.objects.filter(case=case, instrument=instrument, total__isnull=False)
        .filter(
            Q(administered_on__lt=administered_on)
            | Q(administered_on=administered_on, recorded_at__lt=timezone.now())
        )
        .order_by("-administered_on", "-recorded_at")
        .values_list("total", flat=True)
        .first()
    )
    change = change_between(instrument, previous, result.total)
    administration = MeasureAdministration.objects.create(
        case=case,
        instrument=instrument,
        administered_on=administered_on,
        answers=list(answers),
        total=result.total,
        prorated=result.prorated,
        band=result.band,
        answered=result.answered,
        declined_items=len(result.declined),
        missing_items=len(result.missing),
        clusters=result.clusters,
        provisional_ptsd=result.provisional_ptsd_by_cut_point,
        provisional_ptsd_by_symptom_rule=result.provisional_ptsd_by_symptom_rule,
        change_points=change.points if change else None,
        meaningful_change=bool(change and change.meaningful),
        change_direction=change.direction if change else "",
        safety_follow_up=result.needs_safety_follow_up,
        session=session,
        recorded_by=actor,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, target=administration, fields=["answers"])
    if result.needs_safety_follow_up:
        today = timezone.localdate()
        reminder_create(
            case=case,
            assignee=actor,
            kind=ClinicianReminderKind.SAFETY_CHECK,
            due_on=today,
            source=administration,
        )
        supervisor = _case_supervisor(case)
        if supervisor is not None:
            reminder_create(
                case=case,
                assignee=supervisor,
                kind=ClinicianReminderKind.CLINICIAN_CHECK_IN,
                due_on=today,
                source=administration,
            )
    return administration


def clinician_load(clinicians) -> dict:
    """Approved assignments per clinician id, in one query."""
    rows = (
        Assignment.objects.filter(clinician__in=clinicians, status=AssignmentStatus.APPROVED)
        .values("clinician")
        .annotate(n=Count("pk"))
    )
    return {row["clinician"]: row["n"] for row in rows}
