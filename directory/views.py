"""The partner directory's pages, for the administrators who keep it: organizations and their
services, created, changed and marked inactive (never deleted) through the directory's
services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import role_required
from alongside.service_errors import form_add_service_errors
from directory import selectors, services
from directory.access import DIRECTORY_ADMIN_ROLES
from directory.forms import OrganizationForm, ServiceForm, ServiceStatusForm
from directory.models import ServiceStatus


def keeper_page(methods=("GET", "POST")):
    def decorator(view):
        return role_required(*DIRECTORY_ADMIN_ROLES)(require_http_methods(list(methods))(view))

    return decorator


@keeper_page(methods=("GET",))
def organization_list(request):
    organizations = (
        selectors.organizations_for(actor=request.user)
        .annotate(
            active_services=Count("services", filter=Q(services__status=ServiceStatus.ACTIVE)),
            all_services=Count("services"),
        )
        .order_by("name")
    )
    return render(request, "directory/organization_list.html", {"organizations": organizations})


@keeper_page()
def organization_new(request):
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The organization is added. Now add its services."))
            return redirect("directory:organization", organization_id=organization.pk)
    return render(
        request,
        "directory/organization_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@keeper_page()
def organization_edit(request, organization_id):
    organization = selectors.organization_detail(
        actor=request.user, organization_id=organization_id
    )
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(
                actor=request.user, organization=organization, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("directory:organization", organization_id=organization.pk)
    return render(
        request,
        "directory/organization_form.html",
        {"form": form, "organization": organization},
        status=400 if form.errors else 200,
    )


@keeper_page()
def service_new(request, organization_id):
    organization = selectors.organization_detail(
        actor=request.user, organization_id=organization_id
    )
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_create(
                actor=request.user,
                organization=organization,
                taxonomy_terms=form.cleaned_data["taxonomy_terms"],
                **form.values(),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The service is added."))
            return redirect("directory:organization", organization_id=organization.pk)
    return render(
        request,
        "directory/service_form.html",
        {"form": form, "organization": organization},
        status=400 if form.errors else 200,
    )


@keeper_page()
def service_edit(request, service_id):
    service = selectors.service_detail(actor=request.user, service_id=service_id)
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_update(
                actor=request.user,
                service=service,
                taxonomy_terms=form.cleaned_data["taxonomy_terms"],
                **form.values(),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("directory:organization", organization_id=service.organization_id)
    return render(
        request,
        "directory/service_form.html",
        {"form": form, "organization": service.organization, "service": service},
        status=400 if form.errors else 200,
    )


@keeper_page(methods=("POST",))
def service_status(request, service_id):
    """Mark a service inactive (or active again): it stays, so releases and referrals that
    named it still read."""
    service = selectors.service_detail(actor=request.user, service_id=service_id)
    form = ServiceStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status from the list."))
    else:
        try:
            services.service_set_status(
                actor=request.user, service=service, status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved."))
    return redirect("directory:organization", organization_id=service.organization_id)
