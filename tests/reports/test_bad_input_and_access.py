"""Bad input and the wrong person: a specific message, and nothing counted or written."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from reports import services
from tests.reports.conftest import END, START


@pytest.fixture
def nothing_runs(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the report ran")

    monkeypatch.setattr(services, "referral_report", refuse)
    monkeypatch.setattr(services, "funder_report", refuse)


def refused(actor, kind="referral", **raw):
    before = AuditEvent.objects.count()
    raw.setdefault("period_start", START)
    raw.setdefault("period_end", END)
    with pytest.raises((ValidationError, PermissionDenied)) as caught:
        services.report_run(actor=actor, kind=kind, **raw)
    assert AuditEvent.objects.count() == before
    return caught.value


def messages(error) -> dict:
    return error.message_dict if hasattr(error, "error_dict") else {"": error.messages}


def test_a_period_that_ends_before_it_starts(world, administrator, nothing_runs):
    error = refused(administrator, period_start=END, period_end=START)
    assert messages(error) == {"period_end": ["The period ends before it starts."]}


def test_a_period_longer_than_allowed(world, administrator, nothing_runs, settings):
    settings.REPORT_MAX_PERIOD_DAYS = 366
    error = refused(administrator, period_start=datetime.date(2024, 1, 1), period_end=END)
    assert "at most 366 days" in messages(error)["period_end"][0]


def test_a_date_that_is_not_a_date(world, administrator, nothing_runs):
    error = refused(administrator, period_start="2026-13-01")
    assert messages(error) == {"period_start": ["Give a date as YYYY-MM-DD."]}


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("partner", "8a6b5c1e-0000-4000-8000-000000000001", "No partner organization has this id."),
        ("partner", "not-an-id", "This is not a known id."),
        ("category", "8a6b5c1e-0000-4000-8000-000000000002", "No service category has this id."),
        ("program", "8a6b5c1e-0000-4000-8000-000000000003", "No program has this id."),
        ("urgency", "whenever", "Urgency is one of: routine, soon, urgent."),
    ],
)
def test_an_unknown_filter_value(world, administrator, nothing_runs, name, value, message):
    error = refused(administrator, **{name: value})
    assert messages(error) == {name: [message]}


@pytest.mark.parametrize("threshold", [0, -3, "many"])
def test_a_threshold_below_one(world, administrator, nothing_runs, threshold):
    error = refused(administrator, threshold=threshold)
    assert "threshold" in messages(error)


def test_a_supervisor_asking_for_another_programs_report(world, supervisor, nothing_runs):
    error = refused(supervisor, program=world.south.pk)
    assert isinstance(error, PermissionDenied)
    assert str(error) == "You may run reports only for the programs you supervise."
    error = refused(supervisor, kind="funder", program=world.south.pk)
    assert isinstance(error, PermissionDenied)


@pytest.mark.parametrize("role", ["partner", "advocate", "clinician", "auditor"])
def test_roles_without_reports(world, make_user, nothing_runs, role):
    error = refused(make_user(role))
    assert isinstance(error, PermissionDenied)
    assert str(error) == "Reports are for administrators and supervisors."


def test_an_unknown_kind_of_report(world, administrator, nothing_runs):
    error = refused(administrator, kind="everything")
    assert "kind" in messages(error)


def test_a_supervisor_sees_their_programs_report(world, supervisor):
    report = services.report_run(
        actor=supervisor, kind="referral", period_start=START, period_end=END, threshold=1
    )
    assert report.filters == {"program": str(world.north.pk)}
    totals = {r.code: r.cells[-1] for r in report.table("by_partner_status").rows}
    assert totals["total"] == 15


def test_every_run_is_audited_with_its_parameters(world, administrator):
    services.report_run(
        actor=administrator,
        kind="referral",
        period_start=START,
        period_end=END,
        urgency="soon",
    )
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == "view" and event.target_type == "reports.report"
    assert '"urgency": "soon"' in event.reason and '"period_start": "2026-01-01"' in event.reason
    assert '"threshold": 4' in event.reason
