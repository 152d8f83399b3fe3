"""The reports' pages: the form refuses bad input with a specific message and runs nothing;
the run page shows charts and tables with hidden cells as "fewer than N"; files download,
audited, with the same hiding."""

import io

import openpyxl
import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from reports import runs
from reports.choices import RunStatus
from reports.models import ReportRun

pytestmark = pytest.mark.django_db

FORM = {
    "preset": "custom",
    "period_start": "2026-01-01",
    "period_end": "2026-06-30",
    "threshold": 4,
}


def _post(client, data, kind="referral"):
    return client.post(reverse("reports:new", args=[kind]), data)


def test_the_form_offers_presets_and_known_filter_values(client_for, administrator, world):
    body = client_for(administrator).get(reverse("reports:new", args=["referral"])).content.decode()
    assert "The last 12 months" in body and "The last half year" in body
    assert f'<option value="{world.housing.pk}">{world.housing.name}</option>' in body
    assert f'<option value="{world.harbor.pk}">{world.harbor.name}</option>' in body


def test_a_supervisor_is_offered_only_their_programs(client_for, supervisor, world):
    body = client_for(supervisor).get(reverse("reports:new", args=["funder"])).content.decode()
    assert f'<option value="{world.north.pk}">' in body
    assert str(world.south.pk) not in body and "The whole organization" not in body


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"period_end": "2025-12-01"}, "period_end", "ends before it starts"),
        ({"period_start": "2020-01-01"}, "period_end", "at most 731 days"),
        ({"threshold": 0}, "threshold", "at least 1"),
        ({"category": "juggling"}, "category", "not a known id"),
        ({"partner": "00000000-0000-0000-0000-000000000000"}, "partner", "No partner"),
        ({"preset": "custom", "period_start": ""}, "period_start", "Give a date"),
    ],
)
def test_bad_input_gets_a_specific_message_and_runs_nothing(
    client_for, administrator, engine, change, field, words
):
    response = _post(client_for(administrator), {**FORM, **change})
    assert response.status_code == 400
    assert words in " ".join(response.context["form"].errors[field])
    assert not ReportRun.objects.exists() and engine == []


def test_a_supervisor_may_not_report_on_another_program(client_for, supervisor, engine, world):
    client = client_for(supervisor)
    response = _post(client, {**FORM, "program": str(world.south.pk)})
    assert response.status_code == 403
    assert "programs you supervise" in " ".join(response.context["form"].errors["program"])
    assert not ReportRun.objects.exists() and engine == []
    assert _post(client, {**FORM, "program": str(world.north.pk)}).status_code == 302


def test_running_shows_charts_and_tables_with_hidden_cells_as_words(
    client_for, administrator, engine
):
    client = client_for(administrator)
    response = _post(client, FORM)
    run = ReportRun.objects.get()
    assert response.url == reverse("reports:run", args=[run.pk])
    body = client.get(response.url).content.decode()
    assert body.count('<svg class="report-chart__svg"') == 2
    assert body.count("<caption") == 3
    assert "fewer than 5" in body
    assert 'fill="url(#hatch-by_partner)"' in body
    assert "731" in body and "Download XLSX" in body


def test_a_run_in_progress_shows_its_bar_polls_and_refreshes_without_script(
    client_for, administrator
):
    run = ReportRun.objects.create(
        requested_by=administrator,
        kind="referral",
        parameters={"period_start": "2025-01-01", "period_end": "2025-12-31"},
        status=RunStatus.RUNNING,
        progress=40,
        step="Counting referrals",
        in_background=True,
    )
    client = client_for(administrator)
    body = client.get(reverse("reports:run", args=[run.pk])).content.decode()
    assert '<progress class="run-progress__bar" max="100" value="40"' in body
    assert 'hx-trigger="every 2s"' in body
    assert '<noscript><meta http-equiv="refresh"' in body
    fragment = client.get(reverse("reports:run", args=[run.pk]), headers={"HX-Request": "true"})
    assert b"<html" not in fragment.content and b"Counting referrals" in fragment.content
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, failure="Could not.")
    done = client.get(reverse("reports:run", args=[run.pk]), headers={"HX-Request": "true"})
    assert done.status_code == 204 and done["HX-Refresh"] == "true"


