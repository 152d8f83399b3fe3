"""The reports one can run, and where the pages, files, runs and API meet the engine.

The engine (``reports.parameters``, ``reports.services``, ``reports.referral_report``,
``reports.funder_report``) checks parameters and computes reports; the surfaces store a run's
parameters as JSON and build its report later, maybe in a worker. This module is the seam:

- ``filter_choices(actor, kind)``: the filters a report takes with their known values (only
  those are offered, and only those pass the engine's check);
- ``parameters_validate(actor, kind, data)``: the raw input (a form's or the API's) checked by
  the engine and turned into the JSON a run stores (codes, ids and dates only). Bad input
  raises ``ValidationError`` naming the field; another program's report ``PermissionDenied``
  with the reason. Nothing is created or counted before it passes;
- ``report_build(actor, kind, parameters, progress)``: the ``Report``, calling
  ``progress(percent, step)`` as it goes.
"""

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import Role
from reports.choices import ReportKind
from reports.parameters import ReportParameters
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

# The filters each report takes, in the order the form shows them.
FILTERS = {
    ReportKind.REFERRAL: ("program", "category", "partner", "urgency"),
    ReportKind.FUNDER: ("program",),
}


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
                "Survivors served by age group, trafficking type, gender and citizenship; "
                "services provided; referrals made and received — for a funder's period."
            ),
        ),
    ]


def period_for_preset(preset: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Whole months, up to the end of the last full month."""
    end = today.replace(day=1) - datetime.timedelta(days=1)
    months = 12 if preset == PRESET_LAST_12_MONTHS else 6
    start_month = (end.year * 12 + end.month - 1) - (months - 1)
    return datetime.date(start_month // 12, start_month % 12 + 1, 1), end


def filter_choices(*, actor, kind: str) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """Filter name → (label, [(value, words)]): what the person may pick, nothing else."""
    from organization.models import Program
    from organization.selectors import programs_supervised_by
    from referrals.choices import Urgency
    from reports.referral_report import INTERNAL, NONE, directory_now

    if actor.role == Role.ADMINISTRATOR:
        programs = Program.objects.order_by("name")
    else:
        programs = programs_supervised_by(actor=actor).order_by("name")
    choices = {"program": (_("Program"), [(str(p.pk), p.name) for p in programs])}
    if kind == ReportKind.REFERRAL:
        directory = directory_now()
        categories = sorted(
            (code, name) for code, name in directory.categories.items() if code != NONE
        )
        partners = [
            (code, name)
            for code, name in directory.partners.items()
            if not code.startswith(INTERNAL)
        ]
        choices["category"] = (
            _("Service category"),
            sorted(categories, key=lambda pair: str(pair[1]).lower()),
        )
        choices["partner"] = (
            _("Partner"),
            sorted(partners, key=lambda pair: str(pair[1]).lower()),
        )
        choices["urgency"] = (_("Urgency"), [(code, str(label)) for code, label in Urgency.choices])
    return {name: choices[name] for name in FILTERS.get(kind, ()) if name in choices}


def parameters_validate(*, actor, kind: str, data: dict) -> dict:
    """``data``: ``preset``, ``period_start``, ``period_end``, ``threshold`` and ``filters``
    (name → value). Returns the run's stored parameters."""
    from django.core.exceptions import ValidationError

    from reports.services import report_parameters

    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("A report is a referral report or a funder report.")})
    preset = data.get("preset") or PRESET_CUSTOM
    start, end = data.get("period_start"), data.get("period_end")
    if preset != PRESET_CUSTOM:
        if preset not in dict(PRESETS):
            raise ValidationError({"preset": _("Choose one of the periods offered.")})
        start, end = period_for_preset(preset, timezone.localdate())
    filters = data.get("filters") or {}
    unknown = sorted(set(filters) - set(FILTERS[kind]))
    if unknown:
        raise ValidationError(
            {name: _("This report has no filter of this name.") for name in unknown}
        )
    checked = report_parameters(
        actor=actor,
        kind=kind,
        period_start=start,
        period_end=end,
        threshold=data.get("threshold"),
        **{name: value for name, value in filters.items() if value not in (None, "")},
    )
    return {**parameters_to_json(checked), "preset": preset}


def parameters_to_json(parameters: ReportParameters) -> dict:
    return {
        "kind": parameters.kind,
        "period_start": parameters.period_start.isoformat(),
        "period_end": parameters.period_end.isoformat(),
        "threshold": parameters.threshold,
        "filters": parameters.as_filters(),
        "labels": {name: str(words) for name, words in parameters.labels.items()},
    }


def parameters_from_json(data: dict) -> ReportParameters:
    filters = data.get("filters", {})

    def _id(name):
        return uuid.UUID(filters[name]) if filters.get(name) else None

    return ReportParameters(
        kind=data["kind"],
        period_start=datetime.date.fromisoformat(data["period_start"]),
        period_end=datetime.date.fromisoformat(data["period_end"]),
        threshold=int(data["threshold"]),
        program=_id("program"),
        partner=_id("partner"),
        category=_id("category"),
        urgency=filters.get("urgency", ""),
        labels=dict(data.get("labels", {})),
    )


def period_days(parameters: dict) -> int:
    start = datetime.date.fromisoformat(parameters["period_start"])
    end = datetime.date.fromisoformat(parameters["period_end"])
    return (end - start).days + 1


def runs_in_background(parameters: dict) -> bool:
    return period_days(parameters) > settings.REPORT_BACKGROUND_AFTER_DAYS


def report_build(*, actor, kind: str, parameters: dict, progress: Progress) -> Report:
    """The report, computed in the engine's steps with progress between them: the period's
    referrals counted and suppressed (the longest step), then, for the funder report, the
    survivors, services and sessions, then the tables."""
    from reports.access import report_program_scope
    from reports.funder_report import funder_cubes, funder_report
    from reports.referral_report import referral_cube, referral_report

    checked = parameters_from_json(parameters)
    # The requester may have lost the program since asking: the engine's rule, asked again.
    report_program_scope(actor, checked.program)
    progress(5, _("Counting the period's referrals and hiding small counts"))
    canonical = referral_cube(
        period_start=checked.period_start,
        period_end=checked.period_end,
        threshold=checked.threshold,
    )
    if checked.kind == "referral":
        progress(70, _("Building the tables"))
        report = referral_report(checked, canonical=canonical)
    else:
        progress(40, _("Counting survivors, services and sessions"))
        cubes = funder_cubes(checked, canonical=canonical)
        progress(80, _("Building the tables"))
        report = funder_report(checked, cubes=cubes)
    progress(95, _("Saving the report"))
    return report
