"""Prove that no audit event was edited, removed or moved: walk every chain lane, then compare
the chain with the signed checkpoints kept outside the database (audit/checkpoints.py)."""

from django.core.management.base import BaseCommand, CommandError

from audit.chain import chain_verify
from audit.checkpoints import checkpoint_path, checkpoints_verify
from audit.models import AuditChainHead


class Command(BaseCommand):
    help = (
        "Verify the audit trail's hash chain and compare it with the signed checkpoints; name "
        "what is broken or changed since the last checkpoint and exit 1 if anything is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--heads",
            action="store_true",
            help="Also print each lane's newest position and hash.",
        )

    def handle(self, **options):
        report = chain_verify()
        checkpoints = checkpoints_verify()
        problems = []
        broken = report.first_break
        if broken is not None:
            where = (
                f"event id {broken.event_id} (uuid {broken.event_uuid})"
                if broken.event_id is not None
                else f"lane {broken.lane}"
            )
            problems.append(
                f"Audit trail broken at {where}, lane {broken.lane}: {broken.problem} — "
                f"{broken.detail}."
            )
        if checkpoints.problems:
            problems.append(
                f"Audit trail differs from its signed checkpoints (last valid: "
                f"{checkpoints.last_at or 'none'}):\n"
                + "\n".join(f"  - {problem}." for problem in checkpoints.problems)
            )
        if problems:
            raise CommandError("\n".join(problems), returncode=1)
        self.stdout.write(
            self.style.SUCCESS(
                f"OK: {report.events} audit events verified in {report.lanes} chain "
                f"lane{'s' if report.lanes != 1 else ''}."
            )
        )
        if checkpoints.last_at:
            self.stdout.write(
                f"Matches {checkpoints.checkpoints} signed checkpoints; the last, of "
                f"{checkpoints.last_at}, is followed by {checkpoints.events_since} newer events."
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"No signed checkpoints in {checkpoint_path()} yet: a rebuilt or emptied "
                    "chain cannot be told from an intact one until the first is written."
                )
            )
        if options["heads"]:
            for head in AuditChainHead.objects.order_by("lane"):
                self.stdout.write(f"lane {head.lane} position {head.seq} hash {head.hash}")
