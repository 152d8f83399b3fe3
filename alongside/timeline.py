"""The case timeline as an extension point: each app registers its sources here.

A source says which rows it adds (a table with a case column, a condition, an order), what each
of its entries carries, how one entry reads (a renderer) and who may see its entries (a predicate
on the viewer and the case). The case page reads every source the viewer may see in one UNION
ALL statement (``cases.selectors.case_record``), so a new app's entries cost no extra query.

This module imports no app: apps import it, register in their ``AppConfig.ready()``, and the
cases app reads the registry without knowing which apps filled it.

**What an entry carries.** A source names an entry class: a frozen dataclass extending
``TimelineEntry`` (``kind``, ``id``, ``at``, ``person``), whose own fields are typed ``str``,
``int | None``, ``bool``, ``datetime.date | None`` or ``datetime.datetime | None``; and, in
``fields``, the SQL expression that gives each of those fields. ``at`` is the entry's moment (an
entry on a day gives ``on_day`` instead and shows the start of that day in the reader's time
zone); ``person`` is ``u.full_name``, the user named by ``person_column``, joined as ``u``.
Expressions are written over the source's alias and the aliases of its ``joins``. Values are
choices and plaintext names, never a decrypted value: bodies are read on their own pages, where
the view is audited.

**How typed fields travel in one statement.** Every branch of the statement has the same
columns: the common ones (kind, id, at, on_day, person, recorded), then typed slots — as many
text columns, whole-number columns, flags, days and moments as the sources in the statement
need at most. A source's fields fill the first slots of their type, in the order declared, and
the other slots are NULL of their type. Reading a row, the registry gives each value back under
its field's name, converted to its type, as an instance of the source's entry class.

**Order.** Newest first by ``at``; entries at the same moment in the order of their sources'
``rank`` (each source has its own: the registry refuses a rank, a kind or an alias already
taken), then the latest ``recorded`` first.

**Renderers** build HTML with ``format_html``, never by escaping values by hand. A timeline
has a hundred entries that say the same few things: ``EscapedOnce`` translates and escapes each
phrase and name once per rendering, so that ``format_html`` (which takes an escaped value as it
is) costs less than the hand-built text it replaced (``bench/timeline.py``).
"""

import dataclasses
import datetime
import functools
import types
import typing
import uuid
from collections.abc import Callable, Mapping

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import escape, format_html
from django.utils.translation import get_language


@dataclasses.dataclass(frozen=True, slots=True)
class TimelineEntry:
    """What every entry has; a source's entry class adds its own typed fields."""

    kind: str  # one of its source's kinds
    id: uuid.UUID
    at: datetime.datetime  # a day's entry stands at the start of that day, in local time
    person: str  # who recorded it, or whom it names (``person_column``)


_COMMON_FIELDS = frozenset(field.name for field in dataclasses.fields(TimelineEntry))


def anyone_on_the_case(viewer, case) -> bool:
    """The default: whoever may see the case sees the entry (``case_for`` already decided)."""
    return True


# Reading values back: SQLite gives dates and moments as text, flags as 0 and 1.
def _as_date(value) -> datetime.date | None:
    return parse_date(value) if isinstance(value, str) else value


def _as_datetime(value) -> datetime.datetime | None:
    # PostgreSQL gives aware datetimes; SQLite gives the stored UTC, as text or naive.
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, datetime.UTC)


def _as_text(value) -> str:
    return "" if value is None else value


def _as_flag(value) -> bool:
    return bool(value)


def _as_number(value) -> int | None:
    return value


@dataclasses.dataclass(frozen=True)
class _Slot:
    """A type of column a field travels in: its NULL, and how a value is read back."""

    name: str
    null: str
    read: Callable


