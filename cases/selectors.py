"""The only readers of case data. Every one takes the user and starts from ``cases_visible_to``.

Views of a case or of a note are audited here, where the read happens, so no page or endpoint
can forget to.
"""

import datetime
import functools
import uuid
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    CharField,
    Count,
    DateField,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Window,
)
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from accounts.models import User
from accounts.roles import CASE_TEAM_ROLES
from alongside.correlated import CorrelatedSQL, sql_parameter
from alongside.lookups import get_or_404
from audit.models import AuditAction
from audit.services import audit_record
from cases.access import (
    CaseAction,
    active_membership,
    case_for,
    cases_visible_to,
    is_shredded,
    may_break_glass,
)
from cases.choices import CaseStatus, ReminderKind, Stage, TeamRole
from cases.models import (
    Appointment,
    BreakGlassGrant,
    Case,
    CaseNote,
    Goal,
    GoalStep,
    OutreachAttempt,
    Program,
    RecoveryCheckIn,
    Reminder,
    ServiceRecord,
    StageEvent,
    TeamMembership,
)
from protection.blind_index import blind_index_for
from protection.envelope import data_keys_prefetch, data_keys_remember, with_data_keys


@dataclass(frozen=True)
class CaseloadFilters:
    status: str = ""
    flag: str = ""
    name: str = ""
    mine: bool = False


# Built as SQL text for the reason the access policy is (alongside.correlated).
_NEXT_REMINDER = (
    f"SELECT r.{{column}} FROM {Reminder._meta.db_table} r "  # noqa: S608 - no input
    "WHERE r.case_id = {{row}} AND r.done_at IS NULL ORDER BY r.due_on LIMIT 1"
)


def caseload(
    *, actor, filters: CaseloadFilters = CaseloadFilters(), reminder_kind: bool = True
) -> QuerySet[Case]:
    """The cases a person works, newest activity first, with when their next reminder is due
    and, unless told not to (the page does not show it), its kind."""
    cases = cases_visible_to(actor)
    if filters.status:
        cases = cases.filter(status=filters.status)
    else:
        cases = cases.exclude(status=CaseStatus.CLOSED)
    if filters.name:
        cases = cases.filter(_name_matches(filters.name))
    if filters.mine:
        cases = cases.filter(pk__in=active_membership(actor).values("case"))
    cases = cases.annotate(
        next_reminder_on=CorrelatedSQL(
            _NEXT_REMINDER.format(column="due_on"), output_field=DateField()
        )
    )
    if reminder_kind:
        cases = cases.annotate(
            next_reminder_kind=CorrelatedSQL(
                _NEXT_REMINDER.format(column="kind"), output_field=CharField()
            )
        )
    return cases.order_by("-last_contact_at", "-opened_at")


# What a caseload row shows (cases/templatetags/cases.py ``caseload_rows``). The page reads only
# these: a case row also carries every encrypted identity field, which the list never opens.
CASELOAD_ROW_FIELDS = (
    "id",
    "number",
    "status",
    "minor_at_intake",
    "preferred_name",
    "safety_flags",
    "last_contact_at",
    "opened_at",
)


def caseload_rows(
    *,
    actor,
    filters: CaseloadFilters = CaseloadFilters(),
    fields=CASELOAD_ROW_FIELDS,
    reminder_kind: bool = False,
) -> QuerySet[Case]:
    """The caseload's cases with only the columns a row shows (``fields``) and their data
    keys: the page's rows by default, the API's when it names its own."""
    cases = caseload(actor=actor, filters=filters, reminder_kind=reminder_kind)
    return with_data_keys(cases.only(*fields))