def test_downloads_hide_small_counts_and_are_audited(client_for, administrator, engine):
    run = runs.report_run_start(actor=administrator, kind="referral", data=FORM)
    client = client_for(administrator)
    csv_response = client.get(reverse("reports:download", args=[run.pk, "csv"]))
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "attachment;" in csv_response["Content-Disposition"]
    text = csv_response.content.decode("utf-8-sig")
    assert "fewer than 5" in text and "2026-01-01 to 2026-06-30" in text
    xlsx = client.get(reverse("reports:download", args=[run.pk, "xlsx"]))
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    values = [v for sheet in workbook for row in sheet.iter_rows(values_only=True) for v in row]
    assert "fewer than 5 or hidden" in values
    events = AuditEvent.objects.filter(target_id=run.pk, action=AuditAction.DOWNLOAD)
    assert sorted(f for e in events for f in e.fields if f.startswith("format:")) == [
        "format:csv",
        "format:xlsx",
    ]
    assert all('"period_start":"2026-01-01"' in event.reason for event in events)


def test_someone_elses_run_is_not_found(client_for, administrator, make_user, engine):
    run = runs.report_run_start(actor=administrator, kind="referral", data=FORM)
    other = client_for(make_user("administrator"))
    assert other.get(reverse("reports:run", args=[run.pk])).status_code == 404
    assert other.get(reverse("reports:download", args=[run.pk, "csv"])).status_code == 404


def test_index_lists_recent_runs_in_constant_queries(
    client_for, administrator, engine, django_assert_num_queries
):
    client = client_for(administrator)
    client.get(reverse("reports:index"))
    for _ in range(3):
        runs.report_run_start(actor=administrator, kind="referral", data=FORM)
    with django_assert_num_queries(7) as captured:
        body = client.get(reverse("reports:index")).content.decode()
    assert body.count(reverse("reports:run", args=[ReportRun.objects.first().pk])) == 1
    assert len(captured) == 7


def test_run_page_in_constant_queries(client_for, administrator, engine, django_assert_num_queries):
    run = runs.report_run_start(actor=administrator, kind="referral", data=FORM)
    client = client_for(administrator)
    client.get(reverse("reports:run", args=[run.pk]))
    # The run (and its stored result) is read once, whatever the number of tables.
    with django_assert_num_queries(7) as captured:
        client.get(reverse("reports:run", args=[run.pk]))
    assert sum("reports_reportrun" in query["sql"] for query in captured) == 1


def test_a_pack_is_made_and_regenerates_to_the_same_numbers(client_for, administrator, world):
    from reports.models import FunderPack

    client = client_for(administrator)
    response = client.post(
        reverse("reports:packs"),
        {"period_start": "2026-01-01", "period_end": "2026-03-31", "threshold": 4, "program": ""},
    )
    pack = FunderPack.objects.get()
    assert response.url == reverse("reports:pack", args=[pack.pk])
    assert "Regenerate" in client.get(response.url).content.decode()
    body = client.post(reverse("reports:pack-regenerate", args=[pack.pk])).content.decode()
    assert "The same numbers as when the pack was made." in body


def test_a_pack_for_a_period_that_ends_before_it_starts_is_refused(client_for, administrator):
    from reports.models import FunderPack

    response = client_for(administrator).post(
        reverse("reports:packs"),
        {"period_start": "2026-03-01", "period_end": "2026-01-31", "threshold": 4},
    )
    assert response.status_code == 400
    assert "ends before it starts" in response.content.decode()
    assert not FunderPack.objects.exists()
