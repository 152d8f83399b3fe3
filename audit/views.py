import csv

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.access import role_required
from accounts.roles import AUDIT_READER_ROLES
from audit import selectors, services
from audit.forms import AuditFilterForm

PAGE_SIZE = 50
CSV_HEADER = [
    "occurred_at",
    "event_id",
    "person",
    "person_id",
    "address",
    "action",
    "object_type",
    "object_id",
    "fields",
    "reason",
    "lane",
    "position",
    "hash",
]
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def _csv_row(event) -> list[str]:
    return [
        _cell(value)
        for value in (
            event.occurred_at.isoformat(),
            event.uuid,
            event.actor_label,
            event.actor_id,
            event.address,
            event.action,
            event.target_type,
            event.target_id,
            " ".join(event.fields),
            event.reason,
            event.lane,
            event.seq,
            event.hash,
        )
    ]


def _csv_lines(events):
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_HEADER)
    for event in events.iterator(chunk_size=2000):
        yield writer.writerow(_csv_row(event))


# Viewing the list is not itself recorded: an auditor paging through thousands of events would
# add an event per page and bury the access the trail exists to show. The trail's contents are
# not survivor data; taking a copy out of the system is what matters, so exports are recorded.
@role_required(*AUDIT_READER_ROLES)
@require_GET
def event_list(request):
    filters = AuditFilterForm(request.GET or None)
    criteria = filters.criteria() if filters.is_valid() else {}
    events = selectors.audit_events(actor=request.user, **criteria)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.audit_events_described(actor=request.user, events=page)
    export_query = request.GET.copy()
    export_query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {"filters": filters, "page": page, "export_query": export_query.urlencode()},
        status=400 if filters.is_bound and not filters.is_valid() else 200,
    )


@role_required(*AUDIT_READER_ROLES)
@require_GET
def event_export(request):
    filters = AuditFilterForm(request.GET or None)
    if filters.is_bound and not filters.is_valid():
        page = Paginator(selectors.audit_events(actor=request.user), PAGE_SIZE).get_page(1)
        return render(
            request,
            "audit/event_list.html",
            {"filters": filters, "page": page, "export_query": ""},
            status=400,
        )
    criteria = filters.criteria() if filters.is_bound else {}
    # Recorded before the first row goes out: an export cut short was still an export.
    services.audit_trail_export(actor=request.user, filters=criteria.keys())
    events = selectors.audit_events(actor=request.user, **criteria)
    response = StreamingHttpResponse(_csv_lines(events), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