TEXT = _Slot("text", "CAST(NULL AS text)", _as_text)
NUMBER = _Slot("number", "CAST(NULL AS integer)", _as_number)
FLAG = _Slot("flag", "CAST(NULL AS boolean)", _as_flag)
DAY = _Slot("day", "CAST(NULL AS date)", _as_date)
MOMENT = _Slot("moment", "CAST(NULL AS timestamp with time zone)", _as_datetime)
SLOTS = (TEXT, NUMBER, FLAG, DAY, MOMENT)

_SLOT_OF_TYPE = {
    str: TEXT,
    int: NUMBER,
    bool: FLAG,
    datetime.date: DAY,
    datetime.datetime: MOMENT,
}


class TimelineSourceError(ValueError):
    """A source that cannot work, or that clashes with one registered: found at start-up."""


def _slot_of(annotation) -> _Slot | None:
    """``str``, ``int``, ``bool``, ``datetime.date``, ``datetime.datetime``, or one of them
    ``| None``."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        kinds = [kind for kind in typing.get_args(annotation) if kind is not type(None)]
        annotation = kinds[0] if len(kinds) == 1 else None
    return _SLOT_OF_TYPE.get(annotation)


@dataclasses.dataclass(frozen=True)
class TimelineSource:
    """One kind of timeline entry (or a few, as a stage or a recurrence), as an app registers it.

    ``entry`` is the entry class and ``fields`` maps each of its own fields to the SQL that
    gives it. ``table`` and ``alias`` name the rows, ``joins`` adds tables to read names from
    (``"LEFT JOIN directory_organization o ON o.id = r.organization_id"``), ``rows`` is an extra
    condition (``"AND <alias>.x IS NULL"``) and ``order`` picks the newest ``limit`` rows (at
    most ``limit`` whatever the page asks, when the source says so). ``at`` or ``on_day`` is the
    entry's moment or day, ``recorded`` when it was written; ``kind_sql`` says which kind a row
    is, for a source of several kinds. ``prepare(case)`` is called once per rendering and
    returns ``render(entry) -> SafeString``. ``visible_to(viewer, case)`` keeps the source out
    of the statement for someone who may see the case but not these entries. ``shows_time``
    says whether the entry shows its hour.
    """

    kinds: tuple[str, ...]
    rank: int
    entry: type
    fields: Mapping[str, str]
    table: str
    alias: str
    order: str
    recorded: str
    prepare: Callable | None = None
    at: str = ""
    on_day: str = ""
    kind_sql: str = ""
    joins: str = ""
    rows: str = ""
    limit: int | None = None
    person_column: str = "recorded_by_id"
    case_column: str = "case_id"
    visible_to: Callable = anyone_on_the_case
    shows_time: bool = False

    def __post_init__(self):
        # Kept as pairs, in the entry's order, so a source stays hashable (statements are
        # cached per set of sources) and compares by what it declares.
        object.__setattr__(self, "fields", self._fields_checked())
        if bool(self.at) == bool(self.on_day):
            self._refuse("give either `at` (a moment) or `on_day` (a day)")
        if not self.kinds:
            self._refuse("name at least one kind")
        if len(self.kinds) > 1 and not self.kind_sql:
            self._refuse("a source of several kinds says which one a row is, in `kind_sql`")

    def _refuse(self, why: str):
        raise TimelineSourceError(f"Timeline source {self.kinds}: {why}.")

    def _fields_checked(self) -> tuple[tuple[str, str], ...]:
        if not (
            isinstance(self.entry, type)
            and issubclass(self.entry, TimelineEntry)
            and dataclasses.is_dataclass(self.entry)
        ):
            self._refuse("`entry` must be a dataclass extending TimelineEntry")
        given = dict(self.fields)
        hints = typing.get_type_hints(self.entry)
        own = [f.name for f in dataclasses.fields(self.entry) if f.name not in _COMMON_FIELDS]
        missing = [name for name in own if name not in given]
        unknown = [name for name in given if name not in own]
        if missing or unknown:
            self._refuse(
                f"`fields` must give each field of {self.entry.__name__} and no other "
                f"(missing: {missing or 'none'}; not fields of it: {unknown or 'none'})"
            )
        for name in own:
            if _slot_of(hints[name]) is None:
                self._refuse(
                    f"{self.entry.__name__}.{name} is {hints[name]}; a field is str, int, bool, "
                    "datetime.date or datetime.datetime (or one of them | None)"
                )
        return tuple((name, given[name]) for name in own)

    @functools.cached_property
    def slots(self) -> tuple[tuple[str, _Slot, str], ...]:
        """``(field name, slot type, SQL)`` of each field, in the entry's order."""
        hints = typing.get_type_hints(self.entry)
        return tuple((name, _slot_of(hints[name]), sql) for name, sql in self.fields)


