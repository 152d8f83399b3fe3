"""The reports API: the same checks as the form (a specific message, nothing run), the same
permissions (another program's report 403 with the reason, someone else's run 404) and the
same hiding (a hidden cell is ``{"hidden": true, "shown": "fewer than 5 or hidden"}``)."""

import io

import openpyxl
import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from reports.choices import RunStatus
from reports.models import ReportRun

pytestmark = pytest.mark.django_db

BODY = {
    "kind": "referral",
    "preset": "custom",
    "period_start": "2026-01-01",
    "period_end": "2026-03-31",
    "threshold": 4,
}


def _post(client, body):
    return client.post(reverse("reports-api:run-list"), body, content_type="application/json")


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"period_end": "2025-12-01"}, "period_end", "ends before it starts"),
        ({"period_start": "2020-01-01"}, "period_end", "at most 731 days"),
        ({"threshold": 0}, "threshold", "at least 1"),
        ({"filters": {"category": "juggling"}}, "category", "not a known id"),
        ({"filters": {"colour": "blue"}}, "colour", "no filter of this name"),
    ],
)
def test_bad_input_is_400_with_the_field_and_runs_nothing(
    client_for, administrator, engine, change, field, words
):
    response = _post(client_for(administrator), {**BODY, **change})
    assert response.status_code == 400
    assert words in " ".join(response.json()["error"]["fields"][field])
    assert not ReportRun.objects.exists() and engine == []


def test_another_programs_report_is_403_with_the_reason(client_for, supervisor, world, engine):
    response = _post(client_for(supervisor), {**BODY, "filters": {"program": str(world.south.pk)}})
    assert response.status_code == 403
    assert "programs you supervise" in response.json()["error"]["message"]
    assert not ReportRun.objects.exists()


def test_run_follow_fetch_and_download(client_for, administrator, engine):
    client = client_for(administrator)
    created = _post(client, BODY)
    assert created.status_code == 201
    run = created.json()
    assert run["status"] == RunStatus.DONE and run["progress"] == 100
    detail = client.get(reverse("reports-api:run-detail", args=[run["id"]])).json()
    assert detail["id"] == run["id"]
    result = client.get(reverse("reports-api:run-result", args=[run["id"]])).json()
    cells = [c for t in result["tables"] for r in t["rows"] for c in r["cells"]]
    assert {"hidden": True, "shown": "fewer than 5 or hidden"} in cells
    xlsx = client.get(reverse("reports-api:run-xlsx", args=[run["id"]]))
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames[0] == "About"
    csv_text = client.get(reverse("reports-api:run-csv", args=[run["id"]])).content.decode()
    assert "fewer than 5" in csv_text
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD, target_id=run["id"]).count() == 2


def test_a_run_not_done_answers_409_for_its_result(client_for, administrator):
    run = ReportRun.objects.create(
        requested_by=administrator,
        kind="referral",
        parameters={"period_start": "2025-01-01", "period_end": "2025-12-31"},
        status=RunStatus.RUNNING,
    )
    client = client_for(administrator)
    assert client.get(reverse("reports-api:run-result", args=[run.pk])).status_code == 409
    assert client.get(reverse("reports-api:run-csv", args=[run.pk])).status_code == 409


def test_someone_elses_run_is_404(client_for, administrator, make_user, engine):
    run = _post(client_for(administrator), BODY).json()
    other = client_for(make_user("administrator"))
    assert other.get(reverse("reports-api:run-detail", args=[run["id"]])).status_code == 404
    assert other.get(reverse("reports-api:run-result", args=[run["id"]])).status_code == 404
