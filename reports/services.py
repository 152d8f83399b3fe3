"""The writers of the reports app: every report run and every pack is audited with its
parameters (codes, ids and dates: never a survivor's data), in the same transaction as
anything it writes.

- ``report_run(actor=, kind=, **parameters)`` checks the parameters (``reports.parameters``:
  bad input is a ``ValidationError``, another program's report ``PermissionDenied``; nothing
  runs before), computes the report and audits the run.
- ``pack_create(actor=, period_start=, period_end=, program=None, threshold=None)`` makes and
  keeps a funder pack (``reports.packs``).
- ``pack_regenerate(actor=, pack=)`` runs a pack's report again: the same numbers, or what
  changed.
"""

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_record
from reports.access import report_program_scope
from reports.funder_report import funder_report
from reports.models import FunderPack
from reports.packs import (
    PackComparison,
    compare_numbers,
    pack_contents,
    parameters_of,
)
from reports.parameters import ReportParameters, funder_parameters, referral_parameters
from reports.referral_report import referral_report
from reports.results import Report

REPORT_TARGET = "reports.report"


def _described(parameters: ReportParameters) -> str:
    described = {
        "kind": parameters.kind,
        "period_start": parameters.period_start.isoformat(),
        "period_end": parameters.period_end.isoformat(),
        "threshold": parameters.threshold,
        **parameters.as_filters(),
    }
    return json.dumps(described, sort_keys=True)


def report_parameters(*, actor, kind: str, **raw) -> ReportParameters:
    if kind == "referral":
        return referral_parameters(actor=actor, **raw)
    if kind == "funder":
        return funder_parameters(actor=actor, **raw)
    raise ValidationError({"kind": _("A report is a referral report or a funder report.")})


def report_compute(parameters: ReportParameters) -> Report:
    """The report for checked parameters, without auditing (for a background run that audits
    with ``report_audit`` when it starts)."""
    if parameters.kind == "referral":
        return referral_report(parameters)
    return funder_report(parameters)


def report_audit(*, actor, parameters: ReportParameters, action=AuditAction.VIEW) -> None:
    """Record that ``actor`` ran (``VIEW``) or downloaded (``EXPORT``) a report."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=action,
            target_type=REPORT_TARGET,
            fields=["kind", "period_start", "period_end", "threshold", *parameters.as_filters()],
            reason=_described(parameters),
        )


def report_run(*, actor, kind: str, **raw) -> Report:
    """Check, compute, audit. Bad input raises before anything is counted or written."""
    parameters = report_parameters(actor=actor, kind=kind, **raw)
    report = report_compute(parameters)
    report_audit(actor=actor, parameters=parameters)
    return report


def pack_create(*, actor, period_start, period_end, program=None, threshold=None) -> FunderPack:
    parameters = funder_parameters(
        actor=actor,
        period_start=period_start,
        period_end=period_end,
        program=program,
        threshold=threshold,
    )
    _report, contents = pack_contents(parameters)
    with transaction.atomic():
        pack = FunderPack.objects.create(
            period_start=parameters.period_start,
            period_end=parameters.period_end,
            program_id=parameters.program,
            threshold=parameters.threshold,
            parameters={
                "period_start": parameters.period_start.isoformat(),
                "period_end": parameters.period_end.isoformat(),
                "threshold": parameters.threshold,
                **parameters.as_filters(),
            },
            created_by=actor,
            **contents,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=pack,
            fields=["period_start", "period_end", "threshold", *parameters.as_filters()],
            reason=_described(parameters),
        )
    return pack


def pack_regenerate(*, actor, pack: FunderPack) -> PackComparison:
    """The pack's report again, now: ``same`` when every number is as it was, else the cells
    that changed, which kinds of records changed since, and whether the code did."""
    report_program_scope(actor, pack.program_id)
    parameters = parameters_of(pack)
    report, contents = pack_contents(parameters)
    changes = compare_numbers(pack.numbers, contents["numbers"])
    records_changed = sorted(
        name
        for name in set(pack.part_hashes) | set(contents["part_hashes"])
        if pack.part_hashes.get(name) != contents["part_hashes"].get(name)
    )
    comparison = PackComparison(
        same=not changes,
        changes=changes,
        records_changed=records_changed,
        code_version_changed=pack.code_version != contents["code_version"],
        report=report,
    )
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.VIEW,
            target=pack,
            fields=["numbers"],
            reason=_described(parameters),
        )
    return comparison
