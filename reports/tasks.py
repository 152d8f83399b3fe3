"""Background work for reports: the run's id only, never parameters or data (STYLE habit 8)."""

from celery import shared_task

from reports import runs


@shared_task(name="reports.report_run")
def report_run(run_id: str) -> str:
    """Build a queued report run; its status afterwards."""
    run = runs.report_run_execute(run_id=run_id)
    return run.status if run is not None else "missing"
