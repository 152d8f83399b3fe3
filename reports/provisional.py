"""TEMPORARY stand-in for the engine (branch ``rep-engine``) until it is merged: parameter
checks and a fixed sample report, so the pages, files, runs and API can be built and tested.
``reports.kinds`` is the only importer; it switches to the engine's modules on merge and this
file is deleted."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from cases.choices import ServiceCategory
from reports.results import HIDDEN, Column, Report, Row, Table

MAX_DAYS = 2 * 366
DEFAULT_THRESHOLD = 4


def filter_choices(kind: str) -> dict:
    from organization.models import Program

    return {
        "service_category": (_("Service category"), list(ServiceCategory.choices)),
        "program": (_("Program"), [(str(p.pk), p.name) for p in Program.objects.all()]),
    }


def parameters_validate(*, actor, kind: str, data: dict) -> dict:
    errors = {}
    try:
        start = datetime.date.fromisoformat(str(data.get("period_start") or ""))
    except ValueError:
        errors["period_start"] = _("Give the first day of the period as a date.")
        start = None
    try:
        end = datetime.date.fromisoformat(str(data.get("period_end") or ""))
    except ValueError:
        errors["period_end"] = _("Give the last day of the period as a date.")
        end = None
    if start and end:
        if end < start:
            errors["period_end"] = _("The period ends before it starts.")
        elif (end - start).days + 1 > MAX_DAYS:
            errors["period_end"] = _("A report covers at most two years.")
    try:
        raw = data.get("threshold")
        threshold = DEFAULT_THRESHOLD if raw in (None, "") else int(raw)
    except (TypeError, ValueError):
        threshold = 0
    if threshold < 1:
        errors["threshold"] = _("Hide counts up to at least 1.")
    filters = {}
    given = data.get("filters") or {}
    if not isinstance(given, dict):
        given = {}
        errors["filters"] = _("Filters are a set of names and values.")
    known = filter_choices(kind)
    for name in set(given) - set(known):
        errors[name] = _("This report has no such filter.")
    for name, (_label, values) in known.items():
        value = str(given.get(name) or "")
        if not value:
            continue
        if value not in {code for code, _words in values}:
            errors[name] = _("Choose one of the values offered.")
        else:
            filters[name] = value
    program = filters.get("program")
    if actor.role == Role.SUPERVISOR:
        mine = {str(p) for p in actor.supervised_programs.values_list("pk", flat=True)}
        if program and program not in mine:
            errors["program"] = _("You can report only on the programs you supervise.")
        if not program:
            errors["program"] = _("Choose one of the programs you supervise.")
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "filters": filters,
        "threshold": threshold,
    }


def report_build(*, actor, kind, parameters, progress) -> Report:
    progress(30, _("Counting referrals"))
    progress(70, _("Hiding small counts"))
    return sample_report(
        kind=kind,
        start=datetime.date.fromisoformat(parameters["period_start"]),
        end=datetime.date.fromisoformat(parameters["period_end"]),
        threshold=parameters["threshold"],
        filters=parameters["filters"],
    )


def sample_report(
    *,
    kind="referral",
    start=datetime.date(2025, 12, 1),
    end=datetime.date(2026, 11, 30),
    threshold=4,
    filters=None,
) -> Report:
    months = []
    month = start.replace(day=1)
    while month <= end and len(months) < 24:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    by_month = [((index * 7) % 11) + 5 if index % 4 else HIDDEN for index in range(len(months))]
    return Report(
        kind=kind,
        title=_("Referral report") if kind == "referral" else _("Funder report"),
        period_start=start,
        period_end=end,
        filters=filters or {},
        filter_labels={},
        threshold=threshold,
        generated_at=timezone.now(),
        code_version="provisional",
        tables=(
            Table(
                key="by_partner",
                title=_("Referrals by partner"),
                row_header=_("Partner"),
                columns=(Column("sent", _("Sent")), Column("accepted", _("Accepted"))),
                rows=(
                    Row("p1", "Harbor Legal Aid", (23, 17)),
                    Row("p2", "=Safe Homes Network", (12, HIDDEN)),
                    Row("p3", "Bridges Clinic", (HIDDEN, HIDDEN)),
                ),
                chart="bar",
            ),
            Table(
                key="by_status",
                title=_("Referrals by status"),
                row_header=_("Status"),
                columns=(Column("count", _("Referrals")),),
                rows=(
                    Row("accepted", _("Accepted"), (21,)),
                    Row("declined", _("Declined"), (HIDDEN,)),
                    Row("completed", _("Completed"), (9,)),
                ),
                chart="bar",
            ),
            Table(
                key="by_month",
                title=_("Referrals sent by month"),
                row_header=_("Referrals"),
                columns=tuple(Column(m.strftime("%Y-%m"), m.strftime("%b %Y")) for m in months),
                rows=(Row("sent", _("Sent"), tuple(by_month)),),
                chart="line",
            ),
            Table(
                key="time_to_answer",
                title=_("Days to answer"),
                row_header=_("Partner"),
                columns=(Column("median", _("Median days")),),
                rows=(Row("p1", "Harbor Legal Aid", (2.5,)), Row("p3", "Bridges Clinic", (None,))),
                kind="days",
            ),
        ),
    )
