"""The timeline is an extension point: another app's registered source shows on the case page,
read in the same single statement, and only to those its visibility rule lets see it."""

import dataclasses
import datetime

import pytest
from django.urls import reverse
from django.utils.html import format_html

from alongside.timeline import (
    TimelineEntry,
    TimelineSource,
    TimelineSourceError,
    timeline,
    timeline_source_register,
)
from cases import selectors, services
from cases.models import BreakGlassGrant
from organization.models import Program
from tests.cases.conftest import write_note

pytestmark = pytest.mark.django_db


@dataclasses.dataclass(frozen=True, slots=True)
class AccessEntry(TimelineEntry):
    reviewed: bool
    expires_at: datetime.datetime | None
    hours: int | None
    reviewer: str


def _render(case):
    def render(entry: AccessEntry):
        return format_html(
            "{} {} <i>{}</i>", "Emergency <access> opened", entry.person, entry.reviewer
        )

    return render


def _source(**rules) -> TimelineSource:
    """Another app's source, as it would register it: here, break-glass grants on the case."""
    values = {
        "kinds": ("test_access",),
        "rank": 1000,
        "entry": AccessEntry,
        "fields": {
            "reviewed": "tb.reviewed_at IS NOT NULL",
            "expires_at": "tb.expires_at",
            "hours": "2 + 2",
            "reviewer": "'nobody yet'",
        },
        "table": BreakGlassGrant._meta.db_table,
        "alias": "tb",
        "person_column": "user_id",
        "order": "tb.granted_at DESC",
        "at": "tb.granted_at",
        "recorded": "tb.granted_at",
        "prepare": _render,
        "shows_time": True,
    }
    values.update(rules)
    return TimelineSource(**values)


@pytest.fixture
def registered():
    added = []

    def register(source):
        added.append(timeline_source_register(source))
        return source

    yield register
    for source in added:
        timeline.unregister(source)


@pytest.fixture
def grant(case, make_user):
    other = make_user("supervisor", full_name="Elif Elsewhere")
    Program.objects.create(name="Elsewhere").supervisors.add(other)
    return services.break_glass_open(actor=other, case=case, reason="Hospital called at 2am")


def test_the_cases_app_registers_its_own_sources_through_the_registry():
    kinds = {kind for source in timeline.sources() for kind in source.kinds}
    assert kinds >= {"note", "stage", "recurrence", "service", "goal", "check_in", "outreach"}


def test_a_registered_source_appears_in_the_same_single_query(
    case, advocate, grant, registered, django_assert_num_queries
):
    write_note(case, advocate)
    registered(_source())
    with django_assert_num_queries(1):
        record = selectors.case_record(case=case, viewer=advocate)
    kinds = [entry.kind for entry in record.timeline]
    assert "test_access" in kinds and "note" in kinds
    entry = next(entry for entry in record.timeline if entry.kind == "test_access")
    assert entry.id == grant.pk and entry.person == "Elif Elsewhere"
    # Each field arrives under its name, with its type, on SQLite and PostgreSQL alike.
    assert isinstance(entry, AccessEntry)
    assert entry.reviewed is False and entry.hours == 4 and entry.reviewer == "nobody yet"
    assert entry.expires_at == grant.expires_at
    note = next(entry for entry in record.timeline if entry.kind == "note")
    assert (note.note_kind, note.method, note.minutes) == ("contact", "in_person", 30)
    assert note.signed is False


def test_the_case_page_renders_the_entry_as_its_source_says(
    case, advocate, grant, registered, client_for
):
    registered(_source())
    page = client_for(advocate).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "timeline__entry--test_access" in page
    assert "Emergency &lt;access&gt; opened Elif Elsewhere <i>nobody yet</i>" in page


def test_a_source_whose_rule_refuses_the_viewer_is_left_out(
    case, advocate, supervisor, grant, registered, client_for
):
    registered(_source(visible_to=lambda viewer, case: viewer.role == supervisor.role))
    shown = selectors.case_record(case=case, viewer=supervisor).timeline
    assert "test_access" in [entry.kind for entry in shown]
    hidden = selectors.case_record(case=case, viewer=advocate).timeline
    assert "test_access" not in [entry.kind for entry in hidden]
    page = client_for(advocate).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "timeline__entry--test_access" not in page


def test_a_kind_cannot_be_registered_twice(registered):
    registered(_source())
    clash = _source(visible_to=lambda viewer, case: True, rank=1001, alias="tc")
    with pytest.raises(TimelineSourceError, match=r"takes a kind of \['test_access'\]"):
        timeline_source_register(clash)


def test_a_rank_taken_is_refused_naming_the_source_that_has_it():
    # Entries at one moment are ordered by their sources' ranks: two sources on one rank
    # would leave their order to chance.
    with pytest.raises(TimelineSourceError, match=r"rank 0 .* source \('note',\)"):
        timeline_source_register(_source(rank=0))


def test_an_alias_taken_or_the_users_is_refused():
    with pytest.raises(TimelineSourceError, match="alias 'n'"):
        timeline_source_register(_source(alias="n"))
    with pytest.raises(TimelineSourceError, match="alias 'u'"):
        timeline_source_register(_source(alias="u"))


def test_every_registered_source_has_its_own_rank_kinds_and_alias():
    sources = timeline.sources()
    assert len({source.rank for source in sources}) == len(sources)
    assert len({source.alias for source in sources}) == len(sources)
    kinds = [kind for source in sources for kind in source.kinds]
    assert len(set(kinds)) == len(kinds)


@dataclasses.dataclass(frozen=True, slots=True)
class _Untyped(TimelineEntry):
    data: dict


class _NotAnEntry:
    pass


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"fields": {"reviewed": "1"}}, r"missing: \['expires_at', 'hours', 'reviewer'\]"),
        (
            {"fields": {**dict(_source().fields), "extra": "1"}},
            r"not fields of it: \['extra'\]",
        ),
        ({"entry": _Untyped, "fields": {"data": "1"}}, "_Untyped.data is <class 'dict'>"),
        ({"entry": _NotAnEntry, "fields": {}}, "a dataclass extending TimelineEntry"),
        ({"on_day": "tb.granted_at"}, "either `at`"),
        ({"at": ""}, "either `at`"),
        ({"kinds": ("a", "b")}, "kind_sql"),
    ],
)
def test_a_source_that_cannot_work_is_refused_with_the_reason(rules, message):
    with pytest.raises(TimelineSourceError, match=message):
        _source(**rules)


def test_a_source_without_a_renderer_is_not_registered():
    with pytest.raises(TimelineSourceError, match="renderer"):
        timeline_source_register(_source(prepare=None))
