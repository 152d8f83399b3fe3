"""The case timeline as an extension point: each app registers its sources here.

A source says which rows it adds (a table with a ``case_id`` column, a condition, an order, and
a SELECT list giving the common columns below), how one of its entries reads (a renderer) and
who may see its entries (a predicate on the viewer and the case). The case page reads every
source the viewer may see in one UNION ALL statement (``cases.selectors.case_record``), so a
new app's entries cost no extra query.

This module imports no app: apps import it, register in their ``AppConfig.ready()``, and the
cases app reads the registry without knowing which apps filled it.

The common columns, in order (an entry on a day has ``at`` NULL and ``on_day`` set, and shows
the start of that day in the reader's time zone):

    kind text, rank integer, id uuid, at timestamp, on_day date, code text, detail text,
    minutes integer, signed boolean, person text, recorded timestamp

``person`` is ``u.full_name`` (the user named by ``person_column``, joined as ``u``); ``rank``
orders kinds recorded at the same moment; ``recorded`` breaks ties within a kind. ``code`` and
``detail`` carry the entry's choices (never a decrypted value: bodies are read on their own
pages, where the view is audited). The helpers ``NULL_AT``, ``NULL_DAY``, ``NULL_TEXT``,
``NULL_NUMBER`` and ``FALSE`` fill the columns a source has no value for.
"""

import functools
import html
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import get_language

NULL_AT = "CAST(NULL AS timestamp with time zone)"
NULL_DAY = "CAST(NULL AS date)"
NULL_TEXT = "CAST(NULL AS text)"
NULL_NUMBER = "CAST(NULL AS integer)"
FALSE = "(1 = 0)"


def anyone_on_the_case(viewer, case) -> bool:
    """The default: whoever may see the case sees the entry (``case_for`` already decided)."""
    return True


@dataclass(frozen=True)
class TimelineSource:
    """One kind of timeline entry, as an app registers it.

    ``kinds`` are the values the source's ``kind`` column can take (one source may give two,
    as a stage or a recurrence). ``table`` and ``alias`` name the rows (columns are written
    ``<alias>.<column>``); ``rows`` is an extra condition (``"AND <alias>.x IS NULL"``),
    ``order`` picks the newest ``limit`` rows. ``prepare(case)`` is called once per rendering
    and returns ``render(entry) -> str``, the entry's HTML with every value escaped.
    ``visible_to(viewer, case)`` keeps the source out of the statement for someone who may see
    the case but not these entries. ``shows_time`` says whether the entry shows its hour.
    """

    kinds: tuple[str, ...]
    table: str
    alias: str
    columns: str
    order: str
    prepare: Callable
    rows: str = ""
    person_column: str = "recorded_by_id"
    case_column: str = "case_id"
    visible_to: Callable = anyone_on_the_case
    shows_time: bool = False


class TimelineRegistry:
    def __init__(self):
        self._sources: list[TimelineSource] = []

    def register(self, source: TimelineSource) -> TimelineSource:
        """Add ``source`` (idempotent for the same source; a kind or alias taken by another
        source is a programming error, found at start-up)."""
        if source in self._sources:
            return source
        kinds = {kind for known in self._sources for kind in known.kinds}
        aliases = {known.alias for known in self._sources}
        if kinds & set(source.kinds) or source.alias in aliases | {"u"}:
            raise ValueError(f"timeline source {source.kinds} clashes with one registered")
        self._sources.append(source)
        return source

    def unregister(self, source: TimelineSource) -> None:
        self._sources.remove(source)

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
        return next((source for source in self._sources if kind in source.kinds), None)


timeline = TimelineRegistry()


def timeline_source_register(source: TimelineSource) -> TimelineSource:
    """What an app calls in its ``AppConfig.ready()`` to add entries to the case timeline."""
    return timeline.register(source)


def timeline_branch_sql(source: TimelineSource, users_table: str) -> str:
    """One branch of the statement: the source's newest rows of one case, with the common
    columns. Parameters: the case, then the limit."""
    alias = source.alias
    return (
        f"SELECT * FROM (SELECT {source.columns} FROM {source.table} {alias} "  # noqa: S608
        f"LEFT JOIN {users_table} u ON u.id = {alias}.{source.person_column} "
        f"WHERE {alias}.{source.case_column} = %s {source.rows} "
        f"ORDER BY {source.order} LIMIT %s) AS {alias}_rows"
    )


# Renderers build text, not templates (a template per entry cost more than the whole query).
# Each value goes through ``escape``, which escapes as Django's ``escape`` does.
def escape(value) -> str:
    return html.escape(str(value))


@functools.cache
def _translated_labels(choices, language: str | None) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def choice_labels(choices) -> dict[str, str]:
    """``{value: label}`` of a choices class, translated once per language (keyed by the class,
    never by its labels: hashing a lazy label translates it)."""
    return _translated_labels(choices, get_language())


def by_whom(name: str) -> str:
    """Who recorded an entry, as every entry shows it."""
    return f'<span class="muted">· {escape(name)}</span>'
