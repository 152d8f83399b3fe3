"""Background work on accounts. Tasks take no arguments and re-read what they need."""

from celery import shared_task

from accounts import change_requests


@shared_task(name="accounts.change_requests_apply_due")
def change_requests_apply_due() -> int:
    """Apply delayed account changes whose delay has passed, and expire stale requests."""
    return change_requests.change_requests_apply_due()
