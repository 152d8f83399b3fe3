"""The reports one can run and where the pages, files, runs and API meet the engine.

Everything the surfaces need from the engine (``reports.parameters``, ``reports.access``,
``reports.referral_report``, ``reports.funder_report``) goes through the functions here, so
that the engine's interface is named in one place:

- ``parameters_validate(actor, kind, data)``: the raw input (a form's or the API's) checked and
  turned into the JSON a run stores (codes and ids only), or a ``ValidationError`` naming the
  field at fault, with nothing run;
- ``report_build(actor, kind, parameters, progress)``: the ``Report``, calling
  ``progress(percent, step)`` as it goes.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.choices import ReportKind
from reports.results import Report

Progress = Callable[[int, str], None]

PRESET_LAST_12_MONTHS = "last_12_months"
PRESET_LAST_HALF_YEAR = "last_half_year"
PRESET_CUSTOM = "custom"
PRESETS = (
    (PRESET_LAST_12_MONTHS, gettext_lazy("The last 12 months")),
    (PRESET_LAST_HALF_YEAR, gettext_lazy("The last half year")),
    (PRESET_CUSTOM, gettext_lazy("Choose the dates")),
)


@dataclass(frozen=True)
class KindInfo:
    code: str
    name: str
    description: str


def kinds() -> list[KindInfo]:
    return [
        KindInfo(
            ReportKind.REFERRAL,
            _("Referral report"),
            _(
                "Referrals by partner, status and month; how quickly partners answer and how "
                "referrals end."
            ),
        ),
        KindInfo(
            ReportKind.FUNDER,
            _("Funder report"),
            _(
                "Survivors served, by age group, trafficking type, gender and citizenship; "
                "services provided; referrals made and received — for a funder's period."
            ),
        ),
    ]


def period_for_preset(preset: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Whole months up to the end of the last full month."""
    end = today.replace(day=1) - datetime.timedelta(days=1)
    months = 12 if preset == PRESET_LAST_12_MONTHS else 6
    start_month = (end.year * 12 + end.month - 1) - (months - 1)
    start = datetime.date(start_month // 12, start_month % 12 + 1, 1)
    return start, end


def filter_choices(kind: str) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """The filters a report takes: name → (label, known values). Only these values pass."""
    from reports import provisional as parameters

    return parameters.filter_choices(kind)


def parameters_validate(*, actor, kind: str, data: dict) -> dict:
    from reports import provisional as parameters

    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("There is no such report.")})
    data = dict(data)
    preset = data.get("preset") or PRESET_CUSTOM
    if preset != PRESET_CUSTOM:
        if preset not in dict(PRESETS):
            raise ValidationError({"preset": _("Choose one of the periods offered.")})
        start, end = period_for_preset(preset, timezone.localdate())
        data["period_start"], data["period_end"] = start.isoformat(), end.isoformat()
    validated = parameters.parameters_validate(actor=actor, kind=kind, data=data)
    validated["preset"] = preset
    return validated


def period_days(parameters: dict) -> int:
    start = datetime.date.fromisoformat(parameters["period_start"])
    end = datetime.date.fromisoformat(parameters["period_end"])
    return (end - start).days + 1


def runs_in_background(parameters: dict) -> bool:
    return period_days(parameters) > settings.REPORTS_BACKGROUND_AFTER_DAYS


def report_build(*, actor, kind: str, parameters: dict, progress: Progress) -> Report:
    from reports import provisional as engine_parameters

    return engine_parameters.report_build(
        actor=actor, kind=kind, parameters=parameters, progress=progress
    )