class TimelineRegistry:
    def __init__(self):
        self._sources: list[TimelineSource] = []
        self._by_kind: dict[str, TimelineSource] = {}

    def register(self, source: TimelineSource) -> TimelineSource:
        """Add ``source`` (idempotent for the same source). A kind, rank or alias taken by
        another source is a programming error, refused at start-up with the reason."""
        if source in self._sources:
            return source
        if source.prepare is None:
            raise TimelineSourceError(f"Timeline source {source.kinds}: give it a renderer.")
        for known in self._sources:
            clash = None
            if set(known.kinds) & set(source.kinds):
                clash = f"a kind of {sorted(set(known.kinds) & set(source.kinds))}"
            elif known.rank == source.rank:
                clash = f"rank {source.rank} (entries at one moment are ordered by rank)"
            elif known.alias == source.alias:
                clash = f"alias {source.alias!r}"
            if clash:
                raise TimelineSourceError(
                    f"Timeline source {source.kinds} takes {clash}, which the registered "
                    f"source {known.kinds} has: choose another."
                )
        if source.alias == "u":
            raise TimelineSourceError(
                f"Timeline source {source.kinds}: alias 'u' is the joined user's."
            )
        self._sources.append(source)
        self._by_kind.update(dict.fromkeys(source.kinds, source))
        return source

    def unregister(self, source: TimelineSource) -> None:
        self._sources.remove(source)
        for kind in source.kinds:
            self._by_kind.pop(kind, None)

    def sources(self) -> tuple[TimelineSource, ...]:
        return tuple(self._sources)

    def visible(self, viewer, case) -> tuple[TimelineSource, ...]:
        """The sources whose entries ``viewer`` may see on ``case`` (all that need no viewer
        when there is none, as in a task)."""
        return tuple(
            source
            for source in self._sources
            if (
                source.visible_to is anyone_on_the_case
                or (viewer is not None and source.visible_to(viewer, case))
            )
        )

    def source_of(self, kind: str) -> TimelineSource | None:
        return self._by_kind.get(kind)


timeline = TimelineRegistry()


def timeline_source_register(source: TimelineSource) -> TimelineSource:
    """What an app calls in its ``AppConfig.ready()`` to add entries to the case timeline."""
    return timeline.register(source)


# The statement ---------------------------------------------------------------------------------

