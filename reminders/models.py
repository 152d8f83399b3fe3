"""A reminder: something a person should do on a case by a day, created by any app."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from alongside.identifiers import uuid_pk
from reminders.kinds import KIND_MAX, reminder_kind_label


class Reminder(models.Model):
    id = uuid_pk()
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="reminders")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reminders"
    )
    kind = models.CharField(max_length=KIND_MAX)  # a registered kind (reminders.kinds)
    due_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    # What gave rise to it, when it is one record ("consent.release" and its id): an app can
    # find and close its own reminders. Empty for a reminder about the case as a whole.
    source_type = models.CharField(max_length=60, blank=True)
    source_id = models.UUIDField(null=True, blank=True)

    class Meta:
        # The table the cases app created, kept when the model moved here: no data moved.
        db_table = "cases_reminder"
        ordering = ["due_on"]
        constraints = [
            # One open reminder of a kind about the case as a whole; one per source record
            # otherwise (two releases of one case each remind before they expire).
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=Q(done_at__isnull=True, source_id__isnull=True),
                name="one_open_reminder_per_kind",
            ),
            models.UniqueConstraint(
                fields=["case", "kind", "source_type", "source_id"],
                condition=Q(done_at__isnull=True, source_id__isnull=False),
                name="one_open_reminder_per_kind_and_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.case_id}"

    def get_kind_display(self) -> str:
        return reminder_kind_label(self.kind)
