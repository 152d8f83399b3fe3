"""Background work on cases. Tasks carry no survivor data (STYLE habit 8): they take no
arguments at all, re-read what they need and call a service."""

from celery import shared_task

from cases import services


@shared_task(name="cases.break_glass_expire")
def break_glass_expire() -> int:
    """Remove the object permissions of break-glass grants that have expired.

    Access already ends at expiry (the policy checks ``expires_at``); this keeps the permission
    table honest. Returns how many permissions were removed.
    """
    return services.break_glass_expire()


@shared_task(name="cases.quiet_cases_remind")
def quiet_cases_remind() -> int:
    """Remind lead advocates of quiet cases to reach out; never closes anything."""
    return services.quiet_cases_remind()
