"""What the case page shows of the record in one statement: the timeline, the team, the current
stage and the open reminders."""

import dataclasses
import datetime
import uuid
from dataclasses import dataclass, field

from django.db import connection

from accounts.models import User
from alongside.correlated import sql_parameter
from alongside.timeline import MOMENT, TimelineEntry, TimelineSource, timeline, timeline_statement
from cases.choices import Stage, TeamRole
from cases.models import Case, StageEvent, TeamMembership
from reminders.kinds import reminder_kind_label
from reminders.models import Reminder


# Beside the timeline, in the same statement and laid out the same way: the current stage (the
# newest that is not a recurrence), the team as it is today, the reminders still open. These
# rows are read here, never rendered as entries, so they are not registered.
@dataclasses.dataclass(frozen=True, slots=True)
class _StageRow(TimelineEntry):
    stage: str
    occurred_on: datetime.date | None


@dataclasses.dataclass(frozen=True, slots=True)
class _MemberRow(TimelineEntry):
    team_role: str
    since: datetime.date | None


@dataclasses.dataclass(frozen=True, slots=True)
class _ReminderRow(TimelineEntry):
    reminder_kind: str
    due_on: datetime.date | None


_BESIDE = (
    TimelineSource(
        kinds=("current_stage",),
        rank=-1,
        entry=_StageRow,
        fields={"stage": "cs.stage", "occurred_on": "cs.occurred_on"},
        table=StageEvent._meta.db_table,
        alias="cs",
        rows="AND NOT cs.is_recurrence",
        order="cs.occurred_on DESC, cs.recorded_at DESC",
        on_day="cs.occurred_on",
        recorded="cs.recorded_at",
        limit=1,
    ),
    TimelineSource(
        kinds=("member",),
        rank=-2,
        entry=_MemberRow,
        fields={"team_role": "t.team_role", "since": "t.since"},
        table=TeamMembership._meta.db_table,
        alias="t",
        person_column="user_id",
        rows="AND t.until IS NULL",
        order="t.since",
        on_day="t.since",
        recorded=MOMENT.null,  # not ordered by when recorded
    ),
    TimelineSource(
        kinds=("reminder",),
        rank=-3,
        entry=_ReminderRow,
        fields={"reminder_kind": "r.kind", "due_on": "r.due_on"},
        table=Reminder._meta.db_table,
        alias="r",
        person_column="assignee_id",
        rows="AND r.done_at IS NULL",
        order="r.due_on",
        on_day="r.due_on",
        recorded=MOMENT.null,  # not ordered by when recorded
    ),
)


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
    case and however many apps add to its timeline. One query per kind was most of the page's
    database time. Each branch keeps its own newest ``limit`` rows; the merge happens here,
    where a day becomes the start of that day in the reader's time zone. Without a viewer (a
    task), only sources open to anyone on the case."""
    statement = timeline_statement(timeline.visible(viewer, case) + _BESIDE, User._meta.db_table)
    with connection.cursor() as cursor:
        case_id = sql_parameter(case.pk, connection)
        cursor.execute(statement.sql, statement.parameters(case_id, limit))
        rows = cursor.fetchall()
    record = CaseRecord()
    entries = []
    for source, recorded, entry in statement.read(rows):
        kind = entry.kind
        if kind == "member":
            record.team.append(TeamPlace(entry.id, entry.person, entry.team_role, entry.since))
        elif kind == "current_stage":
            record.current_stage = StageNow(entry.id, entry.stage, entry.occurred_on)
        elif kind == "reminder":
            record.reminders.append(
                OpenReminder(entry.id, entry.reminder_kind, entry.due_on, entry.person)
            )
        else:
            entries.append(((entry.at, -source.rank, recorded), entry))
    # Newest first; on one moment, sources in the order of their ranks, then the latest recorded.
    entries.sort(key=lambda pair: pair[0], reverse=True)
    record.timeline = [entry for _key, entry in entries[:limit]]
    # A union keeps no order of its own: the team by who joined first, reminders soonest first.
    record.team.sort(key=lambda place: place.since)
    record.reminders.sort(key=lambda reminder: reminder.due_on)
    return record
