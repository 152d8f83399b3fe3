"""The timeline and the record panels of the case page: every kind, linked, constant queries."""

import datetime
import re
from collections import Counter

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import selectors, services
from cases.views import case_panels_context
from tests.cases.conftest import write_note

pytestmark = pytest.mark.django_db


def _fill(case, author, notes: int) -> None:
    """``notes`` notes and one of everything else, as a busy case has."""
    now = timezone.now()
    for index in range(notes):
        write_note(
            case, author, body=f"Note {index}", contact_at=now - datetime.timedelta(hours=index)
        )
    services.stage_record(actor=author, case=case, stage="preparation")
    services.stage_record(actor=author, case=case, is_recurrence=True)
    services.service_record(actor=author, case=case, category="housing")
    services.goal_create(
        actor=author, case=case, domain="safety", own_words="Feel safe at night", steps=["Lock"]
    )
    services.check_in_record(actor=author, case=case, ratings={"stability": 3})
    services.outreach_record(
        actor=author, case=case, attempted_at=now, method="text", outcome="left_message"
    )
    services.appointment_record(actor=author, case=case, scheduled_for=now, outcome="missed")


def test_every_kind_of_entry_is_on_the_timeline_with_links(case, advocate, client_for):
    _fill(case, advocate, notes=2)
    page = client_for(advocate).get(reverse("cases:detail", args=[case.pk])).content.decode()
    kinds = [
        "note",
        "stage",
        "recurrence",
        "service",
        "goal",
        "check_in",
        "outreach",
        "appointment",
    ]
    for kind in kinds:
        assert f"timeline__entry--{kind}" in page, kind
    note = case.notes.first()
    goal = case.goals.get()
    assert reverse("cases:note-detail", args=[case.pk, note.pk]) in page
    assert reverse("cases:goal-edit", args=[case.pk, goal.pk]) in page
    assert reverse("cases:check-ins", args=[case.pk]) in page
    assert "Recurrence: an event on the journey" in page
    # Note bodies are read on the note's own page, where the view is audited.
    assert "Note 0" not in page


def _count_panel_queries(case, advocate) -> int:
    request = RequestFactory().get("/")
    request.user = advocate
    with CaptureQueriesContext(connection) as queries:
        context = {"case": case, "request": request, **case_panels_context(request, case)}
        render_to_string("cases/records/panels.html", context)
        render_to_string("cases/records/timeline.html", context)
    return len(queries)


def test_panels_and_timeline_use_the_same_queries_for_5_and_50_notes(
    case, other_case, advocate, make_user
):
    _fill(case, advocate, notes=5)
    small = _count_panel_queries(case, advocate)
    lead = other_case.created_by
    _fill(other_case, lead, notes=50)
    assert _count_panel_queries(other_case, lead) == small


def test_the_case_page_uses_the_same_queries_for_5_and_50_notes(
    case, other_case, advocate, client_for, django_assert_num_queries
):
    _fill(case, advocate, notes=5)
    client = client_for(advocate)
    url = reverse("cases:detail", args=[case.pk])
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    # Each request resets the query log, so keep the count now.
    expected = len(small)
    lead = other_case.created_by
    _fill(other_case, lead, notes=50)
    other = client_for(lead)
    other_url = reverse("cases:detail", args=[other_case.pk])
    other.get(other_url)
    with django_assert_num_queries(expected):
        assert other.get(other_url).status_code == 200


def test_timeline_is_newest_first(case, advocate):
    _fill(case, advocate, notes=3)
    entries = selectors.case_record(case=case).timeline
    assert [entry.at for entry in entries] == sorted((e.at for e in entries), reverse=True)


def test_the_case_page_with_every_panel_has_unique_ids(case, advocate, client_for):
    _fill(case, advocate, notes=2)
    page = client_for(advocate).get(reverse("cases:detail", args=[case.pk])).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [name for name, count in ids.items() if count > 1] == []
    for label_for in re.findall(r'<label for="([^"]+)"', page):
        assert label_for in ids, label_for


def test_the_goals_panel_counts_each_goals_steps(case, advocate, client_for):
    services.goal_create(
        actor=advocate, case=case, domain="housing", own_words="A flat", steps=["Apply", "Visit"]
    )
    services.goal_create(actor=advocate, case=case, domain="legal", own_words="Papers", steps=[])
    page = client_for(advocate).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "2 steps" in page
    assert "0 steps" not in page and "1 step<" not in page


def test_the_timeline_keeps_each_kinds_newest_entries_and_orders_a_day_by_kind(case, advocate):
    """Entries on a day stand at its start, after anything timed later that day; on one
    moment, a note comes before a stage, a stage before a service."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    services.service_record(actor=advocate, case=case, category="housing", provided_on=yesterday)
    services.stage_record(actor=advocate, case=case, stage="action", occurred_on=yesterday)
    start = timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time()))
    write_note(case, advocate, body="At midnight", contact_at=start)
    write_note(case, advocate, body="Later", contact_at=start + datetime.timedelta(hours=9))
    kinds = [entry.kind for entry in selectors.case_record(case=case).timeline]
    assert kinds == ["note", "note", "stage", "service"]
    assert [entry.kind for entry in selectors.case_record(case=case, limit=2).timeline] == [
        "note",
        "note",
    ]
    people = {entry.person for entry in selectors.case_record(case=case).timeline}
    assert people == {advocate.full_name}


def test_the_panels_read_the_record_in_one_query_and_goals_in_another(case, advocate):
    _fill(case, advocate, notes=3)
    # The advocate's role and team place (``allowed``: a real page reads both with the user and
    # the case), then one for the record (timeline, team, current stage, reminders) and one for
    # the goals with their step counts.
    assert _count_panel_queries(case, advocate) == 4


def test_the_team_panel_shows_who_is_on_the_team_today(
    case, advocate, clinician, supervisor, client_for
):
    case.program.supervisors.add(supervisor)
    membership = case.team.get(user=clinician)
    services.team_member_end(actor=supervisor, membership=membership)
    record = selectors.case_record(case=case)
    assert [place.person for place in record.team] == [advocate.full_name]
    page = client_for(advocate).get(reverse("cases:detail", args=[case.pk])).content.decode()
    team = page.split('id="team-heading"')[1].split("</section>")[0]
    assert advocate.full_name in team and clinician.full_name not in team
    assert "Lead advocate" in team
