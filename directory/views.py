"""The partner directory's pages, for the administrators who keep it: organizations and their
services, created, changed and marked inactive (never deleted) through the directory's
services; HSDS import and export; and the page where a partner-agency user pauses new
referrals to their agency's services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import role_required
from accounts.roles import Role
from alongside.service_errors import form_add_service_errors
from directory import selectors, services
from directory.access import DIRECTORY_ADMIN_ROLES, may_manage_directory
from directory.forms import (
    HSDSImportForm,
    OrganizationForm,
    PartnerUserForm,
    ServiceForm,
    ServiceStatusForm,
)
from directory.hsds import importer
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
    accounts = selectors.partner_accounts_for(actor=request.user, organization=organization)
    return render(
        request,
        "directory/organization_form.html",
        {
            "form": form,
            "organization": organization,
            "partner_users": selectors.partner_users_of(
                actor=request.user, organization=organization
            ),
            "partner_user_form": PartnerUserForm(accounts=accounts),
        },
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


# --- HSDS import and export -------------------------------------------------------------------


@keeper_page()
def hsds_import(request):
    """Upload HSDS JSON or a zipped tabular package; the page shows what the import did, or
    every reason it wrote nothing."""
    posted = request.method == "POST"
    form = HSDSImportForm(request.POST if posted else None, request.FILES if posted else None)
    report = None
    if posted and form.is_valid():
        report = services.hsds_import(actor=request.user, upload=form.cleaned_data["file"])
        if report.ok:
            messages.success(request, _("The import is done."))
    status = 400 if form.errors or (report is not None and not report.ok) else 200
    return render(
        request,
        "directory/hsds_import.html",
        {
            "form": form,
            "report": report,
            "max_megabytes": importer.max_bytes() // (1024 * 1024),
        },
        status=status,
    )


EXPORT_NAMES = {"json": "partner-directory-hsds.json", "tabular": "partner-directory-hsds.zip"}


@keeper_page(methods=("GET",))
def hsds_export(request, format):
    if format not in EXPORT_NAMES:
        raise Http404
    data = services.hsds_export(actor=request.user, format=format)
    response = HttpResponse(data, content_type=services.HSDS_FORMATS[format])
    response["Content-Disposition"] = f'attachment; filename="{EXPORT_NAMES[format]}"'
    return response


# --- referral pauses and partner-agency users -------------------------------------------------


@role_required(Role.PARTNER)
@require_http_methods(["GET"])
def partner_services(request):
    """A partner-agency user's own agency's services, each with a Pause or Resume button."""
    organization, agency_services = selectors.partner_services_for(actor=request.user)
    return render(
        request,
        "directory/partner_services.html",
        {"organization": organization, "services": agency_services},
    )


def _pause_page(view):
    return role_required(*DIRECTORY_ADMIN_ROLES, Role.PARTNER)(require_http_methods(["POST"])(view))


def _after_pause(request, service):
    if may_manage_directory(request.user):
        return redirect("directory:organization", organization_id=service.organization_id)
    return redirect("directory:partner-services")


@_pause_page
def service_referrals_pause(request, service_id):
    service = selectors.pausable_service(actor=request.user, service_id=service_id)
    services.service_referrals_pause(actor=request.user, service=service)
    messages.success(
        request,
        _("New referrals to %(name)s are paused. Referrals already sent go on.")
        % {"name": service.name},
    )
    return _after_pause(request, service)


@_pause_page
def service_referrals_resume(request, service_id):
    service = selectors.pausable_service(actor=request.user, service_id=service_id)
    services.service_referrals_resume(actor=request.user, service=service)
    messages.success(request, _("%(name)s accepts new referrals again.") % {"name": service.name})
    return _after_pause(request, service)


@keeper_page(methods=("POST",))
def partner_user_add(request, organization_id):
    organization = selectors.organization_detail(
        actor=request.user, organization_id=organization_id
    )
    accounts = selectors.partner_accounts_for(actor=request.user, organization=organization)
    form = PartnerUserForm(request.POST, accounts=accounts)
    if not form.is_valid():
        messages.error(request, _("Choose a partner-agency account from the list."))
    else:
        try:
            services.partner_user_link(
                actor=request.user, user=form.cleaned_data["user"], organization=organization
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The account is linked to this agency."))
    return redirect("directory:organization", organization_id=organization.pk)


@keeper_page(methods=("POST",))
def partner_user_remove(request, organization_id, user_id):
    organization = selectors.organization_detail(
        actor=request.user, organization_id=organization_id
    )
    links = selectors.partner_users_of(actor=request.user, organization=organization)
    link = links.filter(user_id=user_id).first()
    if link is None:
        raise Http404
    services.partner_user_unlink(actor=request.user, user=link.user)
    messages.success(request, _("The account is no longer linked to this agency."))
    return redirect("directory:organization", organization_id=organization.pk)
