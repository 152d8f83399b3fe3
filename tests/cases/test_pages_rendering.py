"""The faster renderings of the case pages give the same markup as the templates they replace."""

import re
import types
import uuid

from django.utils import timezone

from cases.selectors import TimelineEntry
from cases.templatetags.cases import caseload_rows, timeline_entries


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
    hostile = "<script>alert('x')</script> & \""
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
    entry = TimelineEntry(
        kind="note",
        at=timezone.now(),
        id=uuid.uuid4(),
        code=hostile,
        detail=hostile,
        minutes=5,
        person=hostile,
    )
    escaped = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;"
    rows = str(caseload_rows([row]))
    timeline = str(timeline_entries([entry], types.SimpleNamespace(pk=uuid.uuid4())))
    for markup in (rows, timeline):
        assert "<script>" not in markup
        assert escaped in markup
    assert rows.count(escaped) == 5  # name, number, status (class and label), flag
