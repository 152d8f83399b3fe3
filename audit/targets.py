"""How the auditor's page names what an event was about, and what it adds to an event's reason.

An event keeps its target as a type and an id (``cases.casenote`` and a UUID), which tells an
auditor nothing. Each app that writes events about its rows registers, in its
``AppConfig.ready()``, how those rows name their case (``audit_target_register``), and may
register what the trail should show beside the events of one action (``audit_reason_register``:
the reason a supervisor typed when breaking the glass, kept encrypted with the case). The audit
app imports none of them; the page reads every registered name of its events in one statement.
"""

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class AuditTarget:
    """Rows of one type, as the trail names them.

    ``case_numbers(ids)`` returns a ``values_list(pk, case number)`` queryset of those rows; the
    trail unites the querysets of every type on a page into one query. ``noun`` says what the row
    is ("Note"); a case itself has none.
    """

    target_type: str
    case_numbers: Callable[[list[uuid.UUID]], QuerySet]
    noun: str = ""


# An action -> a reader given the auditor and a page of its events, returning event id -> text.
ReasonReader = Callable[..., dict[int, str]]

_targets: dict[str, AuditTarget] = {}
_reasons: dict[str, ReasonReader] = {}


def audit_target_register(target: AuditTarget) -> None:
    _targets[target.target_type] = target


def audit_reason_register(action: str, reader: ReasonReader) -> None:
    _reasons[str(action)] = reader


@dataclass(frozen=True)
class TargetName:
    noun: str
    case_number: str


def target_names(events: Iterable) -> dict[uuid.UUID, TargetName]:
    """Target id -> how the trail names it, for ``events``' registered targets, in one query
    (none when no event on the page has one)."""
    ids: dict[str, list[uuid.UUID]] = {}
    for event in events:
        if event.target_id is not None and event.target_type in _targets:
            ids.setdefault(event.target_type, []).append(event.target_id)
    if not ids:
        return {}
    parts = [
        _targets[target_type].case_numbers(sorted(set(found)))
        for target_type, found in sorted(ids.items())
    ]
    nouns = {
        target_id: _targets[target_type].noun
        for target_type, found in ids.items()
        for target_id in found
    }
    united = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return {
        target_id: TargetName(noun=nouns.get(target_id, ""), case_number=number)
        for target_id, number in united
    }


def extra_reasons(*, actor, events: list) -> dict[int, str]:
    """Event id -> what the registered readers add to the reasons of ``events``."""
    found: dict[int, str] = {}
    by_action: dict[str, list] = {}
    for event in events:
        if event.action in _reasons:
            by_action.setdefault(event.action, []).append(event)
    for action, chosen in by_action.items():
        found.update(_reasons[action](actor=actor, events=chosen))
    return found
