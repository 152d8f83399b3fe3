"""What the record pages share: the case page's panels, and a form page recording one thing
through one service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse

from alongside.htmx import is_page_read
from alongside.service_errors import form_add_service_errors
from cases import selectors
from cases.access import CaseAction, allowed

PANEL_CHECK_INS = 12


def case_page_url(case) -> str:
    """The case page (owned by the case pages); the record pages return there after saving."""
    return reverse("cases:detail", args=[case.pk])


def back_to_case(request, case, message: str) -> HttpResponseRedirect:
    messages.success(request, message)
    return redirect(case_page_url(case))


def record_render(request, template, case, context, *, status=200):
    return render(request, f"cases/records/{template}", {"case": case, **context}, status=status)


def case_panels_context(request, case) -> dict:
    """What the case page shows of the record: reminders, stage, goals, timeline, team. Its
    forms open on demand (``cases.views.case.case_form``); the recent check-ins chart loads
    after the page (``check_ins_recent``)."""
    record = selectors.case_record(case=case, viewer=request.user)
    return {
        "can_record": allowed(request.user, case, CaseAction.EDIT),
        "current_stage": record.current_stage,
        "goals": selectors.goals_listed(case=case),
        "case_reminders": record.reminders,
        "timeline": record.timeline,
        "team": record.team,
    }


def record_page(request, case_id, *, form_class, service, template, saved, extra, readable=True):
    """A form page that records one thing on a case through one service.

    A ``readable`` page also lists what was recorded, so people who may only read the case
    (administrators and auditors on its team) see the list without the form.
    """
    writing = request.method == "POST" or not readable
    case = selectors.case_read(
        actor=request.user,
        case_id=case_id,
        action=CaseAction.EDIT if writing else CaseAction.VIEW,
        audited=is_page_read(request),
    )
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return back_to_case(request, case, saved)
    status = 400 if request.method == "POST" else 200
    can_record = writing or allowed(request.user, case, CaseAction.EDIT)
    context = {"form": form, "can_record": can_record, **extra(case)}
    return record_render(request, template, case, context, status=status)
