"""The only readers of clinicians' work. Each takes the user (or a case already reached
through ``clinicians.access``); lists read in a constant number of queries whatever their
length (pinned in tests)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from accounts.models import User
from accounts.roles import CASE_WORKER_ROLES, Role
from alongside.lookups import get_or_404
from audit.models import AuditAction
from audit.services import audit_record
from cases.access import CaseAction, active_membership, case_for, cases_visible_to
from cases.models import Appointment, Case
from cases.selectors import decrypt_page
from clinicians.access import clinical_case_for, psychotherapy_note_for, psychotherapy_notes_of
from clinicians.choices import OPEN_ASSIGNMENT_STATUSES, AssignmentStatus, Attendance
from clinicians.measures import INSTRUMENTS, change_between
from clinicians.models import (
    Assignment,
    ClinicalNote,
    ClinicalNoteAddendum,
    ClinicianProfile,
    LicenceReminder,
    MeasureAdministration,
    MeasureSchedule,
    PsychotherapyNote,
    PsychotherapyNoteAddendum,
    SessionParticipation,
    SurvivorWishes,
)
from organization.selectors import programs_supervised_by
from protection.envelope import with_data_keys
from reminders.models import Reminder

LICENCE_SOON_DAYS = 60


# "My survivors" ------------------------------------------------------------------------------


@dataclass
class LatestScore:
    instrument: str
    name: str
    total: int | None
    band: str
    administered_on: datetime.date
    trend: int | None  # points since the one before (negative: fewer symptoms)
    meaningful_change: bool


@dataclass
class SurvivorRow:
    case: Case  # decrypted: preferred_name, safety_flags
    last_session_on: datetime.date | None
    next_appointment_at: datetime.datetime | None
    open_tasks: int
    assignment: Assignment | None
    latest: list[LatestScore] = field(default_factory=list)
    due: list[str] = field(default_factory=list)  # instrument codes due now


def my_survivors(*, actor) -> list[SurvivorRow]:
    """The survivors ``actor`` works with as a clinician, in five queries whatever their number:
    the cases (with names' keys, last session, next appointment, open tasks), their open
    assignments with schedules, the latest two scores of each measure, and attended sessions
    since each measure was last given (for what is due)."""
    now = timezone.now()
    mine = active_membership(actor).values("case")
    cases = (
        cases_visible_to(actor)
        .filter(pk__in=mine)
        .only("id", "number", "status", "preferred_name", "safety_flags", "opened_at")
        .annotate(
            last_session_on=Subquery(
                SessionParticipation.objects.filter(case=OuterRef("pk"), session__clinician=actor)
                .order_by("-held_on")
                .values("held_on")[:1]
            ),
            next_appointment_at=Subquery(
                Appointment.objects.filter(case=OuterRef("pk"), scheduled_for__gt=now)
                .order_by("scheduled_for")
                .values("scheduled_for")[:1]
            ),
            open_tasks=Coalesce(
                Subquery(
                    Reminder.objects.filter(
                        case=OuterRef("pk"), assignee=actor, done_at__isnull=True
                    )
                    .order_by()
                    .values("case")
                    .annotate(n=Count("pk"))
                    .values("n")[:1],
                    output_field=IntegerField(),
                ),
                0,
            ),
        )
        .order_by("number")
    )
    cases = decrypt_page(with_data_keys(cases))
    ids = [case.pk for case in cases]
    assignments = {
        a.case_id: a
        for a in Assignment.objects.filter(
            case__in=ids, clinician=actor, status=AssignmentStatus.APPROVED
        ).prefetch_related(Prefetch("schedules", queryset=MeasureSchedule.objects.all()))
    }
    latest = _latest_two(ids)
    attended = _attended_sessions(ids, actor)
    rows = []
    for case in cases:
        assignment = assignments.get(case.pk)
        scores = latest.get(case.pk, {})
        rows.append(
            SurvivorRow(
                case=case,
                last_session_on=case.last_session_on,
                next_appointment_at=case.next_appointment_at,
                open_tasks=case.open_tasks,
                assignment=assignment,
                latest=[_latest_score(code, pair) for code, pair in sorted(scores.items())],
                due=_due(assignment, scores, attended.get(case.pk, [])),
            )
        )
    return rows


def _latest_two(case_ids) -> dict:
    """{case id: {instrument: [newest, the one before]}} in one query (a window)."""
    ranked = (
        MeasureAdministration.objects.filter(case__in=case_ids)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("case_id"), F("instrument")],
                order_by=[F("administered_on").desc(), F("recorded_at").desc()],
            )
        )
        .filter(position__lte=2)
        .defer("answers")
        .order_by("case_id", "instrument", "position")
    )
    found: dict = {}
    for row in ranked:
        found.setdefault(row.case_id, {}).setdefault(row.instrument, []).append(row)
    return found


def _latest_score(code: str, pair: list[MeasureAdministration]) -> LatestScore:
    newest = pair[0]
    before = pair[1] if len(pair) > 1 else None
    change = change_between(code, before.total if before else None, newest.total)
    return LatestScore(
        instrument=code,
        name=INSTRUMENTS[code].name,
        total=newest.total,
        band=newest.band,
        administered_on=newest.administered_on,
        trend=change.points if change else None,
        meaningful_change=bool(change and change.meaningful),
    )


def _attended_sessions(case_ids, actor) -> dict:
    days: dict = {}
    rows = SessionParticipation.objects.filter(
        case__in=case_ids, session__clinician=actor, attendance=Attendance.ATTENDED
    ).values_list("case_id", "held_on")
    for case_id, held_on in rows:
        days.setdefault(case_id, []).append(held_on)
    return days


def _due(assignment, scores: dict, attended: list[datetime.date]) -> list[str]:
    """An instrument is due when it was never given, or when as many attended sessions as its
    schedule says have been held since it last was."""
    if assignment is None:
        return []
    due = []
    for schedule in assignment.schedules.all():
        given = scores.get(schedule.instrument)
        if not given:
            due.append(schedule.instrument)
            continue
        since = sum(1 for day in attended if day > given[0].administered_on)
        if since >= schedule.every_sessions:
            due.append(schedule.instrument)
    return due


# A survivor's clinical record (the case reached through clinicians.access) --------------------


@dataclass
class ProgressPoint:
    administration: MeasureAdministration
    administered_on: datetime.date
    total: int | None
    band: str
    change_points: int | None
    meaningful_change: bool
    change_direction: str


def progress_series(*, case: Case, instrument: str) -> list[ProgressPoint]:
    """A measure's administrations in date order, for the chart and its table (one query)."""
    rows = (
        MeasureAdministration.objects.filter(case=case, instrument=instrument)
        .defer("answers")
        .order_by("administered_on", "recorded_at")
    )
    return [
        ProgressPoint(
            administration=row,
            administered_on=row.administered_on,
            total=row.total,
            band=row.band,
            change_points=row.change_points,
            meaningful_change=row.meaningful_change,
            change_direction=row.change_direction,
        )
        for row in rows
    ]


def measures_of(*, case: Case) -> QuerySet[MeasureAdministration]:
    return case.measure_administrations.select_related("recorded_by").order_by(
        "-administered_on", "-recorded_at"
    )


def measure_detail(*, actor, case_id, administration_id) -> MeasureAdministration:
    """One administration with its item answers, for a clinician on the case (audited)."""
    case = clinical_case_for(actor, case_id)
    administration = get_or_404(measures_of(case=case), administration_id)
    audit_record(actor=actor, action=AuditAction.VIEW, target=administration, fields=["answers"])
    return administration


def sessions_of(*, case: Case) -> QuerySet[SessionParticipation]:
    """The survivor's own participations: never the other members of a group."""
    return (
        case.session_participations.select_related("session", "session__clinician")
        .only(
            "id",
            "case_id",
            "attendance",
            "held_on",
            "session__id",
            "session__held_on",
            "session__duration_minutes",
            "session__modality",
            "session__format",
            "session__clinician__id",
            "session__clinician__full_name",
        )
        .order_by("-held_on")
    )


def clinical_notes_of(*, case: Case) -> QuerySet[ClinicalNote]:
    return case.clinical_notes.select_related("author").prefetch_related(
        Prefetch("addenda", queryset=ClinicalNoteAddendum.objects.select_related("author"))
    )


def clinical_note_detail(*, actor, case_id, note_id) -> ClinicalNote:
    case = clinical_case_for(actor, case_id)
    note = get_or_404(clinical_notes_of(case=case), note_id)
    audit_record(actor=actor, action=AuditAction.VIEW, target=note)
    return note


def clinical_note_to_write(*, actor, case_id, note_id) -> ClinicalNote:
    """A clinical note to change, sign or add to: for a clinician who may write on its case
    (404 to outsiders, 403 to other insiders)."""
    case = clinical_case_for(actor, case_id, write=True)
    note = get_or_404(clinical_notes_of(case=case), note_id)
    note.case = case
    return note


def psychotherapy_notes_for(*, actor, case: Case) -> QuerySet[PsychotherapyNote]:
    """The author's own psychotherapy notes on ``case``; empty for anyone else."""
    return psychotherapy_notes_of(actor, case).prefetch_related(
        Prefetch("addenda", queryset=PsychotherapyNoteAddendum.objects.select_related("author"))
    )


def psychotherapy_note_detail(*, actor, case_id, note_id) -> PsychotherapyNote:
    note = psychotherapy_note_to_write(actor=actor, case_id=case_id, note_id=note_id)
    audit_record(actor=actor, action=AuditAction.VIEW, target=note)
    return note


def psychotherapy_note_to_write(*, actor, case_id, note_id) -> PsychotherapyNote:
    """A psychotherapy note, for its author alone: 404 to everyone else, whoever they are."""
    return psychotherapy_note_for(actor, case_id, note_id)


def wishes_of(*, case: Case) -> SurvivorWishes | None:
    return SurvivorWishes.objects.filter(case=case).first()


def assignments_of(*, case: Case) -> QuerySet[Assignment]:
    """The survivor's history of clinicians, newest first (kept whatever became of each)."""
    return case.clinician_assignments.select_related(
        "clinician", "requested_by", "decided_by", "ended_by"
    ).prefetch_related("schedules")


def assignment_for(*, actor, case_id, assignment_id, action=CaseAction.VIEW) -> Assignment:
    case = case_for(actor, case_id, action)
    assignment = get_or_404(assignments_of(case=case), assignment_id)
    assignment.case = case
    return assignment


# Clinicians ----------------------------------------------------------------------------------


def clinicians_listed(*, actor) -> QuerySet[User]:
    """Clinicians as anyone who works on cases may see them (to ask for one, or say whom a
    survivor does not want to see), with their profiles."""
    if not actor.is_authenticated or actor.role not in CASE_WORKER_ROLES:
        return User.objects.none()
    return (
        User.objects.filter(groups__name=Role.CLINICIAN, is_active=True)
        .select_related("clinician_profile")
        .prefetch_related("clinician_profile__trainings")
        .order_by("full_name")
    )


def profile_for(*, actor, clinician_id) -> ClinicianProfile:
    clinician = get_or_404(clinicians_listed(actor=actor), clinician_id)
    profile, _created = ClinicianProfile.objects.get_or_create(user=clinician)
    return profile


def licence_reminders_for(*, actor) -> QuerySet[LicenceReminder]:
    return LicenceReminder.objects.filter(profile__user=actor, done_at__isnull=True)


# Supervisors' view ---------------------------------------------------------------------------


@dataclass
class ClinicianLoad:
    clinician: User
    profile: ClinicianProfile | None
    load: int
    capacity: int
    pending: int
    licence_expires_on: datetime.date | None
    licence_expiring: bool  # within 60 days, or past


def clinicians_overview(*, actor) -> list[ClinicianLoad]:
    """Each clinician's load against capacity and licence, in one query (a supervisor's)."""
    if actor.role != Role.SUPERVISOR:
        return []
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=LICENCE_SOON_DAYS)
    clinicians = (
        User.objects.filter(groups__name=Role.CLINICIAN, is_active=True)
        .select_related("clinician_profile")
        .annotate(
            load=Count("assignments", filter=Q(assignments__status=AssignmentStatus.APPROVED)),
            pending=Count("assignments", filter=Q(assignments__status=AssignmentStatus.REQUESTED)),
        )
        .order_by("full_name")
    )
    rows = []
    for clinician in clinicians:
        profile = getattr(clinician, "clinician_profile", None)
        expires = profile.licence_expires_on if profile else None
        rows.append(
            ClinicianLoad(
                clinician=clinician,
                profile=profile,
                load=clinician.load,
                capacity=profile.caseload_capacity if profile else 0,
                pending=clinician.pending,
                licence_expires_on=expires,
                licence_expiring=expires is None or expires <= soon,
            )
        )
    return rows


def pending_requests(*, actor) -> QuerySet[Assignment]:
    """Requests a supervisor may decide: those on cases of the programs they supervise."""
    if actor.role != Role.SUPERVISOR:
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(
            status=AssignmentStatus.REQUESTED,
            case__program__in=programs_supervised_by(actor=actor),
        )
        .filter(case__in=cases_visible_to(actor))
        .select_related("case", "clinician", "requested_by")
        .order_by("requested_at")
    )


def open_assignments_of(*, clinician) -> QuerySet[Assignment]:
    return Assignment.objects.filter(clinician=clinician, status__in=OPEN_ASSIGNMENT_STATUSES)


def clinician_to_ask_for(*, actor, clinician_id) -> User | None:
    """A clinician someone who works on cases may ask for, by id, active or not: the assignment
    service says why an inactive one cannot be asked for, more plainly than "not found"."""
    if not actor.is_authenticated or actor.role not in CASE_WORKER_ROLES:
        return None
    return User.objects.filter(groups__name=Role.CLINICIAN, pk=clinician_id).first()
