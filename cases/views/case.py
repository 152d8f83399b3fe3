"""The case page, who has seen it, identity, status, closing and reopening."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.concurrency import EditConflict
from alongside.htmx import is_htmx, is_page_read, vary_on_htmx
from alongside.service_errors import form_add_service_errors
from audit.selectors import record_viewers
from cases import selectors, services
from cases.access import CaseAction, allowed
from cases.forms import (
    CheckInForm,
    CloseForm,
    GoalForm,
    IdentityEditForm,
    IdentityFields,
    NoteForm,
    StageForm,
    StatusForm,
)
from cases.frame import case_context, case_page
from cases.views.record import case_panels_context


@case_page(methods=("GET",))
def detail(request, case_id):
    """The case page. "Who has seen this record" and the check-in chart load after it (htmx,
    with a plain link without JavaScript): everything needed before reaching out is here."""
    user = request.user
    case = selectors.case_read(actor=user, case_id=case_id, related=selectors.CASE_PAGE_RELATED)
    mandated_report = getattr(case, "mandated_report", None) if case.minor_at_intake else None
    context = case_context(
        request,
        case,
        can_close=allowed(user, case, CaseAction.CLOSE),
        can_manage_team=allowed(user, case, CaseAction.MANAGE_TEAM),
        mandated_report=mandated_report,
    )
    context.update(case_panels_context(request, case))
    return render(request, "cases/detail.html", context)


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


@case_page(methods=("GET",))
def case_form(request, case_id, form):
    """One of the case page's forms: put in place by htmx when the person opens it (a fragment of
    a page already recorded, so not audited again), or, without JavaScript, a page of its own,
    audited as a view. Each form posts to its own view, as the form pages do."""
    if form not in CASE_FORMS:
        raise Http404
    form_class, title, template, action = CASE_FORMS[form]
    case = selectors.case_read(
        actor=request.user, case_id=case_id, action=action, audited=is_page_read(request)
    )
    initial = {"status": case.status} if form == "status" else None
    context = case_context(
        request,
        case,
        form=form_class(initial=initial),
        form_title=title,
        form_template=f"cases/records/{template}",
        can_record=True,  # the right the form needs was checked above
    )
    template_name = "_case_form.html" if is_htmx(request) else "form_page.html"
    return vary_on_htmx(render(request, f"cases/records/{template_name}", context))


@case_page(methods=("GET",))
def viewers(request, case_id):
    """Who has seen this record: the table loaded into the case page, or a page of its own."""
    case = selectors.case_read(
        actor=request.user, case_id=case_id, action=CaseAction.VIEW, audited=is_page_read(request)
    )
    found = record_viewers(actor=request.user, target_type="cases.case", target_id=case.pk)
    if is_htmx(request):
        response = render(request, "cases/_viewers.html", {"case": case, "viewers": found})
    else:
        response = render(request, "cases/viewers.html", case_context(request, case, viewers=found))
    vary_on_htmx(response)
    return response


@case_page()
def edit(request, case_id):
    case = selectors.case_read(
        actor=request.user, case_id=case_id, action=CaseAction.EDIT, audited=is_page_read(request)
    )
    conflict = None
    if request.method == "POST":
        form = IdentityEditForm(request.POST)
        if form.is_valid():
            try:
                services.case_update_identity(
                    actor=request.user,
                    case=case,
                    version=form.cleaned_data["version"],
                    identity=form.identity(),
                    categories=form.categories(),
                )
            except EditConflict as error:
                conflict = error.current
                # Keep what this person typed; the hidden version now names the newer save,
                # so saving again is a deliberate choice made after seeing both.
                data = request.POST.copy()
                data["version"] = conflict.version
                form = IdentityEditForm(data)
                form.is_valid()
                form.add_error(
                    None,
                    _(
                        "Someone else saved this identity while you were editing. Nothing was "
                        "overwritten: compare both versions below, then save again to keep yours."
                    ),
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Identity saved."))
                return redirect("cases:detail", case_id=case.pk)
    else:
        form = IdentityEditForm(
            initial={**IdentityFields.initial_for(case), "version": case.version}
        )
    return render(
        request,
        "cases/edit.html",
        case_context(request, case, form=form, conflict=conflict),
        status=409 if conflict else 400 if form.errors else 200,
    )


@case_page(methods=("POST",))
def status(request, case_id):
    case = selectors.case_read(
        actor=request.user, case_id=case_id, action=CaseAction.CLOSE, audited=is_page_read(request)
    )
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose active or inactive; closing asks for a reason."))
        return redirect("cases:detail", case_id=case.pk)
    try:
        services.case_set_status(actor=request.user, case=case, status=form.cleaned_data["status"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Status saved."))
    return redirect("cases:detail", case_id=case.pk)


@case_page()
def close(request, case_id):
    case = selectors.case_read(
        actor=request.user, case_id=case_id, action=CaseAction.CLOSE, audited=is_page_read(request)
    )
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_close(actor=request.user, case=case, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The case is closed. Its history is kept."))
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/close.html",
        case_context(request, case, form=form),
        status=400 if form.errors else 200,
    )


@case_page(methods=("POST",))
def reopen(request, case_id):
    case = selectors.case_read(
        actor=request.user, case_id=case_id, action=CaseAction.CLOSE, audited=is_page_read(request)
    )
    try:
        services.case_reopen(actor=request.user, case=case)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The case is open again, with all its history."))
    return redirect("cases:detail", case_id=case.pk)
