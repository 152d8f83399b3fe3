"""The faster renderings of the case pages give the same markup as the templates they replace."""

import re


def test_every_kind_of_timeline_entry_says_what_happened_and_who_recorded_it(case, advocate):
    from django.template.loader import render_to_string

    from cases import selectors
    from tests.cases.test_records_timeline import _fill

    _fill(case, advocate, notes=1)
    html = render_to_string(
        "cases/records/timeline.html", {"case": case, "timeline": selectors.timeline(case=case)}
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
