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
from alongside.timeline import (
    FALSE,
    NULL_AT,
    NULL_NUMBER,
    NULL_TEXT,
    TimelineSource,
    timeline,
    timeline_branch_sql,
)
from cases.choices import Stage, TeamRole
from cases.models import Case, StageEvent, TeamMembership
from reminders.kinds import reminder_kind_label
from reminders.models import Reminder


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the timeline: what it shows, never a decrypted value (bodies and notes are
    read on their own pages, where the view is audited)."""

    kind: str  # a kind a registered source gives (alongside.timeline): note, stage, goal...
    at: datetime.datetime
    id: uuid.UUID
    code: str = ""  # the entry's main choice: note type, stage, service, domain, method...
    detail: str = ""  # its second: contact method, goal status, outreach outcome
    minutes: int | None = None
    signed: bool = False
    person: str = ""  # who wrote or recorded it


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


# Beside the timeline, in the same statement: the current stage (the newest that is not a
# recurrence, as ``current_stage``), the team as it is today, the reminders still open.
# (alias, table, whose name, which rows, order, columns); the current stage reads one row.
_BESIDE = [
    (
        "cs",
        StageEvent._meta.db_table,
        "recorded_by_id",
        "AND NOT cs.is_recurrence",
        "cs.occurred_on DESC, cs.recorded_at DESC",
        f"'current_stage', 7, cs.id, {NULL_AT}, cs.occurred_on, cs.stage, {NULL_TEXT}, "
        f"{NULL_NUMBER}, {FALSE}, u.full_name, cs.recorded_at",
    ),
    (
        "t",
        TeamMembership._meta.db_table,
        "user_id",
        "AND t.until IS NULL",
        "t.since",
        f"'member', 8, t.id, {NULL_AT}, t.since, t.team_role, {NULL_TEXT}, {NULL_NUMBER}, "
        f"{FALSE}, u.full_name, {NULL_AT}",
    ),
    (
        "r",
        Reminder._meta.db_table,
        "assignee_id",
        "AND r.done_at IS NULL",
        "r.due_on",
        f"'reminder', 9, r.id, {NULL_AT}, r.due_on, r.kind, {NULL_TEXT}, {NULL_NUMBER}, "
        f"{FALSE}, u.full_name, {NULL_AT}",
    ),
]
_BESIDE_KINDS = {"current_stage", "member", "reminder"}


@functools.cache
def _case_record_sql(sources: tuple[TimelineSource, ...]) -> str:
    """The case page's record in one statement: every registered timeline source the reader may
    see, and the open team places, current stage and open reminders beside it. One query per
    kind was most of the page's database time. Each branch keeps its own newest ``limit`` rows;
    the merge happens in Python, where a day becomes the start of that day in the reader's time
    zone. Columns: those of ``alongside.timeline``. Parameters: the case and a limit, for each
    branch in turn (the current stage's limit is 1).
    """
    users = User._meta.db_table
    branches = [timeline_branch_sql(source, users) for source in sources]
    for alias, table, person, rows, order, columns in _BESIDE:
        branches.append(
            f"SELECT * FROM (SELECT {columns} FROM {table} {alias} "  # noqa: S608
            f"LEFT JOIN {users} u ON u.id = {alias}.{person} WHERE {alias}.case_id = %s {rows} "
            f"ORDER BY {order} LIMIT %s) AS {alias}_rows"
        )
    return " UNION ALL ".join(branches)


def _case_record_parameters(sources, case_id, limit: int) -> list:
    # The branches in the order above: the timeline's sources, the current stage, team, reminders.
    return [case_id, limit] * len(sources) + [case_id, 1] + [case_id, limit] * 2


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
        return reminder_kind_label(self.kind)  # any app's kind, as it registered it


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


def case_record(*, case: Case, viewer=None, limit: int = 100) -> CaseRecord:
    """The timeline (every registered source ``viewer`` may see, on one line, newest first),
    the team, the current stage and the open reminders, in one query whatever the size of the
    case and however many apps add to its timeline. Without a viewer (a task), only sources
    open to anyone on the case."""
    sources = timeline.visible(viewer, case)
    with connection.cursor() as cursor:
        case_id = sql_parameter(case.pk, connection)
        cursor.execute(_case_record_sql(sources), _case_record_parameters(sources, case_id, limit))
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
