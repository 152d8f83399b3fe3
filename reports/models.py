"""Funder packs: a funder report kept as it was given, with what it takes to check it later.

A pack holds aggregates only (the numbers as they left, hidden cells as hidden), its
parameters, the version of the reports' code that made it and a hash of the set of records
it counted (their ids and update markers): nothing that names a survivor.

A report run records who asked for which report with which parameters, how far it has got,
and its result: a ``reports.results.Report`` as JSON (``reports.serialize``), suppressed
counts and category codes only, so it is stored as plaintext. Parameters are the checked
codes, ids and dates (``reports.parameters``), never free text.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.choices import ReportKind, RunStatus


class FunderPack(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    program = models.ForeignKey(
        "organization.Program",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("program"),
    )
    threshold = models.PositiveSmallIntegerField(_("suppression threshold"))
    # The parameters as given after checking (dates, ids, threshold): codes, never values.
    parameters = models.JSONField(default=dict)
    code_version = models.CharField(max_length=40)
    records_hash = models.CharField(max_length=64)
    # Per part of the report (survivors, referrals, ...), the hash of its records: to say
    # which part changed.
    part_hashes = models.JSONField(default=dict)
    # The tables as they left: {table key: {row code: [cell, ...]}}, a hidden cell as null.
    numbers = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["period_start", "period_end"], name="pack_period")]

    def __str__(self) -> str:
        return f"funder pack {self.period_start}–{self.period_end}"


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
