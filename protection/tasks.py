"""Background key rotation. The task carries batch sizes only: no ids, no keys, no data."""

import logging

from celery import shared_task

from protection.services import data_keys_rewrap_batch

logger = logging.getLogger("protection")


@shared_task(name="protection.data_keys_rewrap", bind=True)
def data_keys_rewrap(self, batch_size: int = 1000, max_batches: int | None = None) -> int:
    """Re-wrap data keys to the current KEK in batches, reporting progress as task state.

    Safe to run twice or to resume after a crash: each batch commits on its own and only keys
    not yet on the current version are picked up.
    """
    from protection.services import data_keys_remaining

    total = 0
    batches = 0
    remaining_at_start = data_keys_remaining()
    while max_batches is None or batches < max_batches:
        done = data_keys_rewrap_batch(actor=None, batch_size=batch_size, reason="Background task.")
        if not done:
            break
        total += done
        batches += 1
        if not self.request.called_directly and self.request.id:
            self.update_state(state="PROGRESS", meta={"done": total, "total": remaining_at_start})
    logger.info("Re-wrapped %s data keys in %s batches.", total, batches)
    return total
