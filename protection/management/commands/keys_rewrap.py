from django.core.management.base import BaseCommand
from tqdm import tqdm

from protection.keyring import get_keyring
from protection.services import (
    command_line_reason,
    data_keys_remaining,
    data_keys_rewrap_batch,
)


class Command(BaseCommand):
    help = (
        "Re-wrap every data key not on the current KEK version to it, in batches that each "
        "commit on their own (interrupt and run again to resume). Data fields are untouched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue the work as a Celery task instead of running it here.",
        )

    def handle(self, *args, batch_size: int, background: bool, **options):
        if batch_size < 1:
            self.stderr.write("--batch-size must be at least 1.")
            return
        target = get_keyring().current_kek_version
        if background:
            from protection.tasks import data_keys_rewrap

            result = data_keys_rewrap.delay(batch_size=batch_size)
            self.stdout.write(f"Queued re-wrapping to KEK version {target} as task {result.id}.")
            return
        remaining = data_keys_remaining()
        done = 0
        reason = command_line_reason("keys_rewrap")
        with tqdm(total=remaining, unit="key", disable=None, file=self.stderr) as progress:
            while True:
                count = data_keys_rewrap_batch(actor=None, batch_size=batch_size, reason=reason)
                if not count:
                    break
                done += count
                progress.update(count)
        self.stdout.write(
            self.style.SUCCESS(f"Re-wrapped {done} data keys to KEK version {target}.")
        )
