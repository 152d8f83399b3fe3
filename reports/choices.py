from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    REFERRAL = "referral", _("Referral report")
    FUNDER = "funder", _("Funder report")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class DownloadFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
