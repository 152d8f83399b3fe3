"""The reports' pages: the index, the form, a run (progress, then tables, charts and files).

Thin: access from ``reports.access`` (through ``role_required`` and the run selectors), writes
through ``reports.runs``, shapes from ``reports.kinds``.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import role_required
from accounts.roles import Role
from alongside.htmx import is_htmx, vary_on_htmx
from alongside.service_errors import form_add_service_errors
from reports import kinds, runs, selectors
from reports import services as engine_services
from reports.access import REPORT_ROLES
from reports.charts import table_chart
from reports.choices import DownloadFormat, RunStatus
from reports.downloads import report_file
from reports.forms import PackForm, ReportForm

# While a run is not finished, the page asks again this often (htmx; a meta refresh without JS).
POLL_SECONDS = 2


def report_page(methods=("GET",)):
    def decorator(view):
        return role_required(*REPORT_ROLES)(require_http_methods(list(methods))(view))

    return decorator


def _kind_or_404(kind: str) -> kinds.KindInfo:
    for info in kinds.kinds():
        if info.code == kind:
            return info
    raise Http404


@report_page()
def index(request):
    return render(
        request,
        "reports/index.html",
        {"kinds": kinds.kinds(), "runs": list(selectors.runs_recent(actor=request.user))},
    )


@report_page(methods=("GET", "POST"))
def report_new(request, kind):
    info = _kind_or_404(kind)
    form = ReportForm(
        request.POST or None,
        kind=kind,
        filter_choices=kinds.filter_choices(actor=request.user, kind=kind),
        whole_organization=request.user.role == Role.ADMINISTRATOR,
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            run = runs.report_run_start(actor=request.user, kind=kind, data=form.parameters_data())
        except ValidationError as error:
            form_add_service_errors(form, error)
        except PermissionDenied as refusal:
            # Another program's report: the insider is told why, on the field at fault.
            form.add_error("program", str(refusal) or _("You may not run this report."))
            status = 403
        else:
            return redirect("reports:run", run_id=run.pk)
    if form.errors and status == 200:
        status = 400
    return render(request, "reports/form.html", {"form": form, "info": info}, status=status)


def _tables_and_charts(report):
    return [(table, table_chart(table, report.threshold)) for table in report.tables]


@report_page()
def run_detail(request, run_id):
    run = selectors.run_for(actor=request.user, run_id=run_id)
    report = runs.run_report(run)
    context = {
        "run": run,
        "info": _kind_or_404(run.kind),
        "report": report,
        "tables": _tables_and_charts(report) if report else [],
        "poll_seconds": POLL_SECONDS,
        "formats": DownloadFormat.choices,
        "finished": run.is_finished,
        "failed": run.status == RunStatus.FAILED,
    }
    if is_htmx(request):
        if not run.is_finished:
            return vary_on_htmx(render(request, "reports/_run_progress.html", context))
        # Finished: the whole page again, so the result replaces the progress bar.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return vary_on_htmx(response)
    return vary_on_htmx(render(request, "reports/run.html", context))


@report_page()
def run_download(request, run_id, file_format):
    if file_format not in DownloadFormat.values:
        raise Http404
    run = selectors.run_for(actor=request.user, run_id=run_id)
    report = runs.run_report(run)
    if report is None:
        raise Http404
    content, content_type, name = report_file(report, file_format)
    runs.report_download_record(actor=request.user, run=run, file_format=file_format)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


# Funder packs ---------------------------------------------------------------------------------


@report_page(methods=("GET", "POST"))
def pack_list(request):
    """The packs kept, and the form that makes one for a funder's period."""
    programs = kinds.filter_choices(actor=request.user, kind="funder")["program"][1]
    form = PackForm(
        request.POST or None,
        programs=programs,
        whole_organization=request.user.role == Role.ADMINISTRATOR,
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pack = engine_services.pack_create(
                actor=request.user,
                period_start=data["period_start"],
                period_end=data["period_end"],
                program=data["program"] or None,
                threshold=data["threshold"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        except PermissionDenied as refusal:
            form.add_error("program", str(refusal) or _("You may not make this pack."))
            status = 403
        else:
            return redirect("reports:pack", pack_id=pack.pk)
    if form.errors and status == 200:
        status = 400
    packs = list(selectors.packs_for(actor=request.user)[:50])
    return render(request, "reports/packs.html", {"form": form, "packs": packs}, status=status)


@report_page()
def pack_detail(request, pack_id):
    pack = selectors.pack_for(actor=request.user, pack_id=pack_id)
    return render(request, "reports/pack.html", {"pack": pack, "comparison": None})


@report_page(methods=("POST",))
def pack_regenerate(request, pack_id):
    """The pack's report again, now: the same numbers, or what changed and why."""
    pack = selectors.pack_for(actor=request.user, pack_id=pack_id)
    comparison = engine_services.pack_regenerate(actor=request.user, pack=pack)
    report = comparison.report
    return render(
        request,
        "reports/pack.html",
        {
            "pack": pack,
            "comparison": comparison,
            "report": report,
            "tables": _tables_and_charts(report) if report else [],
        },
    )
