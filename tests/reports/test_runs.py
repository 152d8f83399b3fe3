"""Runs: short periods at once, long ones through the Celery task (the run's id only), with
progress saved on the way; both paths store the same numbers."""

import time

import pytest

from audit.models import AuditEvent
from reports import runs, tasks
from reports.choices import RunStatus
from reports.models import ReportRun
from reports.serialize import report_to_json
from tests.conftest import running_in_ci

pytestmark = pytest.mark.django_db

SHORT = {"preset": "custom", "period_start": "2026-01-01", "period_end": "2026-03-31"}
LONG = {"preset": "custom", "period_start": "2025-01-01", "period_end": "2025-12-31"}


def _numbers(run):
    data = dict(run.result)
    data.pop("generated_at")
    return data


def test_a_short_period_runs_at_once_and_is_audited(administrator, engine):
    run = runs.report_run_start(
        actor=administrator, kind="referral", data={**SHORT, "threshold": 4}
    )
    assert run.status == RunStatus.DONE and run.progress == 100 and not run.in_background
    assert run.parameters["period_start"] == "2026-01-01"
    event = AuditEvent.objects.get(target_id=run.pk)
    assert "kind:referral" in event.fields and '"threshold":4' in event.reason


def test_a_long_period_goes_to_the_task_with_the_id_only(
    administrator, engine, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(tasks.report_run, "delay", lambda *args, **kw: sent.append((args, kw)))
    with django_capture_on_commit_callbacks(execute=True):
        run = runs.report_run_start(actor=administrator, kind="referral", data=LONG)
    assert run.in_background and run.status == RunStatus.QUEUED
    assert sent == [((str(run.pk),), {})]


def test_background_and_direct_give_the_same_numbers(administrator, engine, settings):
    settings.REPORT_BACKGROUND_AFTER_DAYS = 1000
    direct = runs.report_run_start(
        actor=administrator, kind="referral", data=LONG | {"threshold": 4}
    )
    settings.REPORT_BACKGROUND_AFTER_DAYS = 30
    queued = runs.report_run_start(
        actor=administrator, kind="referral", data=LONG | {"threshold": 4}
    )
    assert queued.in_background and queued.status == RunStatus.QUEUED
    assert tasks.report_run.apply(args=[str(queued.pk)]).get() == RunStatus.DONE
    queued.refresh_from_db()
    assert _numbers(queued) == _numbers(direct)


def test_progress_is_saved_as_the_engine_reports_steps(administrator, monkeypatch):
    from reports import kinds

    seen = []

    def build(*, actor, kind, parameters, progress):
        progress(25, "Counting referrals")
        seen.append(ReportRun.objects.values_list("status", "progress", "step").get())
        progress(10, "Going backwards")  # ignored: the bar never jumps back
        seen.append(ReportRun.objects.values_list("progress", flat=True).get())
        from tests.reports.built import built_report

        return built_report()

    monkeypatch.setattr(kinds, "report_build", build)
    run = runs.report_run_start(actor=administrator, kind="referral", data=SHORT)
    assert seen == [(RunStatus.RUNNING, 25, "Counting referrals"), 25]
    assert run.status == RunStatus.DONE


def test_a_failing_build_fails_the_run_with_words_not_the_error(administrator, monkeypatch):
    from reports import kinds

    def build(**kwargs):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(kinds, "report_build", build)
    run = runs.report_run_start(actor=administrator, kind="referral", data=SHORT)
    assert run.status == RunStatus.FAILED
    assert "secret" not in run.failure and run.result is None


def test_a_finished_run_delivered_again_is_left_alone(administrator, engine):
    run = runs.report_run_start(actor=administrator, kind="referral", data=SHORT)
    before = run.result
    tasks.report_run.apply(args=[str(run.pk)])
    run.refresh_from_db()
    assert run.result == before and len(engine) == 1


def test_the_task_checks_the_requester_again(administrator, engine, settings):
    from accounts.roles import Role

    settings.REPORT_BACKGROUND_AFTER_DAYS = 30
    run = runs.report_run_start(actor=administrator, kind="referral", data=LONG)
    administrator.groups.clear()
    from django.contrib.auth.models import Group

    administrator.groups.add(Group.objects.get_or_create(name=Role.AUDITOR)[0])
    administrator.role_forget()
    tasks.report_run.apply(args=[str(run.pk)])
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and engine == []


def test_stored_result_holds_no_hidden_count(administrator, engine):
    run = runs.report_run_start(actor=administrator, kind="referral", data=SHORT)
    cells = [
        cell for table in run.result["tables"] for row in table["rows"] for cell in row["cells"]
    ]
    assert {"hidden": True} in cells
    assert report_to_json(runs.run_report(run))["tables"] == run.result["tables"]


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_a_long_report_from_redis(administrator, engine, settings):
    if not settings.REDIS_URL:
        if running_in_ci():
            pytest.fail("CI must run the worker test: REDIS_URL is not set.")
        pytest.skip("Set REDIS_URL to run a real worker against Redis.")
    from celery.contrib.testing.worker import start_worker

    from alongside.celery import app

    settings.REPORT_BACKGROUND_AFTER_DAYS = 1000
    direct = runs.report_run_start(actor=administrator, kind="referral", data=LONG)
    settings.REPORT_BACKGROUND_AFTER_DAYS = 30
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        run = runs.report_run_start(actor=administrator, kind="referral", data=LONG)
        assert run.in_background
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if run.is_finished:
                break
            time.sleep(0.2)
    assert run.status == RunStatus.DONE
    assert _numbers(run) == _numbers(direct)


@pytest.mark.parametrize("kind", ["referral", "funder"])
def test_a_run_reports_each_step_of_the_engine_in_order(administrator, kind):
    # The real engine (no ``engine`` stand-in), on an empty period: the steps are the same.
    from reports import kinds

    parameters = kinds.parameters_validate(actor=administrator, kind=kind, data=LONG)
    steps = []
    report = kinds.report_build(
        actor=administrator,
        kind=kind,
        parameters=parameters,
        progress=lambda percent, step: steps.append((percent, str(step))),
    )
    percents = [percent for percent, _step in steps]
    assert percents == sorted(percents) and len(percents) >= 3 and percents[-1] == 95
    assert report.kind == kind
