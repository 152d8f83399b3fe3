"""Reading report runs, always through what the reader may see (``reports.access``)."""

from alongside.lookups import get_or_404
from reports.access import runs_visible_to
from reports.models import ReportRun

RECENT_RUNS = 20


def runs_recent(*, actor, limit: int = RECENT_RUNS):
    return runs_visible_to(actor, ReportRun.objects.all()).defer("result")[:limit]


def run_for(*, actor, run_id, with_result: bool = True) -> ReportRun:
    queryset = runs_visible_to(actor, ReportRun.objects.all())
    if not with_result:
        queryset = queryset.defer("result")
    return get_or_404(queryset, run_id)


def packs_for(*, actor):
    from reports.access import packs_visible_to
    from reports.models import FunderPack

    return packs_visible_to(actor, FunderPack.objects.select_related("program", "created_by"))


def pack_for(*, actor, pack_id):
    return get_or_404(packs_for(actor=actor), pack_id)
