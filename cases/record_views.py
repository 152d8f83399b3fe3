"""Pages for what is recorded on a case: notes, contact, the recovery journey, services.

Each view parses, asks ``case_for`` (404 to outsiders, 403 to insiders without the right),
calls one service and renders. Valid posts go back to the case page with a status message;
invalid ones re-render with field messages (400) and write nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import selectors, services
from cases.access import CaseAction, allowed
from cases.choices import ContactMethod, NoteKind
from cases.forms import StatusForm
from cases.record_forms import (
    AddendumForm,
    AppointmentForm,
    CheckInForm,
    GoalEditForm,
    GoalForm,
    GoalStepDoneForm,
    GoalStepForm,
    NoteEditForm,
    NoteForm,
    OutreachForm,
    ServiceForm,
    StageForm,
)
from cases.recovery_chart import recovery_chart

PANEL_CHECK_INS = 12


def is_page_read(request) -> bool:
    """A person reading a whole page (not a write, not an htmx fragment of a page)."""
    return request.method == "GET" and request.headers.get("HX-Request") != "true"


def case_page_url(case) -> str:
    """The case page (owned by the case pages); the record pages return there after saving."""
    return reverse("cases:detail", args=[case.pk])


def _back_to_case(request, case, message: str) -> HttpResponseRedirect:
    messages.success(request, message)
    return redirect(case_page_url(case))


def _apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or the form, if not a field)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _render(request, template, case, context, *, status=200):
    return render(request, f"cases/records/{template}", {"case": case, **context}, status=status)


def case_panels_context(request, case) -> dict:
    """What the case page shows of the record: reminders, stage, goals, timeline, team. Its
    forms open on demand (``case_form``); the recent check-ins chart loads after the page
    (``check_ins_recent``)."""
    record = selectors.case_record(case=case)
    return {
        "can_record": allowed(request.user, case, CaseAction.EDIT),
        "current_stage": record.current_stage,
        "goals": selectors.goals_listed(case=case),
        "case_reminders": record.reminders,
        "timeline": record.timeline,
        "team": record.team,
    }


# The case page's forms, each opened in place when wanted rather than rendered with every page:
# its name in the address -> the form, its title, its template, and the right it needs.
CASE_FORMS = {
    "note": (NoteForm, gettext_lazy("Log a note"), "_form_note.html", CaseAction.EDIT),
    "stage": (
        StageForm,
        gettext_lazy("Record a stage of change"),
        "_form_stage.html",
        CaseAction.EDIT,
    ),
    "goal": (
        GoalForm,
        gettext_lazy("A goal in the survivor's own words"),
        "_form_goal.html",
        CaseAction.EDIT,
    ),
    "check-in": (
        CheckInForm,
        gettext_lazy("Recovery check-in"),
        "_form_check_in.html",
        CaseAction.EDIT,
    ),
    "status": (StatusForm, gettext_lazy("Status"), "_form_status.html", CaseAction.CLOSE),
}


@login_required
@require_GET
def case_form(request, case_id, form):
    """One of the case page's forms: put in place by htmx when the person opens it, or, without
    JavaScript, a page of its own. Each posts to its own view, as the form pages do."""
    if form not in CASE_FORMS:
        raise Http404
    form_class, title, template, action = CASE_FORMS[form]
    case = selectors.case_viewed(
        actor=request.user, case_id=case_id, action=action, reading=is_page_read(request)
    )
    initial = {"status": case.status} if form == "status" else None
    context = {
        "form": form_class(initial=initial),
        "form_title": title,
        "form_template": f"cases/records/{template}",
        "can_record": True,  # the right the form needs was checked above
    }
    fragment = request.headers.get("HX-Request") == "true"
    response = _render(request, "_case_form.html" if fragment else "form_page.html", case, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# Notes -----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def note_create(request, case_id):
    case = selectors.case_viewed(
        actor=request.user, case_id=case_id, action=CaseAction.EDIT, reading=is_page_read(request)
    )
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_create(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return _back_to_case(request, case, _("Note saved."))
    status = 400 if request.method == "POST" else 200
    return _render(request, "note_form.html", case, {"form": form}, status=status)


@login_required
@require_GET
def note_detail(request, case_id, note_id):
    note = selectors.note_detail(actor=request.user, case_id=case_id, note_id=note_id)
    return _note_page(request, note)


def _note_page(request, note, *, addendum_form=None, status=200):
    can_record = allowed(request.user, note.case, CaseAction.EDIT)
    context = {
        "note": note,
        "can_record": can_record,
        "can_sign": can_record and not note.is_signed and note.author_id == request.user.pk,
        "addendum_form": addendum_form or AddendumForm(),
    }
    return _render(request, "note_detail.html", note.case, context, status=status)


def _locked(request, note):
    """A signed note cannot be edited: 403, saying what to do instead."""
    return _render(request, "note_locked.html", note.case, {"note": note}, status=403)


@login_required
@require_http_methods(["GET", "POST"])
def note_edit(request, case_id, note_id):
    note = selectors.note_detail(
        actor=request.user, case_id=case_id, note_id=note_id, action=CaseAction.EDIT
    )
    if note.is_signed:
        return _locked(request, note)
    if request.method == "GET":
        initial = {
            "kind": note.kind,
            "contact_at": note.contact_at,
            "method": note.method,
            "duration_minutes": note.duration_minutes,
            "body": note.body,
            "version": note.version,
        }
        form = NoteEditForm(initial=initial)
        return _render(request, "note_edit.html", note.case, {"note": note, "form": form})
    form = NoteEditForm(request.POST)
    if form.is_valid():
        values = dict(form.cleaned_data)
        version = values.pop("version")
        try:
            services.note_update(actor=request.user, note=note, version=version, **values)
        except services.EditConflict as conflict:
            return _conflict(request, note, form, conflict.current)
        except ValidationError as error:
            note.refresh_from_db()
            if note.is_signed:
                return _locked(request, note)
            _apply_errors(form, error)
        else:
            messages.success(request, _("Note updated."))
            return redirect("cases:note-detail", case_id=note.case_id, note_id=note.pk)
    return _render(request, "note_edit.html", note.case, {"note": note, "form": form}, status=400)


def _conflict(request, note, form, current):
    """Someone saved first: show theirs and yours side by side; nothing is overwritten."""
    data = form.cleaned_data
    retry = NoteEditForm(initial={**data, "version": current.version})
    labels = {
        "kind": NoteKind(data["kind"]).label,
        "method": ContactMethod(data["method"]).label,
    }
    context = {"note": current, "yours": data, "yours_labels": labels, "form": retry}
    return _render(request, "note_conflict.html", note.case, context, status=409)


@login_required
@require_POST
def note_sign(request, case_id, note_id):
    note = selectors.note_detail(
        actor=request.user, case_id=case_id, note_id=note_id, action=CaseAction.EDIT
    )
    if note.author_id != request.user.pk:
        raise PermissionDenied  # only the author signs
    try:
        version = int(request.POST.get("version", ""))
        services.note_sign(actor=request.user, note=note, version=version)
    except ValueError:
        messages.error(request, _("The page was out of date. Check the note and sign again."))
    except services.EditConflict:
        messages.error(request, _("Someone changed this note just now. Check it, then sign."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Note signed. It can now only be added to by an addendum."))
    return redirect("cases:note-detail", case_id=note.case_id, note_id=note.pk)


@login_required
@require_POST
def note_addendum(request, case_id, note_id):
    note = selectors.note_detail(
        actor=request.user, case_id=case_id, note_id=note_id, action=CaseAction.EDIT
    )
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            services.note_add_addendum(actor=request.user, note=note, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Addendum added. The signed note is unchanged."))
            return redirect("cases:note-detail", case_id=note.case_id, note_id=note.pk)
    return _note_page(request, note, addendum_form=form, status=400)


# Contact ---------------------------------------------------------------------------------------


def _record_page(request, case_id, *, form_class, service, template, saved, extra, readable=True):
    """A form page that records one thing on a case through one service.

    A ``readable`` page also lists what was recorded, so people who may only read the case
    (administrators and auditors on its team) see the list without the form.
    """
    writing = request.method == "POST" or not readable
    case = selectors.case_viewed(
        actor=request.user,
        case_id=case_id,
        action=CaseAction.EDIT if writing else CaseAction.VIEW,
        reading=is_page_read(request),
    )
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return _back_to_case(request, case, saved)
    status = 400 if request.method == "POST" else 200
    can_record = writing or allowed(request.user, case, CaseAction.EDIT)
    context = {"form": form, "can_record": can_record, **extra(case)}
    return _render(request, template, case, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def outreach(request, case_id):
    return _record_page(
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
    return _record_page(
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
    case = selectors.case_viewed(
        actor=request.user, case_id=case_id, action=CaseAction.EDIT, reading=is_page_read(request)
    )
    reminder = selectors.reminder_of(case=case, reminder_id=reminder_id)
    services.reminder_done(actor=request.user, reminder=reminder)
    return _back_to_case(request, case, _("Reminder marked done."))


# The recovery journey ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def stage(request, case_id):
    return _record_page(
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
    return _record_page(
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
    return _render(request, "goal_edit.html", case, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request, case_id, goal_id):
    case = selectors.case_viewed(
        actor=request.user, case_id=case_id, action=CaseAction.EDIT, reading=is_page_read(request)
    )
    goal = selectors.goal_of(case=case, goal_id=goal_id)
    if request.method == "GET":
        return _goal_page(request, case, goal)
    form = GoalEditForm(request.POST)
    if form.is_valid():
        try:
            services.goal_update(actor=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return _back_to_case(request, case, _("Goal updated."))
    return _goal_page(request, case, goal, form=form, status=400)


@login_required
@require_POST
def goal_step_add(request, case_id, goal_id):
    case = selectors.case_viewed(
        actor=request.user, case_id=case_id, action=CaseAction.EDIT, reading=is_page_read(request)
    )
    goal = selectors.goal_of(case=case, goal_id=goal_id)
    form = GoalStepForm(request.POST)
    if form.is_valid():
        try:
            services.goal_step_add(actor=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Step added."))
            return redirect("cases:goal-edit", case_id=case.pk, goal_id=goal.pk)
    return _goal_page(request, case, goal, step_form=form, status=400)


@login_required
@require_POST
def goal_step_done(request, case_id, goal_id, step_id):
    case = selectors.case_viewed(
        actor=request.user, case_id=case_id, action=CaseAction.EDIT, reading=is_page_read(request)
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
    case = selectors.case_viewed(
        actor=request.user, case_id=case_id, action=CaseAction.EDIT, reading=is_page_read(request)
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
            _apply_errors(form, error)
        else:
            return _back_to_case(request, case, _("Check-in recorded."))
    status = 400 if request.method == "POST" else 200
    return _render(request, "check_in.html", case, {"form": form}, status=status)


@login_required
@require_GET
def check_ins(request, case_id):
    case = selectors.case_viewed(
        actor=request.user, case_id=case_id, action=CaseAction.VIEW, reading=is_page_read(request)
    )
    chart = recovery_chart(selectors.check_ins_of(case=case))
    can_record = allowed(request.user, case, CaseAction.EDIT)
    return _render(request, "check_ins.html", case, {"chart": chart, "can_record": can_record})


@login_required
@require_http_methods(["GET", "POST"])
def service(request, case_id):
    return _record_page(
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
    case = selectors.case_viewed(
        actor=request.user, case_id=case_id, action=CaseAction.VIEW, reading=is_page_read(request)
    )
    if request.headers.get("HX-Request") != "true":
        response = redirect("cases:check-ins", case_id=case.pk)
    else:
        chart = recovery_chart(selectors.recent_check_ins(case=case, limit=PANEL_CHECK_INS))
        response = _render(request, "_recent_check_ins.html", case, {"chart": chart})
    patch_vary_headers(response, ["HX-Request"])
    return response
