"""The faster renderings of the case pages give the same markup as the templates they replace."""

import dataclasses
import datetime
import re
import types
import typing
import uuid

import pytest
from django.utils import timezone

from alongside.timeline import timeline
from cases.templatetags.cases import caseload_rows, timeline_entries
from cases.timeline import NoteEntry

HOSTILE = "<script>alert('x')</script> & \""
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;"


def test_every_kind_of_timeline_entry_says_what_happened_and_who_recorded_it(case, advocate):
    from django.template.loader import render_to_string

    from cases import selectors
    from tests.cases.test_records_timeline import _fill

    _fill(case, advocate, notes=1)
    html = render_to_string(
        "cases/records/timeline.html",
        {"case": case, "timeline": selectors.case_record(case=case).timeline},
    )
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    for said in (
        "Contact note",
        "Stage of change: Preparation",
        "Recurrence: an event on the journey",
        "Service provided:",
        "Goal set (",
        "Recovery check-in",
        "Outreach by Text message:",
        "Appointment:",
    ):
        assert said in text, said
    assert text.count(f"· {advocate.full_name}") == 7  # every entry but the goal names a person
    assert html.count('<time datetime="') == 8


def test_caseload_rows_and_timeline_escape_what_people_typed():
    """Both are built as text, not through templates: every value must still be escaped."""
    hostile = HOSTILE
    row = types.SimpleNamespace(
        pk=uuid.uuid4(),
        preferred_name=hostile,
        safety_flags=[hostile],
        minor_at_intake=False,
        number=hostile,
        status=hostile,
        last_contact_at=None,
        next_reminder_on=None,
    )
    entry = NoteEntry(
        kind="note",
        at=timezone.now(),
        id=uuid.uuid4(),
        note_kind=hostile,
        method=hostile,
        minutes=5,
        signed=True,
        person=hostile,
    )
    escaped = ESCAPED
    rows = str(caseload_rows([row]))
    timeline = str(timeline_entries([entry], types.SimpleNamespace(pk=uuid.uuid4())))
    for markup in (rows, timeline):
        assert "<script>" not in markup
        assert escaped in markup
    assert rows.count(escaped) == 5  # name, number, status (class and label), flag


_HOSTILE_VALUES = {
    str: HOSTILE,
    int: 7,
    bool: True,
    datetime.date: datetime.date(2024, 5, 1),
    datetime.datetime: datetime.datetime(2024, 5, 1, 9, tzinfo=datetime.UTC),
}


def _hostile_entry(source, kind):
    """An entry of ``source`` whose every text is markup, built from its typed fields."""
    hints = typing.get_type_hints(source.entry)
    values = {"kind": kind, "id": uuid.uuid4(), "at": timezone.now(), "person": HOSTILE}
    for field in dataclasses.fields(source.entry)[len(values) :]:
        kinds = typing.get_args(hints[field.name]) or (hints[field.name],)
        values[field.name] = next(_HOSTILE_VALUES[k] for k in kinds if k in _HOSTILE_VALUES)
    return source.entry(**values)


@pytest.mark.parametrize("kind", [kind for source in timeline.sources() for kind in source.kinds])
def test_every_registered_renderer_escapes_every_text_it_is_given(kind):
    source = timeline.source_of(kind)
    case = types.SimpleNamespace(pk=uuid.uuid4())
    html = str(source.prepare(case)(_hostile_entry(source, kind)))
    assert "<script>" not in html and ESCAPED in html
    assert "&amp;lt;" not in html  # nothing escaped twice
