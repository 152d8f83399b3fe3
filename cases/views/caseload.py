"""The caseload (with its search) and intake."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import role_required
from accounts.roles import CASE_TEAM_ROLES, CASE_WORKER_ROLES, TEAM_ONLY_ROLES
from alongside.htmx import is_htmx, vary_on_htmx
from alongside.service_errors import form_add_service_errors
from cases import selectors, services
from cases.access import may_open_cases
from cases.forms import (
    CaseloadFilterForm,
    CaseSearchForm,
    IntakeForm,
)
from cases.selectors import CaseloadFilters

PAGE_SIZE = 25


# Administrators and auditors see the cases whose team they are on (cases/access.py), as the
# API shows them: the page answers them alike.
@role_required(*CASE_TEAM_ROLES)
@require_http_methods(["GET", "POST"])
def caseload(request):
    searching = request.method == "POST"
    fragment = searching and is_htmx(request)
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
        if searching:
            rows, truncated = selectors.decrypt_page(cases[:PAGE_SIZE]), False
            rows = selectors.with_flag(rows, flag) if flag else rows
        else:
            rows, truncated = selectors.caseload_with_flag(cases, flag)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = list(page)
    else:
        page, rows = selectors.page_of(cases, number=request.GET.get("page"), size=PAGE_SIZE)
        truncated = False
    # Every answer that shows survivors' names is audited, naming the cases it showed.
    reason = "search" if searching else ("caseload: flag filter" if flag else "caseload")
    rows = selectors.cases_shown(actor=request.user, cases=rows, reason=reason)
    context = {
        "search": search,
        "searching": searching,
        "page": page,
        "rows": rows,
        "may_open_cases": may_open_cases(request.user),
    }
    if request.user.role in TEAM_ONLY_ROLES:
        context["empty"] = _(
            "You are on no survivor's team. Administrators and auditors see a case only while "
            "they are on its team."
        )
    status = 400 if searching and not search.is_valid() else 200
    if fragment:
        # The search form sends itself with htmx: only the results and their status go back.
        response = render(
            request, "cases/_caseload_results.html", {**context, "fragment": True}, status=status
        )
    else:
        context.update(filters=filters, truncated=truncated)
        response = render(request, "cases/caseload.html", context, status=status)
    vary_on_htmx(response)
    return response


@role_required(*CASE_WORKER_ROLES)
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
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The case is open. You are on its team."))
                for warning in selectors.intake_warnings(program=case.program):
                    messages.warning(request, warning)
                return redirect("cases:detail", case_id=case.pk)
    if duplicates:
        selectors.decrypt_page(duplicates.visible)
        selectors.cases_shown(
            actor=request.user, cases=duplicates.visible, reason="duplicate check"
        )
    return render(
        request,
        "cases/intake.html",
        {"form": form, "duplicates": duplicates},
        status=400 if form.errors else 200,
    )
