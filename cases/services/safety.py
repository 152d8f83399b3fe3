"""Safety flags and plan, the safe-contact rules, the mandated-report checklist of a minor."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AuditAction
from audit.services import audit_record
from cases.models import Case, MandatedReport, SafeContact
from cases.services.validation import not_in_future, text_checked

SAFE_CONTACT_FIELDS = (
    "calls_ok",
    "voicemail",
    "texts_ok",
    "email_ok",
    "safe_times",
    "codeword",
    "do_not_contact",
    "instructions",
)


@transaction.atomic
def safety_update(*, actor: User, case: Case, flags: list[str], plan: str) -> Case:
    from cases.choices import SafetyFlag

    unknown = set(flags) - set(SafetyFlag.values)
    if unknown:
        raise ValidationError({"flags": _("Unknown safety flag.")})
    case = Case.objects.select_for_update().get(pk=case.pk)
    case.safety_flags = sorted(set(flags))
    case.safety_plan = text_checked(plan, "plan")
    case.version += 1
    case.save()
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=case, fields=["safety_flags", "safety_plan"]
    )
    return case


@transaction.atomic
def safe_contact_update(*, actor: User, case: Case, **values) -> SafeContact:
    unknown = set(values) - set(SAFE_CONTACT_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown safe-contact field."))
    contact, _created = SafeContact.objects.select_for_update().get_or_create(case=case)
    for name, value in values.items():
        if isinstance(value, str):
            value = text_checked(value, name)
        setattr(contact, name, value)
    # The yes/no answers are three-way on purpose: None means "not asked yet", which is valid.
    unasked = ["calls_ok", "texts_ok", "email_ok"]
    contact.full_clean(exclude=["case", "safe_times", "codeword", "instructions", *unasked])
    contact.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=case,
        fields=[f"safe_contact.{name}" for name in values],
    )
    return contact


@transaction.atomic
def mandated_report_update(
    *,
    actor: User,
    case: Case,
    report_made_to: str,
    reported_at: datetime.datetime | None,
    reference: str,
    survivor_informed: bool,
) -> MandatedReport:
    report = MandatedReport.objects.select_for_update().get(case=case)
    if reported_at is not None:
        not_in_future(reported_at, "reported_at")
    report.report_made_to = text_checked(report_made_to, "report_made_to")
    report.reported_at = reported_at
    report.reported_by = actor if reported_at else None
    report.reference = text_checked(reference, "reference")
    report.survivor_informed = survivor_informed
    complete = bool(report.report_made_to and report.reported_at and report.survivor_informed)
    report.completed_at = report.completed_at or timezone.now() if complete else None
    report.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, target=case, fields=["mandated_report"])
    return report
