"""The timeline is an extension point: another app's registered source shows on the case page,
read in the same single statement, and only to those its visibility rule lets see it."""

import pytest
from django.urls import reverse

from alongside.timeline import (
    FALSE,
    NULL_DAY,
    NULL_NUMBER,
    NULL_TEXT,
    TimelineSource,
    by_whom,
    escape,
    timeline,
    timeline_source_register,
)
from cases import selectors, services
from cases.models import BreakGlassGrant
from organization.models import Program
from tests.cases.conftest import write_note

pytestmark = pytest.mark.django_db


def _render(case):
    def render(entry) -> str:
        return f"{escape('Emergency access opened')} {by_whom(entry.person)}"

    return render


def _source(**rules) -> TimelineSource:
    """Another app's source, as it would register it: here, break-glass grants on the case."""
    return TimelineSource(
        kinds=("test_access",),
        table=BreakGlassGrant._meta.db_table,
        alias="tb",
        person_column="user_id",
        order="tb.granted_at DESC",
        columns=f"'test_access', 10, tb.id, tb.granted_at, {NULL_DAY}, {NULL_TEXT}, {NULL_TEXT}, "
        f"{NULL_NUMBER}, {FALSE}, u.full_name, tb.granted_at",
        prepare=_render,
        shows_time=True,
        **rules,
    )


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


def test_the_case_page_renders_the_entry_as_its_source_says(
    case, advocate, grant, registered, client_for
):
    registered(_source())
    page = client_for(advocate).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "timeline__entry--test_access" in page
    assert "Emergency access opened" in page


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
    clash = _source(visible_to=lambda viewer, case: True)
    with pytest.raises(ValueError):
        timeline_source_register(clash)
