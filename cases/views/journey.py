"""Engagement and the recovery journey: outreach, appointments, reminders, stage, goals,
check-ins and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.htmx import is_htmx, is_page_read, vary_on_htmx
from alongside.service_errors import form_add_service_errors
from cases import selectors, services
from cases.access import CaseAction, allowed
from cases.forms import (
    AppointmentForm,
    CheckInForm,
    GoalEditForm,
    GoalForm,
    GoalStepDoneForm,
    GoalStepForm,
    OutreachForm,
    ServiceForm,
    StageForm,
)
from cases.recovery_chart import recovery_chart
from cases.views.record import PANEL_CHECK_INS, back_to_case, record_page, record_render
from reminders.selectors import reminder_of
from reminders.services import reminder_done as reminder_mark_done


@login_required
@require_http_methods(["GET", "POST"])
def outreach(request, case_id):
    return record_page(
        request,
        case_id,
        form_class=OutreachForm,
        service=services.outreach_record,
        template="outreach.html",
        saved=_("Outreach attempt recorded."),
        extra=lambda case: {"attempts": selectors.outreach_of(case=case)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def appointment(request, case_id):
    return record_page(
        request,
        case_id,
        form_class=AppointmentForm,
        service=services.appointment_record,
        template="appointment.html",
        saved=_("Appointment recorded."),
        extra=lambda case: {"appointments": selectors.appointments_of(case=case)},
    )


@login_required
@require_POST
def reminder_done(request, case_id, reminder_id):
    case = selectors.case_read(
        actor=request.user, case_id=case_id, action=CaseAction.EDIT, audited=is_page_read(request)
    )
    reminder = reminder_of(case=case, reminder_id=reminder_id)
    reminder_mark_done(actor=request.user, reminder=reminder)
    return back_to_case(request, case, _("Reminder marked done."))


@login_required
@require_http_methods(["GET", "POST"])
def stage(request, case_id):
    return record_page(
        request,
        case_id,
        form_class=StageForm,
        service=services.stage_record,
        template="stage.html",
        saved=_("Stage of change recorded."),
        extra=lambda case: {
            "current_stage": selectors.current_stage(case=case),
            "history": selectors.stage_history(case=case),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request, case_id):
    return record_page(
        request,
        case_id,
        form_class=GoalForm,
        service=services.goal_create,
        template="goal_form.html",
        saved=_("Goal saved."),
        extra=lambda case: {},
        readable=False,
    )


def _goal_page(request, case, goal, *, form=None, step_form=None, status=200):
    context = {
        "goal": goal,
        "form": form or GoalEditForm(initial={"own_words": goal.own_words, "status": goal.status}),
        "step_form": step_form or GoalStepForm(),
        "can_record": True,
    }
    return record_render(request, "goal_edit.html", case, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request, case_id, goal_id):
    case = selectors.case_read(
        actor=request.user, case_id=case_id, action=CaseAction.EDIT, audited=is_page_read(request)
    )
    goal = selectors.goal_of(case=case, goal_id=goal_id)
    if request.method == "GET":
        return _goal_page(request, case, goal)
    form = GoalEditForm(request.POST)
    if form.is_valid():
        try:
            services.goal_update(actor=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return back_to_case(request, case, _("Goal updated."))
    return _goal_page(request, case, goal, form=form, status=400)


@login_required
@require_POST
def goal_step_add(request, case_id, goal_id):
    case = selectors.case_read(
        actor=request.user, case_id=case_id, action=CaseAction.EDIT, audited=is_page_read(request)
    )
    goal = selectors.goal_of(case=case, goal_id=goal_id)
    form = GoalStepForm(request.POST)
    if form.is_valid():
        try:
            services.goal_step_add(actor=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Step added."))
            return redirect("cases:goal-edit", case_id=case.pk, goal_id=goal.pk)
    return _goal_page(request, case, goal, step_form=form, status=400)


@login_required
@require_POST
def goal_step_done(request, case_id, goal_id, step_id):
    case = selectors.case_read(
        actor=request.user, case_id=case_id, action=CaseAction.EDIT, audited=is_page_read(request)
    )
    goal = selectors.goal_of(case=case, goal_id=goal_id)
    step = selectors.goal_step_of(goal=goal, step_id=step_id)
    form = GoalStepDoneForm(request.POST)
    form.is_valid()  # a missing or unchecked box means "not done"
    done = form.cleaned_data.get("done", False)
    services.goal_step_set_done(actor=request.user, step=step, done=done)
    messages.success(request, _("Step marked done.") if done else _("Step marked not done."))
    return redirect("cases:goal-edit", case_id=case.pk, goal_id=goal.pk)


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, case_id):
    case = selectors.case_read(
        actor=request.user, case_id=case_id, action=CaseAction.EDIT, audited=is_page_read(request)
    )
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_in_record(
                actor=request.user,
                case=case,
                ratings=form.ratings(),
                checked_on=form.cleaned_data["checked_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return back_to_case(request, case, _("Check-in recorded."))
    status = 400 if request.method == "POST" else 200
    return record_render(request, "check_in.html", case, {"form": form}, status=status)


@login_required
@require_GET
def check_ins(request, case_id):
    case = selectors.case_read(
        actor=request.user, case_id=case_id, action=CaseAction.VIEW, audited=is_page_read(request)
    )
    chart = recovery_chart(selectors.check_ins_of(case=case))
    can_record = allowed(request.user, case, CaseAction.EDIT)
    context = {"chart": chart, "can_record": can_record}
    return record_render(request, "check_ins.html", case, context)


@login_required
@require_http_methods(["GET", "POST"])
def service(request, case_id):
    return record_page(
        request,
        case_id,
        form_class=ServiceForm,
        service=services.service_record,
        template="service.html",
        saved=_("Service recorded."),
        extra=lambda case: {"services": selectors.services_of(case=case)},
    )


@login_required
@require_GET
def check_ins_recent(request, case_id):
    """The case page's chart of the latest check-ins, loaded after the page by htmx. Without
    JavaScript the page links to all check-ins instead, and so does this address."""
    case = selectors.case_read(
        actor=request.user, case_id=case_id, action=CaseAction.VIEW, audited=is_page_read(request)
    )
    if not is_htmx(request):
        response = redirect("cases:check-ins", case_id=case.pk)
    else:
        chart = recovery_chart(selectors.recent_check_ins(case=case, limit=PANEL_CHECK_INS))
        response = record_render(request, "_recent_check_ins.html", case, {"chart": chart})
    vary_on_htmx(response)
    return response
