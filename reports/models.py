"""A report run: who asked for which report with which parameters, how far it has got, and
its result.

The result is a ``reports.results.Report`` as JSON (``reports.serialize``): suppressed counts
and category codes only, never a survivor's data, so it is stored as plaintext. Parameters are
the validated codes and ids (``reports.parameters``), never free text.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reports.choices import ReportKind, RunStatus


class ReportRun(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="report_runs"
    )
    kind = models.CharField(_("report"), max_length=16, choices=ReportKind.choices)
    parameters = models.JSONField(default=dict)
    status = models.CharField(
        _("status"), max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)  # 0 to 100
    step = models.CharField(max_length=120, blank=True)
    in_background = models.BooleanField(default=False)
    result = models.JSONField(null=True, blank=True)
    # Why a run failed, in words for the person who asked (never an exception's text).
    failure = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0) & models.Q(progress__lte=100),
                name="report_run_progress_0_to_100",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} run {self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)
