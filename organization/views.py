"""Administrators create and rename programs and name or remove their supervisors."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alongside.lookups import get_or_404
from alongside.service_errors import form_add_service_errors
from organization import selectors, services
from organization.access import program_admin_required
from organization.forms import ProgramForm, ReleaseRuleForm, SupervisorForm


@program_admin_required
@require_http_methods(["GET", "POST"])
def program_list(request):
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(actor=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Program “%(name)s” created.") % {"name": program.name})
            return redirect("organization:program-detail", program_id=program.pk)
    return render(
        request,
        "organization/program_list.html",
        {"programs": selectors.programs_for_admin(actor=request.user), "form": form},
        status=400 if form.errors else 200,
    )


def _detail(request, program, *, rename=None, supervisor=None, rule=None, status=200):
    candidates = selectors.supervisor_candidates(actor=request.user, program=program)
    return render(
        request,
        "organization/program_detail.html",
        {
            "program": program,
            "rename": rename or ProgramForm(initial={"name": program.name}),
            "supervisor_form": supervisor or SupervisorForm(candidates=candidates),
            "rule_form": rule
            or ReleaseRuleForm(initial={"governed_by_vawa_fvpsa": program.governed_by_vawa_fvpsa}),
            "waiting": selectors.supervisor_namings_waiting(actor=request.user, program=program),
        },
        status=status,
    )


@program_admin_required
@require_http_methods(["GET", "POST"])
def program_detail(request, program_id):
    program = selectors.program_for_admin(actor=request.user, program_id=program_id)
    if request.method == "GET":
        return _detail(request, program)
    form = ProgramForm(request.POST)
    if form.is_valid():
        try:
            services.program_rename(
                actor=request.user, program=program, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Program renamed."))
            return redirect("organization:program-detail", program_id=program.pk)
    return _detail(request, program, rename=form, status=400)


@program_admin_required
@require_POST
def program_release_rule(request, program_id):
    """Whether VAWA or FVPSA govern the program (only written releases then permit sharing)."""
    program = selectors.program_for_admin(actor=request.user, program_id=program_id)
    form = ReleaseRuleForm(request.POST)
    if not form.is_valid():
        return _detail(request, program, rule=form, status=400)
    governed = form.cleaned_data["governed_by_vawa_fvpsa"]
    services.program_vawa_fvpsa_set(actor=request.user, program=program, governed=governed)
    if governed:
        messages.success(
            request,
            _("Saved: in this program only a written release permits sharing."),
        )
    else:
        messages.success(
            request,
            _(
                "Saved: in this program a verbal release permits sharing until the day it "
                "must be confirmed in writing by."
            ),
        )
    return redirect("organization:program-detail", program_id=program.pk)


@program_admin_required
@require_POST
def program_supervisor_add(request, program_id):
    program = selectors.program_for_admin(actor=request.user, program_id=program_id)
    candidates = selectors.supervisor_candidates(actor=request.user, program=program)
    form = SupervisorForm(request.POST, candidates=candidates)
    if form.is_valid():
        try:
            services.program_supervisor_add(
                actor=request.user,
                program=program,
                user=form.cleaned_data["user"],
                origin=f"{request.scheme}://{request.get_host()}",
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.info(
                request,
                _(
                    "Naming %(name)s as a supervisor waits for a second person's approval: "
                    "nothing changes until then."
                )
                % {"name": form.cleaned_data["user"].full_name},
            )
            return redirect("organization:program-detail", program_id=program.pk)
    return _detail(request, program, supervisor=form, status=400)


@program_admin_required
@require_POST
def program_supervisor_remove(request, program_id, user_id):
    program = selectors.program_for_admin(actor=request.user, program_id=program_id)
    user = get_or_404(program.supervisors.all(), user_id)
    try:
        services.program_supervisor_remove(actor=request.user, program=program, user=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(name)s no longer supervises this program.") % {"name": user.full_name}
        )
    return redirect("organization:program-detail", program_id=program.pk)
