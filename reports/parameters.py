"""What a report is asked for, checked before anything runs.

``referral_parameters`` and ``funder_parameters`` take what a form or the API received
(strings or values), and return the parameters a report runs with, or raise: Django's
``ValidationError`` with a message per field for bad input (a period that ends before it
starts or is longer than ``REPORT_MAX_PERIOD_DAYS``, an unknown partner, category, urgency or
program, a threshold below 1), ``PermissionDenied`` (403) for another program's report or a
role without reports. Nothing is counted before they pass.
"""

import datetime
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from referrals.choices import Urgency
from reports.access import report_program_scope


@dataclass(frozen=True)
class ReportParameters:
    kind: str  # "referral" or "funder"
    period_start: datetime.date
    period_end: datetime.date  # inclusive
    threshold: int
    program: uuid.UUID | None = None  # None: the whole organization
    partner: uuid.UUID | None = None
    category: uuid.UUID | None = None  # a directory TaxonomyTerm
    urgency: str = ""
    labels: dict = field(default_factory=dict, compare=False)

    def as_filters(self) -> dict:
        """The filters as codes and ids (strings), for reports, files, audit and packs."""
        filters = {
            "program": self.program,
            "partner": self.partner,
            "category": self.category,
            "urgency": self.urgency,
        }
        return {name: str(value) for name, value in filters.items() if value}


def _date(value, name, errors):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        errors[name] = _("Give a date as YYYY-MM-DD.")
        return None


def _uuid(value, name, errors):
    if value in (None, ""):
        return None
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        errors[name] = _("This is not a known id.")
        return None


def _check_period(start, end, errors):
    if start is None or end is None:
        return
    if end < start:
        errors["period_end"] = _("The period ends before it starts.")
        return
    days = (end - start).days + 1
    if days > settings.REPORT_MAX_PERIOD_DAYS:
        errors["period_end"] = _(
            "A report covers at most %(max)s days; this period has %(days)s."
        ) % {"max": settings.REPORT_MAX_PERIOD_DAYS, "days": days}


def _threshold(value, errors):
    if value in (None, ""):
        return settings.REPORT_SUPPRESSION_THRESHOLD
    try:
        threshold = int(value)
    except (TypeError, ValueError):
        errors["threshold"] = _("The threshold is a whole number.")
        return None
    if threshold < 1:
        errors["threshold"] = _("The threshold is at least 1: a count of 1 is never shown.")
        return None
    return threshold


def _parameters(
    kind, *, actor, period_start, period_end, threshold, program, partner, category, urgency
):
    from directory.models import Organization, TaxonomyTerm
    from organization.models import Program

    errors: dict[str, str] = {}
    start = _date(period_start, "period_start", errors)
    end = _date(period_end, "period_end", errors)
    _check_period(start, end, errors)
    threshold = _threshold(threshold, errors)
    program_id = _uuid(program, "program", errors)
    partner_id = _uuid(partner, "partner", errors)
    category_id = _uuid(category, "category", errors)
    urgency = urgency or ""
    if urgency and urgency not in Urgency.values:
        errors["urgency"] = _("Urgency is one of: %(choices)s.") % {
            "choices": ", ".join(Urgency.values)
        }
    labels = {}
    checks = (
        ("program", program_id, Program, _("No program has this id.")),
        ("partner", partner_id, Organization, _("No partner organization has this id.")),
        ("category", category_id, TaxonomyTerm, _("No service category has this id.")),
    )
    for name, value, model, message in checks:
        if value is None or name in errors:
            continue
        found = model.objects.filter(pk=value).values_list("name", flat=True).first()
        if found is None:
            errors[name] = message
        else:
            labels[name] = found
    if errors:
        raise ValidationError(errors)
    program_id = report_program_scope(actor, program_id)
    if program_id is not None and "program" not in labels:
        labels["program"] = (
            Program.objects.filter(pk=program_id).values_list("name", flat=True).first()
        )
    if urgency:
        labels["urgency"] = str(Urgency(urgency).label)
    return ReportParameters(
        kind=kind,
        period_start=start,
        period_end=end,
        threshold=threshold,
        program=program_id,
        partner=partner_id,
        category=category_id,
        urgency=urgency,
        labels=labels,
    )


def referral_parameters(
    *,
    actor,
    period_start,
    period_end,
    threshold=None,
    program=None,
    partner=None,
    category=None,
    urgency="",
) -> ReportParameters:
    return _parameters(
        "referral",
        actor=actor,
        period_start=period_start,
        period_end=period_end,
        threshold=threshold,
        program=program,
        partner=partner,
        category=category,
        urgency=urgency,
    )


def funder_parameters(
    *, actor, period_start, period_end, threshold=None, program=None
) -> ReportParameters:
    return _parameters(
        "funder",
        actor=actor,
        period_start=period_start,
        period_end=period_end,
        threshold=threshold,
        program=program,
        partner=None,
        category=None,
        urgency="",
    )
