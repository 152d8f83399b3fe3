"""The case team and break-glass (a supervisor's emergency access, and its review)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import role_required
from accounts.roles import SUPERVISOR_ROLES, USER_ADMIN_ROLES
from alongside.htmx import is_page_read
from alongside.service_errors import form_add_service_errors
from cases import selectors, services
from cases.access import CaseAction, cases_visible_to
from cases.forms import (
    BreakGlassForm,
    TeamAddForm,
)
from cases.frame import case_context, case_page


@case_page()
def team(request, case_id):
    case = selectors.case_read(
        actor=request.user,
        case_id=case_id,
        action=CaseAction.MANAGE_TEAM,
        audited=is_page_read(request),
    )
    candidates = selectors.team_candidates(actor=request.user, case=case)
    form = TeamAddForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.team_member_add(
                actor=request.user,
                case=case,
                user=data["user"],
                team_role=data["team_role"],
                since=data["since"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is on the team.") % {"name": data["user"].full_name},
            )
            return redirect("cases:team", case_id=case.pk)
    return render(
        request,
        "cases/team.html",
        case_context(request, case, form=form, team=selectors.case_team(case=case)),
        status=400 if form.errors else 200,
    )


@case_page(methods=("POST",))
def team_end(request, case_id, membership_id):
    case = selectors.case_read(
        actor=request.user,
        case_id=case_id,
        action=CaseAction.MANAGE_TEAM,
        audited=is_page_read(request),
    )
    membership = selectors.team_membership_of(case=case, membership_id=membership_id)
    try:
        services.team_member_end(actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(name)s has left the team.") % {"name": membership.user.full_name}
        )
    return redirect("cases:team", case_id=case.pk)


@role_required(*SUPERVISOR_ROLES)
@require_http_methods(["GET", "POST"])
def break_glass(request):
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = selectors.break_glass_target(actor=request.user, number=form.cleaned_data["number"])
        if case is None:
            form.add_error("number", _("No case has this number. Check it and try again."))
        elif cases_visible_to(request.user).filter(pk=case.pk).exists():
            messages.info(request, _("You can already open this case: no break-glass needed."))
            return redirect("cases:detail", case_id=case.pk)
        else:
            try:
                services.break_glass_open(
                    actor=request.user, case=case, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/break_glass.html",
        {"form": form, "minutes": settings.BREAK_GLASS_MINUTES},
        status=400 if form.errors else 200,
    )


@role_required(*SUPERVISOR_ROLES)
@require_http_methods(["GET"])
def break_glass_review(request):
    grants = list(selectors.break_glass_for_review(actor=request.user)[:200])
    selectors.decrypt_page([grant.case for grant in grants])
    return render(request, "cases/break_glass_review.html", {"grants": grants})


@role_required(*SUPERVISOR_ROLES)
@require_POST
def break_glass_reviewed(request, grant_id):
    grant = selectors.break_glass_for_review(actor=request.user).filter(pk=grant_id).first()
    if grant is None:
        raise Http404
    try:
        services.break_glass_review(actor=request.user, grant=grant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Marked as reviewed."))
    return redirect("cases:break-glass-review")


@role_required(*USER_ADMIN_ROLES)
@require_http_methods(["GET"])
def break_glass_unsupervised(request):
    """The administrators' review of break-glass in programs without a supervisor: who, when
    and the case number only (administrators never read survivor data)."""
    grants = list(selectors.break_glass_unsupervised(actor=request.user)[:200])
    return render(request, "cases/break_glass_unsupervised.html", {"grants": grants})


@role_required(*USER_ADMIN_ROLES)
@require_POST
def break_glass_unsupervised_reviewed(request, grant_id):
    grant = selectors.break_glass_unsupervised(actor=request.user).filter(pk=grant_id).first()
    if grant is None:
        raise Http404
    try:
        services.break_glass_review(actor=request.user, grant=grant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Marked as reviewed."))
    return redirect("cases:break-glass-unsupervised")
