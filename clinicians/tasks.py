"""Background work for clinicians: no arguments, no survivor data (STYLE habit 8)."""

from celery import shared_task

from clinicians import services


@shared_task(name="clinicians.licence_reminders_create")
def licence_reminders_create() -> int:
    """Remind clinicians of licences expiring within 60 days; how many reminders were made."""
    return services.licence_reminders_create()