class _CountedPaginator(Paginator):
    """A paginator told its count, so it does not ask the database again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


def page_of(cases: QuerySet[Case], *, number, size: int) -> tuple[Page, list[Case]]:
    """One page of ``cases`` with their data keys loaded, and how many there are in all, in one
    query: the total rides along as a window count instead of a second COUNT query."""
    try:
        wanted = max(int(number), 1)
    except (TypeError, ValueError):
        wanted = 1
    start = (wanted - 1) * size
    rows = list(cases.annotate(total_count=Window(Count("pk")))[start : start + size])
    if not rows and wanted > 1:
        # Past the last page: show the last one, as Paginator.get_page does.
        page = Paginator(cases, size).get_page(number)
        return page, decrypt_page(page.object_list)
    paginator = _CountedPaginator(rows, size, count=rows[0].total_count if rows else 0)
    page = Page(rows, wanted, paginator)
    return page, decrypt_page(rows)


def _name_matches(name: str) -> Q:
    index = blind_index_for("name", name)
    if index is None:
        return Q(pk__in=[])
    return Q(legal_name_index=index) | Q(preferred_name_index=index)


def decrypt_page(cases) -> list[Case]:
    """Load the data keys of a page of cases at once: read with them (``with_data_keys``), or
    else in one query, so showing names costs one query at most."""
    cases = list(cases)
    data_keys_remember(cases)
    data_keys_prefetch(cases)
    return cases


def with_flag(cases: list[Case], flag: str) -> list[Case]:
    """Filter a page by a safety flag. Flags are encrypted, so this happens after decryption."""
    return [case for case in cases if flag in (case.safety_flags or [])]


def case_search_exact(*, actor, name: str = "", date_of_birth=None, phone: str = "") -> QuerySet:
    """Exact-match search on name, date of birth or phone, through blind indexes only."""
    condition = Q()
    if name:
        condition &= _name_matches(name)
    if date_of_birth:
        condition &= Q(date_of_birth_index=blind_index_for("date", date_of_birth))
    if phone:
        index = blind_index_for("phone", phone)
        condition &= Q(phone_index=index) if index else Q(pk__in=[])
    if not (name or date_of_birth or phone):
        return Case.objects.none()
    return cases_visible_to(actor).filter(condition)


@dataclass
class DuplicateWarning:
    visible: list[Case] = field(default_factory=list)
    hidden_count: int = 0

    def __bool__(self) -> bool:
        return bool(self.visible or self.hidden_count)


def likely_duplicates(
    *, actor, name: str, date_of_birth=None, phone: str = "", also_names: tuple[str, ...] = ()
) -> DuplicateWarning:
    """Cases that are probably the same person: same name and date of birth, or same phone.

    Searches the whole organization (a duplicate on another team is still a duplicate) but
    names only cases the person may see; for the rest it says how many, so they can ask a
    supervisor, without learning anything else about them.
    """
    condition = Q(pk__in=[])
    for each_name in (name, *also_names):
        name_index = blind_index_for("name", each_name) if each_name else None
        if name_index and date_of_birth:
            same_name = Q(legal_name_index=name_index) | Q(preferred_name_index=name_index)
            condition |= same_name & Q(date_of_birth_index=blind_index_for("date", date_of_birth))
    phone_index = blind_index_for("phone", phone) if phone else None
    if phone_index:
        condition |= Q(phone_index=phone_index)
    matches = (
        Case.objects.filter(condition)
        .exclude(status=CaseStatus.CLOSED)
        .values_list("pk", flat=True)
    )
    matching_ids = set(matches)
    if not matching_ids:
        return DuplicateWarning()
    visible = list(cases_visible_to(actor).filter(pk__in=matching_ids))
    hidden_count = len(matching_ids) - len(visible)
    if hidden_count:
        # Learning that someone is a survivor served here is itself a disclosure: every check
        # that finds a case the person cannot see is recorded, so a probing pattern shows.
        checked = [
            name
            for name, given in (("name", name), ("date_of_birth", date_of_birth), ("phone", phone))
            if given
        ]
        audit_record(
            actor=actor,
            action=AuditAction.SEARCH,
            target_type=Case._meta.label_lower,
            fields=checked,
            reason=f"duplicate check: {hidden_count} match(es) on cases not visible",
        )
    return DuplicateWarning(visible=visible, hidden_count=hidden_count)


def case_viewed(*, actor, case_id, action: CaseAction, reading: bool) -> Case:
    """The case behind a page, audited as a view whenever the page is read.

    Every page of a case shows its safety banner and safe-contact block (codeword included),
    so reading any of them is a view of protected data. ``reading`` is false for writes (their
    services audit them) and for fragments of a page already recorded.
    """
    case = case_for(actor, case_id, action)
    if reading:
        audit_record(actor=actor, action=AuditAction.VIEW, target=case)
    return case


def case_detail(*, actor, case_id, action: CaseAction = CaseAction.VIEW, audit=True) -> Case:
    """One case for its page, audited as a view."""
    case = case_for(actor, case_id, action)
    if audit:
        audit_record(actor=actor, action=AuditAction.VIEW, target=case)
    return case


def case_page(*, actor, case_id) -> Case:
    """One case for its page, audited as a view, with what every page of the case shows beside
    it (program, safe-contact rules, mandated-report checklist) read in the same query."""
    case = case_for(actor, case_id, related=("program", "safe_contact", "mandated_report"))
    audit_record(actor=actor, action=AuditAction.VIEW, target=case)
    return case


def case_team(*, case: Case) -> list[TeamMembership]:
    """The team, past and present, with each member's role (their groups)."""
    team = case.team.select_related("user").order_by("until", "since")
    return list(team.prefetch_related("user__groups"))