_COMMON_COLUMNS = 6  # kind, id, at, on_day, person, recorded


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class TimelineStatement:
    """The one statement that reads ``sources`` for a case, and how its rows become entries.

    Parameters, for each branch in turn: the case, then the limit (``parameters``).
    """

    def __init__(self, sources: tuple[TimelineSource, ...], users_table: str):
        self.sources = sources
        # As many slots of each type as the source needing the most has.
        self.layout = {
            slot: max(
                (sum(1 for _n, s, _q in src.slots if s is slot) for src in sources), default=0
            )
            for slot in SLOTS
        }
        self.sql = " UNION ALL ".join(self._branch(source, users_table) for source in sources)
        self._readers = {}
        for source in sources:
            reader = (source, source.entry, self._columns_read(source))
            self._readers.update(dict.fromkeys(source.kinds, reader))

    def _placed(self, source: TimelineSource) -> list[tuple[int, _Slot, str]]:
        """Each field's column: the next free slot of its type, after the common columns."""
        start, column = {}, _COMMON_COLUMNS
        for slot in SLOTS:
            start[slot] = column
            column += self.layout[slot]
        placed = []
        for _name, slot, sql in source.slots:
            placed.append((start[slot], slot, sql))
            start[slot] += 1
        return placed

    def _columns_read(self, source: TimelineSource) -> tuple[tuple[int, Callable], ...]:
        return tuple((column, slot.read) for column, slot, _sql in self._placed(source))

    def _branch(self, source: TimelineSource, users_table: str) -> str:
        alias = source.alias
        kind = source.kind_sql or f"'{source.kinds[0]}'"
        sql_by_column = {column: sql for column, _slot, sql in self._placed(source)}
        slots, column = [], _COMMON_COLUMNS
        for slot in SLOTS:
            for _ in range(self.layout[slot]):
                slots.append(sql_by_column.get(column, slot.null))
                column += 1
        columns = ", ".join(
            [
                kind,
                f"{alias}.id",
                source.at or MOMENT.null,
                source.on_day or DAY.null,
                "u.full_name",
                source.recorded,
                *slots,
            ]
        )
        return (
            f"SELECT * FROM (SELECT {columns} FROM {source.table} {alias} {source.joins} "  # noqa: S608
            f"LEFT JOIN {users_table} u ON u.id = {alias}.{source.person_column} "
            f"WHERE {alias}.{source.case_column} = %s {source.rows} "
            f"ORDER BY {source.order} LIMIT %s) AS {alias}_rows"
        )

    def parameters(self, case_id, limit: int) -> list:
        parameters = []
        for source in self.sources:
            parameters += [case_id, source.limit or limit]
        return parameters

    def read(self, rows) -> list[tuple[TimelineSource, datetime.datetime, TimelineEntry]]:
        """Each row as ``(its source, when it was recorded, its entry)``."""
        readers = self._readers
        read = []
        day_starts = {}  # a timeline has a few dozen days, each the start of many entries
        for row in rows:
            kind, row_id, at, on_day, person, recorded = row[:_COMMON_COLUMNS]
            source, entry_class, columns = readers[kind]
            if on_day is None:
                at = _as_datetime(at)
            else:
                at = day_starts.get(on_day)
                if at is None:
                    at = day_starts[on_day] = _day_start(_as_date(on_day))
            entry = entry_class(
                kind,
                row_id if isinstance(row_id, uuid.UUID) else uuid.UUID(row_id),
                at,
                person or "",
                *[convert(row[column]) for column, convert in columns],
            )
            read.append((source, _as_datetime(recorded) or at, entry))
        return read


@functools.cache
def timeline_statement(sources: tuple[TimelineSource, ...], users_table: str) -> TimelineStatement:
    """The statement for these sources (built once per set of sources)."""
    return TimelineStatement(sources, users_table)


# Rendering ---------------------------------------------------------------------------------


@functools.cache
def _translated_labels(choices, language: str | None) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def choice_labels(choices) -> dict[str, str]:
    """``{value: label}`` of a choices class, translated once per language (keyed by the class,
    never by its labels: hashing a lazy label translates it)."""
    return _translated_labels(choices, get_language())


class EscapedOnce(dict):
    """``make(key)``, translated and escaped the first time a rendering asks for it.

    A timeline says the same few things and names the same few people a hundred times:
    translating and escaping each once, and giving ``format_html`` the escaped value (which it
    takes as it is), keeps a timeline built with ``format_html`` as fast as one built by hand.
    ``EscapedOnce()`` escapes the key itself (a person's name).
    """

    __slots__ = ("make",)

    def __init__(self, make: Callable = str):
        super().__init__()
        self.make = make

    def __missing__(self, key):
        escaped = self[key] = escape(self.make(key))
        return escaped


def said_by(said: str, person) -> str:
    """What happened, then who recorded it, as most entries read."""
    return format_html('{}\n        <span class="muted">· {}</span>', said, person)
