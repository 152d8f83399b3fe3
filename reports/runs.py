"""Running a report: short periods at once, long ones in the background with progress.

``report_run_start`` checks the parameters (nothing is created when they are wrong), records
the run and either builds the report in the request or hands the run's id — only its id — to
``reports.tasks.report_run``. ``report_run_execute`` builds it, saving progress as the engine
reports its steps; each progress save commits on its own, so the page polling the run sees it
while the report is still being built. A run's result is the ``Report`` as JSON: suppressed
counts only.
"""

import json
import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_record
from reports import kinds
from reports.access import may_run_reports
from reports.choices import RunStatus
from reports.models import ReportRun
from reports.results import Report
from reports.serialize import report_from_json, report_to_json

logger = logging.getLogger(__name__)


def parameters_words(parameters: dict) -> str:
    """The parameters for the audit trail: codes and ids, never survivor data."""
    return json.dumps(parameters, sort_keys=True, separators=(",", ":"))


def report_run_start(*, actor, kind: str, data: dict) -> ReportRun:
    """Validate ``data`` (raises ``ValidationError`` naming the field, nothing created), record
    the run, and build it now or queue it."""
    if not may_run_reports(actor):
        raise PermissionDenied
    parameters = kinds.parameters_validate(actor=actor, kind=kind, data=data)
    background = kinds.runs_in_background(parameters)
    with transaction.atomic():
        run = ReportRun.objects.create(
            requested_by=actor, kind=kind, parameters=parameters, in_background=background
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=run,
            fields=["report_run", f"kind:{kind}"],
            reason=parameters_words(parameters),
        )
        if background:
            from reports.tasks import report_run

            run_id = str(run.pk)
            transaction.on_commit(lambda: report_run.delay(run_id))
    if not background:
        report_run_execute(run_id=run.pk)
        run.refresh_from_db()
    return run


def _progress_saver(run_id):
    last = {"percent": -1}

    def progress(percent: int, step: str) -> None:
        percent = max(0, min(99, int(percent)))
        # Never backwards: a step reported twice does not make the bar jump back.
        if percent < last["percent"]:
            return
        last["percent"] = percent
        ReportRun.objects.filter(pk=run_id).update(progress=percent, step=str(step)[:120])

    return progress


def report_run_execute(*, run_id) -> ReportRun | None:
    """Build the run's report (in the request, or in the worker). A run already finished is
    left as it is, so a task delivered twice does no harm."""
    run = ReportRun.objects.select_related("requested_by").filter(pk=run_id).first()
    if run is None or run.is_finished:
        return run
    now = timezone.now()
    ReportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=now, progress=0, step=_("Starting")
    )
    # The requester may have lost the right since asking: the task checks again.
    if not may_run_reports(run.requested_by):
        return _fail(run, _("You may no longer run reports."))
    try:
        report = kinds.report_build(
            actor=run.requested_by,
            kind=run.kind,
            parameters=run.parameters,
            progress=_progress_saver(run.pk),
        )
    except PermissionDenied as refusal:
        return _fail(run, str(refusal) or _("You may no longer run this report."))
    except Exception:
        # The exception's text could quote data: the log names the run only.
        logger.exception("Report run %s failed", run.pk)
        return _fail(run, _("The report could not be built. Try again, or tell an administrator."))
    ReportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE,
        progress=100,
        step=_("Ready"),
        result=report_to_json(report),
        finished_at=timezone.now(),
    )
    run.refresh_from_db()
    return run


def _fail(run: ReportRun, words: str) -> ReportRun:
    ReportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.FAILED, failure=words[:200], finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run


def run_report(run: ReportRun) -> Report | None:
    if run.status != RunStatus.DONE or run.result is None:
        return None
    return report_from_json(run.result)


@transaction.atomic
def report_download_record(*, actor, run: ReportRun, file_format: str) -> None:
    """Every file that leaves is in the audit trail with what it holds."""
    audit_record(
        actor=actor,
        action=AuditAction.DOWNLOAD,
        target=run,
        fields=["report_run", f"kind:{run.kind}", f"format:{file_format}"],
        reason=parameters_words(run.parameters),
    )
