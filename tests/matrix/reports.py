"""Reports: pages and API for every persona.

Administrators and supervisors run reports (supervisors only for the programs they supervise:
asking for another program's is 403 with the reason); everyone else gets 403, nobody signed
out gets further than sign-in (pages) or 401 (API). A run is its requester's: someone else's
run is 404, as a run that does not exist.
"""

from accounts.roles import Role
from reports.choices import RunStatus
from reports.models import ReportRun
from reports.serialize import report_to_json
from tests.factories import UserFactory
from tests.matrix.framework import Context, Entry, everyone

JSON = "application/json"
REPORTERS = (
    "administrator_on_team",
    "administrator_off_team",
    "supervisor_of_program",
    "supervisor_of_other_program",
)


def reporters(status: int, *, signed_out: int = 302, **overrides) -> dict:
    return everyone(403, signed_out=signed_out) | dict.fromkeys(REPORTERS, status) | overrides


def _run_of(user) -> ReportRun:
    from tests.reports.built import built_report

    return ReportRun.objects.create(
        requested_by=user,
        kind="referral",
        parameters={"kind": "referral", "period_start": "2026-01-01", "period_end": "2026-06-30"},
        status=RunStatus.DONE,
        progress=100,
        result=report_to_json(built_report()),
    )


def _own_run(context: Context) -> dict:
    run = context.remember("own_run", lambda: _run_of(context.requester))
    return {"run_id": run.pk}


def _someone_elses_run(context: Context) -> dict:
    run = context.remember("other_run", lambda: _run_of(UserFactory(role=Role.ADMINISTRATOR)))
    return {"run_id": run.pk}


def _someone_elses_xlsx(context: Context) -> dict:
    return {**_someone_elses_run(context), "file_format": "xlsx"}


def _referral(context: Context) -> dict:
    return {"kind": "referral"}


def _form_for_the_scenario_program(context: Context) -> dict:
    return {
        "preset": "last_half_year",
        "threshold": 4,
        "program": str(context.extras["scenario"].program.pk),
    }


def _api_run_for_the_scenario_program(context: Context) -> dict:
    return {
        "kind": "funder",
        "preset": "last_half_year",
        "filters": {"program": str(context.extras["scenario"].program.pk)},
    }


def _pack_of(context: Context):
    from reports.models import FunderPack

    scenario = context.extras["scenario"]
    return context.remember(
        "pack",
        lambda: FunderPack.objects.create(
            period_start="2026-01-01",
            period_end="2026-06-30",
            program=scenario.program,
            threshold=4,
            parameters={"period_start": "2026-01-01", "period_end": "2026-06-30", "threshold": 4},
            code_version="matrix",
            records_hash="0" * 64,
            created_by=UserFactory(role=Role.ADMINISTRATOR),
        ),
    )


def _pack(context: Context) -> dict:
    return {"pack_id": _pack_of(context).pk}


def _pack_form(context: Context) -> dict:
    return {
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
        "threshold": 4,
        "program": str(context.extras["scenario"].program.pk),
    }


# A pack of the scenario's program: its supervisor and administrators reach it; the supervisor
# of another program is an insider without the right to it... but cannot tell it exists (404).
PACK_READERS = reporters(200, supervisor_of_other_program=404)

ENTRIES: dict[str, Entry] = {
    "reports:packs": Entry(reporters(200)),
    "reports:packs POST": Entry(
        reporters(302, supervisor_of_other_program=403),
        method="post",
        data=_pack_form,
    ),
    "reports:pack": Entry(PACK_READERS, kwargs=_pack),
    "reports:pack-regenerate": Entry(
        reporters(200, supervisor_of_other_program=404, signed_out=302),
        method="post",
        kwargs=_pack,
    ),
    "reports:index": Entry(reporters(200)),
    "reports:new": Entry(reporters(200), kwargs=_referral),
    "reports:new POST": Entry(
        reporters(302, supervisor_of_other_program=403),
        method="post",
        kwargs=_referral,
        data=_form_for_the_scenario_program,
    ),
    "reports:run": Entry(reporters(200), kwargs=_own_run),
    # Someone else's file: 404 for reporters (their own are tested in tests/reports).
    "reports:download": Entry(reporters(404), kwargs=_someone_elses_xlsx),
    "reports-api:pack-list": Entry(reporters(200, signed_out=401)),
    "reports-api:pack-list POST": Entry(
        reporters(201, signed_out=401, supervisor_of_other_program=403),
        method="post",
        data=_pack_form,
        content_type=JSON,
    ),
    "reports-api:pack-detail": Entry(
        reporters(200, signed_out=401, supervisor_of_other_program=404), kwargs=_pack
    ),
    "reports-api:pack-regenerate": Entry(
        reporters(200, signed_out=401, supervisor_of_other_program=404),
        method="post",
        kwargs=_pack,
    ),
    "reports-api:run-list": Entry(reporters(200, signed_out=401)),
    "reports-api:run-list POST": Entry(
        reporters(201, signed_out=401, supervisor_of_other_program=403),
        method="post",
        data=_api_run_for_the_scenario_program,
        content_type=JSON,
    ),
    "reports-api:run-detail": Entry(reporters(200, signed_out=401), kwargs=_own_run),
    "reports-api:run-result": Entry(reporters(200, signed_out=401), kwargs=_own_run),
    "reports-api:run-csv": Entry(reporters(404, signed_out=401), kwargs=_someone_elses_run),
    "reports-api:run-xlsx": Entry(reporters(200, signed_out=401), kwargs=_own_run),
}
