"""Prove that no audit event was edited, removed or moved: walk every chain lane."""

from django.core.management.base import BaseCommand, CommandError

from audit.chain import chain_verify
from audit.models import AuditChainHead


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; name the first broken event and exit 1 if any."

    def add_arguments(self, parser):
        parser.add_argument(
            "--heads",
            action="store_true",
            help=(
                "Also print each lane's newest position and hash. Kept somewhere the database's "
                "administrators cannot write, they prove later that the chain was not rebuilt."
            ),
        )

    def handle(self, **options):
        report = chain_verify()
        broken = report.first_break
        if broken is not None:
            where = (
                f"event id {broken.event_id} (uuid {broken.event_uuid})"
                if broken.event_id is not None
                else f"lane {broken.lane}"
            )
            raise CommandError(
                f"Audit trail broken at {where}, lane {broken.lane}: {broken.problem} — "
                f"{broken.detail}.",
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"OK: {report.events} audit events verified in {report.lanes} chain "
                f"lane{'s' if report.lanes != 1 else ''}."
            )
        )
        if options["heads"]:
            for head in AuditChainHead.objects.order_by("lane"):
                self.stdout.write(f"lane {head.lane} position {head.seq} hash {head.hash}")
