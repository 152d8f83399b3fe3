"""The case pages: caseload, intake, the case page, identity, status, team, safety, break-glass.

Each view parses, checks access through ``cases.access`` or a selector, calls one service and
renders (STYLE habit 1). Outsiders get 404 from ``case_for``; insiders without the right, 403.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import role_required
from accounts.roles import Role
from audit.selectors import record_viewers
from cases import selectors, services
from cases.access import CaseAction, allowed, cases_visible_to
from cases.forms import (
    BreakGlassForm,
    CaseloadFilterForm,
    CaseSearchForm,
    CloseForm,
    IdentityEditForm,
    IdentityFields,
    IntakeForm,
    MandatedReportForm,
    SafeContactForm,
    SafetyForm,
    StatusForm,
    TeamAddForm,
    add_service_errors,
)
from cases.record_views import case_panels_context, is_page_read
from cases.selectors import CaseloadFilters

CASE_WORKERS = (Role.ADVOCATE, Role.CLINICIAN, Role.SUPERVISOR)
PAGE_SIZE = 25
# A flag filter has to look at decrypted flags; beyond this many open cases it says so.
FLAG_FILTER_LIMIT = 2000


def case_page(methods=("GET", "POST")):
    """Signed-in people only, and only these methods; access itself is decided per view."""

    def decorator(view):
        @login_required
        @require_http_methods(list(methods))
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _case_context(request, case, **extra) -> dict:
    """What ``cases/case_base.html`` needs on every page of a case."""
    user = request.user
    context = {
        "case": case,
        "can_edit": allowed(user, case, CaseAction.EDIT),
    }
    context.update(extra)
    return context


# Caseload and intake ---------------------------------------------------------------------------


@role_required(*CASE_WORKERS)
@require_http_methods(["GET", "POST"])
def caseload(request):
    searching = request.method == "POST"
    fragment = searching and is_fragment_request(request)
    # A search sent with htmx shows no filter form; one is built only if filters were given.
    filters = None if fragment and not request.GET else CaseloadFilterForm(request.GET or None)
    filter_values = filters.cleaned_data if filters is not None and filters.is_valid() else {}
    search = CaseSearchForm(request.POST or None)
    name = search.cleaned_data["name"] if searching and search.is_valid() else ""
    chosen = CaseloadFilters(
        status=filter_values.get("status", ""),
        mine=filter_values.get("mine", False),
        name=name,
    )
    cases = selectors.caseload_rows(actor=request.user, filters=chosen)
    flag = filter_values.get("flag", "")
    if searching and not name:
        page, rows, truncated = None, [], False
    elif searching or flag:
        # A search result is short and a flag lives inside encrypted data: both are read whole.
        rows = selectors.decrypt_page(cases[: PAGE_SIZE if searching else FLAG_FILTER_LIMIT])
        truncated = len(rows) == FLAG_FILTER_LIMIT and not searching
        if flag:
            rows = selectors.with_flag(rows, flag)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = list(page)
    else:
        page, rows = selectors.page_of(cases, number=request.GET.get("page"), size=PAGE_SIZE)
        truncated = False
    context = {"search": search, "searching": searching, "page": page, "rows": rows}
    status = 400 if searching and not search.is_valid() else 200
    if fragment:
        # The search form sends itself with htmx: only the results and their status go back.
        response = render(
            request, "cases/_caseload_results.html", {**context, "fragment": True}, status=status
        )
    else:
        context.update(filters=filters, truncated=truncated)
        response = render(request, "cases/caseload.html", context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@role_required(*CASE_WORKERS)
@require_http_methods(["GET", "POST"])
def intake(request):
    form = IntakeForm(request.POST or None, programs=selectors.programs_for(actor=request.user))
    duplicates = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = selectors.likely_duplicates(
            actor=request.user,
            name=data["preferred_name"],
            also_names=tuple(filter(None, [data["legal_name"], data["other_names"]])),
            date_of_birth=data["date_of_birth"],
            phone=data["phone"],
        )
        if duplicates and not data["confirm_new_person"]:
            form.add_error(
                "confirm_new_person",
                _("Check the possible matches, then confirm this is a different person."),
            )
        else:
            try:
                case = services.case_open(
                    actor=request.user,
                    program=data["program"],
                    identity=form.identity(),
                    intake_date=data["intake_date"],
                    categories=form.categories(),
                    age_band=data["age_band"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The case is open. You are on its team."))
                return redirect("cases:detail", case_id=case.pk)
    if duplicates:
        selectors.decrypt_page(duplicates.visible)
    return render(
        request,
        "cases/intake.html",
        {"form": form, "duplicates": duplicates},
        status=400 if form.errors else 200,
    )


# The case page ---------------------------------------------------------------------------------


@case_page(methods=("GET",))
def detail(request, case_id):
    """The case page. "Who has seen this record" and the check-in chart load after it (htmx,
    with a plain link without JavaScript): everything needed before reaching out is here."""
    user = request.user
    case = selectors.case_page(actor=user, case_id=case_id)
    mandated_report = getattr(case, "mandated_report", None) if case.minor_at_intake else None
    context = _case_context(
        request,
        case,
        can_close=allowed(user, case, CaseAction.CLOSE),
        can_manage_team=allowed(user, case, CaseAction.MANAGE_TEAM),
        mandated_report=mandated_report,
    )
    context.update(case_panels_context(request, case))
    return render(request, "cases/detail.html", context)


def is_fragment_request(request) -> bool:
    """An htmx request for a part of a page (htmx sends this header with every request)."""
    return request.headers.get("HX-Request") == "true"


@case_page(methods=("GET",))
def viewers(request, case_id):
    """Who has seen this record: the table loaded into the case page, or a page of its own."""
    case = selectors.case_viewed(
        actor=request.user, case_id=case_id, action=CaseAction.VIEW, reading=is_page_read(request)
    )
    found = record_viewers(actor=request.user, target_type="cases.case", target_id=case.pk)
    if is_fragment_request(request):
        response = render(request, "cases/_viewers.html", {"case": case, "viewers": found})
    else:
        response = render(
            request, "cases/viewers.html", _case_context(request, case, viewers=found)
        )
    patch_vary_headers(response, ["HX-Request"])
    return response


@case_page()
def edit(request, case_id):
    case = selectors.case_viewed(
        actor=request.user, case_id=case_id, action=CaseAction.EDIT, reading=is_page_read(request)
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
            except services.EditConflict as error:
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
                add_service_errors(form, error)
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
        _case_context(request, case, form=form, conflict=conflict),
        status=409 if conflict else 400 if form.errors else 200,
    )


@case_page(methods=("POST",))
def status(request, case_id):
    case = selectors.case_viewed(
        actor=request.user, case_id=case_id, action=CaseAction.CLOSE, reading=is_page_read(request)
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
    case = selectors.case_viewed(
        actor=request.user, case_id=case_id, action=CaseAction.CLOSE, reading=is_page_read(request)
    )
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_close(actor=request.user, case=case, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The case is closed. Its history is kept."))
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/close.html",
        _case_context(request, case, form=form),
        status=400 if form.errors else 200,
    )


@case_page(methods=("POST",))
def reopen(request, case_id):
    case = selectors.case_viewed(
        actor=request.user, case_id=case_id, action=CaseAction.CLOSE, reading=is_page_read(request)
    )
    try:
        services.case_reopen(actor=request.user, case=case)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The case is open again, with all its history."))
    return redirect("cases:detail", case_id=case.pk)


# The team --------------------------------------------------------------------------------------


@case_page()
def team(request, case_id):
    case = selectors.case_viewed(
        actor=request.user,
        case_id=case_id,
        action=CaseAction.MANAGE_TEAM,
        reading=is_page_read(request),
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
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is on the team.") % {"name": data["user"].full_name},
            )
            return redirect("cases:team", case_id=case.pk)
    return render(
        request,
        "cases/team.html",
        _case_context(request, case, form=form, team=selectors.case_team(case=case)),
        status=400 if form.errors else 200,
    )


@case_page(methods=("POST",))
def team_end(request, case_id, membership_id):
    case = selectors.case_viewed(
        actor=request.user,
        case_id=case_id,
        action=CaseAction.MANAGE_TEAM,
        reading=is_page_read(request),
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


# Safety and minors -----------------------------------------------------------------------------


@case_page()
def safety(request, case_id):
    case = selectors.case_viewed(
        actor=request.user, case_id=case_id, action=CaseAction.EDIT, reading=is_page_read(request)
    )
    form = SafetyForm(
        request.POST or None,
        initial={"flags": case.safety_flags or [], "plan": case.safety_plan},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.safety_update(
                actor=request.user,
                case=case,
                flags=form.cleaned_data["flags"],
                plan=form.cleaned_data["plan"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Safety flags and plan saved."))
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/safety.html",
        _case_context(request, case, form=form),
        status=400 if form.errors else 200,
    )


@case_page()
def safe_contact(request, case_id):
    case = selectors.case_viewed(
        actor=request.user, case_id=case_id, action=CaseAction.EDIT, reading=is_page_read(request)
    )
    contact = getattr(case, "safe_contact", None)
    initial = SafeContactForm.initial_for(contact) if contact else {}
    form = SafeContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.safe_contact_update(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Safe-contact rules saved."))
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/safe_contact.html",
        _case_context(request, case, form=form),
        status=400 if form.errors else 200,
    )


@case_page()
def mandated_report(request, case_id):
    case = selectors.case_viewed(
        actor=request.user, case_id=case_id, action=CaseAction.EDIT, reading=is_page_read(request)
    )
    report = getattr(case, "mandated_report", None)
    if report is None:
        raise Http404  # only a case opened for a minor has the checklist
    initial = {
        "report_made_to": report.report_made_to,
        "reported_at": report.reported_at,
        "reference": report.reference,
        "survivor_informed": report.survivor_informed,
    }
    form = MandatedReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.mandated_report_update(
                actor=request.user, case=case, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if report.completed_at:
                messages.success(request, _("The mandated-report checklist is complete."))
            else:
                messages.success(request, _("Saved. The checklist stays on the case until done."))
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/mandated_report.html",
        _case_context(request, case, form=form, report=report),
        status=400 if form.errors else 200,
    )


# Break-glass -----------------------------------------------------------------------------------


@role_required(Role.SUPERVISOR)
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
                add_service_errors(form, error)
            else:
                return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/break_glass.html",
        {"form": form, "minutes": settings.BREAK_GLASS_MINUTES},
        status=400 if form.errors else 200,
    )


@role_required(Role.SUPERVISOR)
@require_http_methods(["GET"])
def break_glass_review(request):
    grants = list(selectors.break_glass_for_review(actor=request.user)[:200])
    selectors.decrypt_page([grant.case for grant in grants])
    return render(request, "cases/break_glass_review.html", {"grants": grants})


@role_required(Role.SUPERVISOR)
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
