"""Safety flags and plan, safe-contact rules, the mandated-report checklist of a minor."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.htmx import is_page_read
from alongside.service_errors import form_add_service_errors
from cases import selectors, services
from cases.access import CaseAction
from cases.forms import (
    MandatedReportForm,
    SafeContactForm,
    SafetyForm,
)
from cases.frame import case_context, case_page


@case_page()
def safety(request, case_id):
    case = selectors.case_read(
        actor=request.user, case_id=case_id, action=CaseAction.EDIT, audited=is_page_read(request)
    )
    form = SafetyForm(
        request.POST or None,
        initial={"flags": case.safety_flags or [], "plan": case.safety_plan},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.safety_update(
                actor=request.user,
                case=case,
                flags=form.cleaned_data["flags"],
                plan=form.cleaned_data["plan"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Safety flags and plan saved."))
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/safety.html",
        case_context(request, case, form=form),
        status=400 if form.errors else 200,
    )


@case_page()
def safe_contact(request, case_id):
    case = selectors.case_read(
        actor=request.user, case_id=case_id, action=CaseAction.EDIT, audited=is_page_read(request)
    )
    contact = getattr(case, "safe_contact", None)
    initial = SafeContactForm.initial_for(contact) if contact else {}
    form = SafeContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.safe_contact_update(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Safe-contact rules saved."))
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/safe_contact.html",
        case_context(request, case, form=form),
        status=400 if form.errors else 200,
    )


@case_page()
def mandated_report(request, case_id):
    case = selectors.case_read(
        actor=request.user, case_id=case_id, action=CaseAction.EDIT, audited=is_page_read(request)
    )
    report = getattr(case, "mandated_report", None)
    if report is None:
        raise Http404  # only a case opened for a minor has the checklist
    initial = {
        "report_made_to": report.report_made_to,
        "reported_at": report.reported_at,
        "reference": report.reference,
        "survivor_informed": report.survivor_informed,
    }
    form = MandatedReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.mandated_report_update(
                actor=request.user, case=case, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            if report.completed_at:
                messages.success(request, _("The mandated-report checklist is complete."))
            else:
                messages.success(request, _("Saved. The checklist stays on the case until done."))
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/mandated_report.html",
        case_context(request, case, form=form, report=report),
        status=400 if form.errors else 200,
    )
