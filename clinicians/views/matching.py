"""A clinician for a survivor: the survivor's wishes, the ranked short list, requests, and the
supervisor's approval (the clinician joins the case team) or decline; ending an assignment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alongside.concurrency import EditConflict
from alongside.htmx import is_page_read
from alongside.service_errors import form_add_service_errors
from cases.access import CaseAction
from cases.selectors import case_read
from clinicians import access, selectors, services
from clinicians.choices import OPEN_ASSIGNMENT_STATUSES, Modality
from clinicians.forms import AssignmentRequestForm, DeclineForm, EndForm, WishesForm
from clinicians.matching import match_for


def _wishes_shown(wishes, clinicians) -> dict:
    labels = dict(Modality.choices)
    names = {str(person.pk): person.full_name for person in clinicians}
    if wishes is None:
        return {}
    return {
        "wishes": wishes,
        "wanted": [labels.get(code, code) for code in wishes.modalities_wanted],
        "not_wanted": [labels.get(code, code) for code in wishes.modalities_not_wanted],
        "not_to_see": [
            names.get(pk, _("a former clinician")) for pk in wishes.clinicians_not_to_see
        ],
    }


@login_required
@require_http_methods(["GET", "POST"])
def wishes(request, case_id):
    """What the survivor asks of a clinician, recorded by whoever works with them on the case."""
    writing = request.method == "POST"
    case = case_read(
        actor=request.user,
        case_id=case_id,
        action=CaseAction.EDIT if writing else CaseAction.VIEW,
        audited=is_page_read(request),
    )
    clinicians = list(selectors.clinicians_listed(actor=request.user))
    current = selectors.wishes_of(case=case)
    can_edit = access.may_edit_wishes(request.user, case)
    if writing:
        form = WishesForm(request.POST, clinicians=clinicians)
    else:
        initial = {"version": current.version} if current else {}
        if current:
            initial.update(
                {
                    name: getattr(current, name)
                    for name in WishesForm.base_fields
                    if name != "version"
                }
            )
        form = WishesForm(initial=initial, clinicians=clinicians)
    status = 200
    if writing and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            services.wishes_update(actor=request.user, case=case, **values)
        except EditConflict:
            form.add_error(
                None,
                _("Someone saved the survivor's wishes just now. Reload the page to see them."),
            )
            status = 409
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The survivor's wishes are saved."))
            return redirect("clinicians:matching", case_id=case.pk)
    if writing and status == 200:
        status = 400
    context = {
        "case": case,
        "form": form,
        "can_edit": can_edit,
        "may_match": access.may_request_assignment(request.user, case)
        or access.may_decide_assignment(request.user, case),
        **_wishes_shown(current, clinicians),
    }
    return render(request, "clinicians/wishes.html", context, status=status)


def _matching_page(request, case, *, request_form=None, status=200):
    clinicians = list(selectors.clinicians_listed(actor=request.user))
    matches = match_for(case=case)
    assignments = list(selectors.assignments_of(case=case))
    context = {
        "case": case,
        "matches": matches,
        "open_assignments": [a for a in assignments if a.status in OPEN_ASSIGNMENT_STATUSES],
        "past_assignments": [a for a in assignments if a.status not in OPEN_ASSIGNMENT_STATUSES],
        "asked_for": {a.clinician_id for a in assignments if a.status in OPEN_ASSIGNMENT_STATUSES},
        "request_form": request_form,
        "can_request": access.may_request_assignment(request.user, case),
        "can_decide": access.may_decide_assignment(request.user, case),
        "decline_form": DeclineForm(),
        "end_form": EndForm(),
        **_wishes_shown(matches.wishes, clinicians),
    }
    return render(request, "clinicians/matching.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def matching(request, case_id):
    case = case_read(
        actor=request.user, case_id=case_id, action=CaseAction.VIEW, audited=is_page_read(request)
    )
    if not (
        access.may_request_assignment(request.user, case)
        or access.may_decide_assignment(request.user, case)
    ):
        raise PermissionDenied
    return _matching_page(request, case)


@login_required
@require_POST
def assignment_request(request, case_id):
    case = case_read(actor=request.user, case_id=case_id, action=CaseAction.EDIT, audited=False)
    if not access.may_request_assignment(request.user, case):
        raise PermissionDenied
    clinicians = {str(c.pk): c for c in selectors.clinicians_listed(actor=request.user)}
    form = AssignmentRequestForm(request.POST, clinicians=clinicians.values())
    if form.is_valid():
        clinician = clinicians[form.cleaned_data["clinician"]]
        try:
            services.assignment_request(
                actor=request.user,
                case=case,
                clinician=clinician,
                override_reason=form.cleaned_data["override_reason"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is asked for. A supervisor of the program approves or declines.")
                % {"name": clinician.full_name},
            )
            return redirect("clinicians:matching", case_id=case.pk)
    return _matching_page(request, case, request_form=form, status=400)


def _back(request, assignment):
    """Back to where the decision was taken: the supervisors' view or the case's matching page."""
    if request.POST.get("back") == "overview":
        return redirect("clinicians:overview")
    return redirect("clinicians:matching", case_id=assignment.case.pk)


@login_required
@require_POST
def assignment_approve(request, case_id, assignment_id):
    assignment = selectors.assignment_for(
        actor=request.user, case_id=case_id, assignment_id=assignment_id
    )
    if not access.may_decide_assignment(request.user, assignment.case):
        raise PermissionDenied
    try:
        services.assignment_approve(actor=request.user, assignment=assignment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Approved: %(name)s has joined the case team.")
            % {"name": assignment.clinician.full_name},
        )
    return _back(request, assignment)


@login_required
@require_POST
def assignment_decline(request, case_id, assignment_id):
    assignment = selectors.assignment_for(
        actor=request.user, case_id=case_id, assignment_id=assignment_id
    )
    if not access.may_decide_assignment(request.user, assignment.case):
        raise PermissionDenied
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("reason", [])))
        return _back(request, assignment)
    try:
        services.assignment_decline(
            actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The request is declined."))
    return _back(request, assignment)


@login_required
@require_POST
def assignment_end(request, case_id, assignment_id):
    assignment = selectors.assignment_for(
        actor=request.user, case_id=case_id, assignment_id=assignment_id
    )
    if not access.may_end_assignment(request.user, assignment):
        raise PermissionDenied
    form = EndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reason for ending the assignment."))
        return _back(request, assignment)
    try:
        services.assignment_end(actor=request.user, assignment=assignment, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(request, assignment)
    messages.success(request, _("The assignment has ended; the survivor's history keeps it."))
    if assignment.clinician_id == request.user.pk:
        return redirect("clinicians:my-survivors")
    return _back(request, assignment)
