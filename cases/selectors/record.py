"""What the case page shows of the record in one statement: the timeline, the team, the current
stage and the open reminders."""

import datetime
import functools
import uuid
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from accounts.models import User
from alongside.correlated import sql_parameter
from cases.choices import ReminderKind, Stage, TeamRole
from cases.models import (
    Appointment,
    Case,
    CaseNote,
    Goal,
    OutreachAttempt,
    RecoveryCheckIn,
    Reminder,
    ServiceRecord,
    StageEvent,
    TeamMembership,
)


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
