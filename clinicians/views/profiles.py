"""Clinicians' profiles (each keeps their own; supervisors see all) and the supervisors' view
of clinicians: load against capacity, licences expiring, requests waiting for a decision."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import role_required
from accounts.roles import CLINICIAN_ROLES, SUPERVISOR_ROLES
from alongside.concurrency import EditConflict
from alongside.service_errors import form_add_service_errors
from clinicians import selectors, services
from clinicians.forms import DeclineForm, ProfileForm, TrainingForm


def _profile_page(request, profile, *, form=None, training_form=None, status=200):
    initial = {name: getattr(profile, name) for name in ProfileForm.base_fields}
    initial["languages"] = ", ".join(profile.languages)
    context = {
        "profile": profile,
        "person": profile.user,
        "form": form or ProfileForm(initial=initial),
        "training_form": training_form or TrainingForm(),
        "trainings": profile.trainings.all(),
        "licence_reminders": selectors.licence_reminders_for(actor=request.user),
        "editable": True,
    }
    return render(request, "clinicians/profile.html", context, status=status)


@role_required(*CLINICIAN_ROLES)
@require_http_methods(["GET", "POST"])
def my_profile(request):
    profile = services.profile_of(request.user)
    if request.method == "GET":
        return _profile_page(request, profile)
    form = ProfileForm(request.POST)
    if form.is_valid():
        values = dict(form.cleaned_data)
        try:
            services.clinician_profile_update(actor=request.user, clinician=request.user, **values)
        except EditConflict:
            form.add_error(None, _("Your profile was changed just now. Reload it and try again."))
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("clinicians:my-profile")
    return _profile_page(request, profile, form=form, status=400)


@role_required(*CLINICIAN_ROLES)
@require_POST
def training_add(request):
    form = TrainingForm(request.POST)
    if form.is_valid():
        try:
            services.clinician_training_add(
                actor=request.user, clinician=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Training added to your profile."))
            return redirect("clinicians:my-profile")
    profile = services.profile_of(request.user)
    return _profile_page(request, profile, training_form=form, status=400)


@role_required(*SUPERVISOR_ROLES)
@require_GET
def clinician_detail(request, clinician_id):
    profile = selectors.profile_for(actor=request.user, clinician_id=clinician_id)
    context = {
        "profile": profile,
        "person": profile.user,
        "trainings": profile.trainings.all(),
        "editable": False,
    }
    return render(request, "clinicians/profile.html", context)


@role_required(*SUPERVISOR_ROLES)
@require_GET
def overview(request):
    context = {
        "rows": selectors.clinicians_overview(actor=request.user),
        "requests": list(selectors.pending_requests(actor=request.user)),
        "decline_form": DeclineForm(),
    }
    return render(request, "clinicians/overview.html", context)