def note_detail(*, actor, case_id, note_id, action: CaseAction = CaseAction.VIEW) -> CaseNote:
    case = case_for(actor, case_id, action)
    notes = (
        CaseNote.objects.filter(case=case)
        .select_related("author", "signed_by", "case")
        .prefetch_related("addenda__author")
    )
    note = get_or_404(notes, note_id)
    audit_record(actor=actor, action=AuditAction.VIEW, target=note)
    return note


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the timeline: what it shows, never a decrypted value (bodies and notes are
    read on their own pages, where the view is audited)."""

    kind: str  # note, stage, recurrence, service, goal, check_in, outreach, appointment
    at: datetime.datetime
    id: uuid.UUID
    code: str = ""  # the entry's main choice: note type, stage, service, domain, method...
    detail: str = ""  # its second: contact method, goal status, outreach outcome
    minutes: int | None = None
    signed: bool = False
    person: str = ""  # who wrote or recorded it


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


@functools.cache
def _case_record_sql() -> str:
    """The case page's record in one statement: every kind of timeline entry, and the open team
    places, current stage and open reminders beside it. One query per kind was most of the
    page's database time. Each timeline branch keeps its own newest ``limit`` rows; the merge
    happens in Python, where a day becomes the start of that day in the reader's time zone.

    Columns: kind, rank (the order of kinds on one moment), id, at, on_day, code, detail,
    minutes, signed, person, recorded (a tie-break within a kind). Parameters: the case and a
    limit, for each branch in turn (the current stage's limit is 1).
    """
    users = User._meta.db_table
    none = {"at": "CAST(NULL AS timestamp with time zone)", "day": "CAST(NULL AS date)"}
    text, number, no = "CAST(NULL AS text)", "CAST(NULL AS integer)", "(1 = 0)"
    # (model, alias, whose name is shown, which rows, order, columns)
    branches = [
        (
            CaseNote,
            "n",
            "author_id",
            "",
            "n.contact_at DESC",
            f"'note', 0, n.id, n.contact_at, {none['day']}, n.kind, n.method, n.duration_minutes, "
            "n.signed_at IS NOT NULL, u.full_name, n.created_at",
        ),
        (
            StageEvent,
            "s",
            "recorded_by_id",
            "",
            "s.occurred_on DESC, s.recorded_at DESC",
            "CASE WHEN s.is_recurrence THEN 'recurrence' ELSE 'stage' END, 1, s.id, "
            f"{none['at']}, s.occurred_on, s.stage, {text}, {number}, {no}, u.full_name, "
            "s.recorded_at",
        ),
        (
            ServiceRecord,
            "v",
            "recorded_by_id",
            "",
            "v.provided_on DESC",
            f"'service', 2, v.id, {none['at']}, v.provided_on, v.category, {text}, {number}, {no}, "
            "u.full_name, v.recorded_at",
        ),
        (
            Goal,
            "g",
            "created_by_id",
            "",
            "g.created_at DESC",
            f"'goal', 3, g.id, g.created_at, {none['day']}, g.domain, g.status, {number}, {no}, "
            "u.full_name, g.created_at",
        ),
        (
            RecoveryCheckIn,
            "c",
            "recorded_by_id",
            "",
            "c.checked_on DESC, c.recorded_at DESC",
            f"'check_in', 4, c.id, {none['at']}, c.checked_on, {text}, {text}, {number}, {no}, "
            "u.full_name, c.recorded_at",
        ),
        (
            OutreachAttempt,
            "o",
            "recorded_by_id",
            "",
            "o.attempted_at DESC",
            f"'outreach', 5, o.id, o.attempted_at, {none['day']}, o.method, o.outcome, {number}, "
            f"{no}, u.full_name, o.attempted_at",
        ),
        (
            Appointment,
            "a",
            "recorded_by_id",
            "",
            "a.scheduled_for DESC",
            f"'appointment', 6, a.id, a.scheduled_for, {none['day']}, a.outcome, {text}, {number}, "
            f"{no}, u.full_name, a.recorded_at",
        ),
        # Beside the timeline: the current stage (the newest that is not a recurrence, as
        # ``current_stage``), the team as it is today, the reminders still open.
        (
            StageEvent,
            "cs",
            "recorded_by_id",
            "AND NOT cs.is_recurrence",
            "cs.occurred_on DESC, cs.recorded_at DESC",
            f"'current_stage', 7, cs.id, {none['at']}, cs.occurred_on, cs.stage, {text}, "
            f"{number}, {no}, u.full_name, cs.recorded_at",
        ),
        (
            TeamMembership,
            "t",
            "user_id",
            "AND t.until IS NULL",
            "t.since",
            f"'member', 8, t.id, {none['at']}, t.since, t.team_role, {text}, {number}, {no}, "
            f"u.full_name, {none['at']}",
        ),
        (
            Reminder,
            "r",
            "assignee_id",
            "AND r.done_at IS NULL",
            "r.due_on",
            f"'reminder', 9, r.id, {none['at']}, r.due_on, r.kind, {text}, {number}, {no}, "
            f"u.full_name, {none['at']}",
        ),
    ]
    return " UNION ALL ".join(
        f"SELECT * FROM (SELECT {columns} FROM {model._meta.db_table} {alias} "  # noqa: S608
        f"LEFT JOIN {users} u ON u.id = {alias}.{person} WHERE {alias}.case_id = %s {rows} "
        f"ORDER BY {order} LIMIT %s) AS {alias}_rows"
        for model, alias, person, rows, order, columns in branches
    )


def _case_record_parameters(case_id, limit: int) -> list:
    # The branches in the order above: seven timeline kinds, the current stage, team, reminders.
    return [case_id, limit] * 7 + [case_id, 1] + [case_id, limit] * 2


def _as_datetime(value) -> datetime.datetime | None:
    # PostgreSQL gives aware datetimes; SQLite gives the stored UTC, as text or naive.
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, datetime.UTC)


def _as_date(value) -> datetime.date | None:
    return parse_date(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class TeamPlace:
    """An open place on the team, as the case page lists it."""

    id: uuid.UUID
    person: str
    team_role: str
    since: datetime.date

    def get_team_role_display(self) -> str:
        return _choice_label(TeamRole, self.team_role)


@dataclass(frozen=True)
class StageNow:
    """The survivor's current stage of change, and since when."""

    id: uuid.UUID
    stage: str
    occurred_on: datetime.date

    def get_stage_display(self) -> str:
        return _choice_label(Stage, self.stage)


@dataclass(frozen=True)
class OpenReminder:
    """A reminder not yet done, and whom it is for."""

    pk: uuid.UUID
    kind: str
    due_on: datetime.date
    assignee_name: str

    def get_kind_display(self) -> str:
        return _choice_label(ReminderKind, self.kind)


def _choice_label(choices, value: str) -> str:
    try:
        return choices(value).label
    except ValueError:
        return value


@dataclass
class CaseRecord:
    """What the case page shows of the record, read in one query (``case_record``)."""

    timeline: list[TimelineEntry] = field(default_factory=list)
    team: list[TeamPlace] = field(default_factory=list)
    current_stage: StageNow | None = None
    reminders: list[OpenReminder] = field(default_factory=list)


def case_record(*, case: Case, limit: int = 100) -> CaseRecord:
    """The timeline (notes, stages, services, goals, check-ins and contact on one line, newest
    first), the team, the current stage and the open reminders, in one query whatever the size
    of the case."""
    with connection.cursor() as cursor:
        case_id = sql_parameter(case.pk, connection)
        cursor.execute(_case_record_sql(), _case_record_parameters(case_id, limit))
        rows = cursor.fetchall()
    record = CaseRecord()
    entries = []
    for kind, rank, row_id, at, on_day, code, detail, minutes, signed, person, recorded in rows:
        day = _as_date(on_day)
        row_id = row_id if isinstance(row_id, uuid.UUID) else uuid.UUID(row_id)
        if kind == "member":
            record.team.append(TeamPlace(row_id, person or "", code, day))
        elif kind == "current_stage":
            record.current_stage = StageNow(row_id, code, day)
        elif kind == "reminder":
            record.reminders.append(OpenReminder(row_id, code, day, person or ""))
        else:
            entry = TimelineEntry(
                kind=kind,
                at=_as_datetime(at) if day is None else _day_start(day),
                id=row_id,
                code=code or "",
                detail=detail or "",
                minutes=minutes,
                signed=bool(signed),
                person=person or "",
            )
            entries.append(((entry.at, -rank, _as_datetime(recorded) or entry.at), entry))
    # Newest first; on one moment, kinds in the order above, then the latest recorded.
    entries.sort(key=lambda pair: pair[0], reverse=True)
    record.timeline = [entry for _key, entry in entries[:limit]]
    # A union keeps no order of its own: the team by who joined first, reminders soonest first.
    record.team.sort(key=lambda place: place.since)
    record.reminders.sort(key=lambda reminder: reminder.due_on)
    return record


def current_stage(*, case: Case) -> StageEvent | None:
    return (
        case.stage_events.filter(is_recurrence=False)
        .order_by("-occurred_on", "-recorded_at")
        .first()
    )


def goals_listed(*, case: Case) -> list[Goal]:
    """The goals of the case page's panel, each with how many steps it has (``step_count``)
    rather than the steps themselves, which the panel does not show."""
    steps = CorrelatedSQL(
        f"SELECT COUNT(*) FROM {GoalStep._meta.db_table} s WHERE s.goal_id = {{row}}",  # noqa: S608
        output_field=IntegerField(),
    )
    return list(case.goals.annotate(step_count=steps))


def goals_of(*, case: Case) -> list[Goal]:
    return list(
        case.goals.prefetch_related(
            Prefetch("steps", queryset=GoalStep.objects.order_by("position"))
        )
    )


def check_ins_of(*, case: Case) -> list[RecoveryCheckIn]:
    return list(case.check_ins.order_by("checked_on", "recorded_at"))


def services_of(*, case: Case) -> list[ServiceRecord]:
    return list(case.services.select_related("recorded_by"))


def reminders_for(*, actor) -> QuerySet[Reminder]:
    return (
        Reminder.objects.filter(
            assignee=actor, done_at__isnull=True, case__in=cases_visible_to(actor)
        )
        .select_related("case")
        .order_by("due_on")
    )


def programs_for(*, actor) -> QuerySet[Program]:
    """Programs an intake may be filed under: a supervisor's own, or every program."""
    programs = Program.objects.all()
    supervised = programs.filter(supervisors=actor)
    return supervised if supervised.exists() else programs


def team_candidates(*, actor, case: Case):
    """People who may be added to a case's team (restricted choices, STYLE habit 5)."""
    on_team = TeamMembership.objects.filter(case=case, until__isnull=True).values("user")
    return (
        User.objects.filter(is_active=True, groups__name__in=CASE_TEAM_ROLES)
        .exclude(pk__in=on_team)
        .prefetch_related("groups")
        .order_by("full_name")
        .distinct()
    )


def break_glass_for_review(*, actor) -> QuerySet[BreakGlassGrant]:
    """Break-glass grants in the reviewer's programs that nobody has reviewed yet."""
    return (
        # A program without supervisors has nobody to review its grants: every supervisor does.
        BreakGlassGrant.objects.filter(reviewed_at__isnull=True)
        .filter(Q(case__program__supervisors=actor) | Q(case__program__supervisors__isnull=True))
        .exclude(user=actor)
        .distinct()
        .select_related("user", "case")
        .order_by("-granted_at")
    )


def break_glass_target(*, actor, number: str) -> Case | None:
    """The case a supervisor asks to open by its number; outsiders never get here."""
    return Case.objects.filter(number=number.strip().upper()).exclude(is_shredded()).first()


def break_glass_until(*, actor, case: Case) -> datetime.datetime | None:
    """When the actor's break-glass access to ``case`` ends, if that is how they are here."""
    if not may_break_glass(actor) or case.program.supervisors.filter(pk=actor.pk).exists():
        return None
    if active_membership(actor, case_ref=case).exists():
        return None
    grants = BreakGlassGrant.objects.filter(case=case, user=actor, expires_at__gt=timezone.now())
    return grants.order_by("-expires_at").values_list("expires_at", flat=True).first()


def team_membership_of(*, case: Case, membership_id) -> TeamMembership:
    """A membership of this case's team; one of another case is a 404."""
    return get_or_404(case.team.select_related("user"), membership_id)


# What is recorded on a case (the record pages) -----------------------------------------------


def stage_history(*, case: Case, limit: int = 50) -> list[StageEvent]:
    """Past stages and recurrences, newest first."""
    return list(case.stage_events.select_related("recorded_by")[:limit])


def reminder_of(*, case: Case, reminder_id) -> Reminder:
    return get_or_404(Reminder.objects.filter(case=case), reminder_id)


def goal_of(*, case: Case, goal_id) -> Goal:
    """A goal of this case with its steps; a goal of another case is a 404."""
    goals = case.goals.prefetch_related(
        Prefetch("steps", queryset=GoalStep.objects.order_by("position"))
    )
    return get_or_404(goals, goal_id)


def goal_step_of(*, goal: Goal, step_id) -> GoalStep:
    return get_or_404(GoalStep.objects.filter(goal=goal), step_id)


def recent_check_ins(*, case: Case, limit: int = 12) -> list[RecoveryCheckIn]:
    """The latest check-ins, oldest first (for the chart on the case page)."""
    latest = case.check_ins.order_by("-checked_on", "-recorded_at")[:limit]
    return list(reversed(latest))


def outreach_of(*, case: Case, limit: int = 20) -> list:
    return list(case.outreach_attempts.select_related("recorded_by")[:limit])


def appointments_of(*, case: Case, limit: int = 20) -> list:
    return list(case.appointments.select_related("recorded_by")[:limit])


def notes_of(*, case: Case) -> QuerySet[CaseNote]:
    """A case's notes with their authors and addenda, for lists (constant queries)."""
    from cases.models import NoteAddendum

    return case.notes.select_related("author", "signed_by").prefetch_related(
        Prefetch("addenda", queryset=NoteAddendum.objects.select_related("author"))
    )


def notes_viewed(*, actor, notes) -> None:
    """Record a view of each note shown (an API list returns their bodies)."""
    for note in notes:
        audit_record(actor=actor, action=AuditAction.VIEW, target=note)
