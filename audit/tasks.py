from celery import shared_task

from audit.checkpoints import checkpoint_write


@shared_task(name="audit.checkpoint_write")
def audit_checkpoint_write() -> int:
    """Write a signed checkpoint of the chain heads; return the number of events it covers."""
    return checkpoint_write()["events"]
