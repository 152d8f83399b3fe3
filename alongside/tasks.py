from celery import shared_task


@shared_task(name="alongside.ping")
def ping() -> str:
    """A task with no data, used by the health check and the worker test."""
    return "pong"
