"""The auditor's page and CSV export: who may use them, filters, pages, the export's own event."""

import csv
import datetime
import io
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from audit.services import audit_record

pytestmark = pytest.mark.django_db

LIST = reverse("audit:event-list")
EXPORT = reverse("audit:event-export")
ROLES_WITHOUT_ACCESS = ["advocate", "clinician", "supervisor", "administrator", "partner"]


def csv_rows(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_auditor_may_use_it(client_for, auditor, url):
    assert client_for(auditor).get(url).status_code == 200


@pytest.mark.parametrize("url", [LIST, EXPORT])
@pytest.mark.parametrize("persona", [*ROLES_WITHOUT_ACCESS, "outsider"], indirect=True)
def test_every_other_role_gets_403(client_for, persona, url):
    assert client_for(persona).get(url).status_code == 403


@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_signed_out_people_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


def test_a_refused_export_writes_nothing(client_for, advocate):
    client_for(advocate).get(EXPORT)
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_auditor_sees_the_audit_trail_in_the_navigation(client_for, auditor, advocate):
    assert LIST in client_for(auditor).get(reverse("home")).content.decode()
    assert LIST not in client_for(advocate).get(reverse("home")).content.decode()


def test_events_are_listed_newest_first(client_for, auditor, write_events):
    first, second = write_events(2)
    page = client_for(auditor).get(LIST).context["page"]
    ids = [event.pk for event in page]
    assert ids.index(second.pk) < ids.index(first.pk)


def test_filters_by_person_action_and_object(client_for, auditor, advocate, clinician):
    target = uuid.uuid4()
    wanted = audit_record(
        actor=clinician, action=AuditAction.VIEW, target_type="cases.case", target_id=target
    )
    audit_record(
        actor=advocate, action=AuditAction.VIEW, target_type="cases.case", target_id=target
    )
    audit_record(
        actor=clinician, action=AuditAction.UPDATE, target_type="cases.case", target_id=target
    )
    audit_record(
        actor=clinician, action=AuditAction.VIEW, target_type="cases.case", target_id=uuid.uuid4()
    )
    response = client_for(auditor).get(
        LIST, {"person": clinician.pk, "action": "view", "object_id": str(target)}
    )
    assert [event.pk for event in response.context["page"]] == [wanted.pk]


def test_filters_by_date_range(client_for, auditor, write_events):
    event = write_events(1)[0]
    today = timezone.localdate()
    client = client_for(auditor)
    inside = client.get(LIST, {"date_from": today.isoformat(), "date_to": today.isoformat()})
    assert event.pk in [e.pk for e in inside.context["page"]]
    tomorrow = today + datetime.timedelta(days=1)
    after = client.get(LIST, {"date_from": tomorrow.isoformat()})
    assert event.pk not in [e.pk for e in after.context["page"]]


def test_person_choices_are_people(client_for, auditor, advocate):
    form = client_for(auditor).get(LIST).context["filters"]
    assert set(form.fields["person"].queryset) >= {auditor, advocate}
    response = client_for(auditor).get(LIST, {"person": str(uuid.uuid4())})
    assert response.status_code == 400
    assert "person" in response.context["filters"].errors


def test_a_bad_date_is_a_field_error(client_for, auditor):
    response = client_for(auditor).get(LIST, {"date_from": "31/02/2026"})
    assert response.status_code == 400
    assert response.context["filters"].errors["date_from"] == ["Enter a date as YYYY-MM-DD."]
    assert "Enter a date as YYYY-MM-DD." in response.content.decode()


def test_a_bad_object_id_is_a_field_error(client_for, auditor):
    response = client_for(auditor).get(LIST, {"object_id": "not-a-uuid"})
    assert response.status_code == 400
    assert "object_id" in response.context["filters"].errors


def test_from_after_to_gets_a_clear_message(client_for, auditor):
    response = client_for(auditor).get(LIST, {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert response.status_code == 400
    message = "The end date is before the start date: choose a later end date."
    assert response.context["filters"].errors["date_to"] == [message]
    assert message in response.content.decode()


def test_pages_hold_fifty_events(client_for, auditor, write_events):
    write_events(60)
    client = client_for(auditor)
    assert len(client.get(LIST).context["page"]) == 50
    second = client.get(LIST, {"page": 2}).context["page"]
    assert second.paginator.count >= 60
    assert len(second) == second.paginator.count - 50


def test_viewing_the_list_is_not_recorded(client_for, auditor):
    client = client_for(auditor)
    before = AuditEvent.objects.count()
    client.get(LIST)
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("count", [10, 60])
def test_the_list_takes_the_same_queries_for_10_or_60_events(
    client_for, auditor, write_events, make_user, django_assert_num_queries, count
):
    people = [make_user("advocate") for _ in range(3)]
    for index in range(count):
        write_events(1, actor=people[index % 3])
    client = client_for(auditor)
    client.get(LIST)  # warm the session and the role lookups
    # Sign-in plumbing (session read and save, the user with their role, device) is most of
    # these; the page adds the person choices, the count and one page of events with actors.
    with django_assert_num_queries(9):
        response = client.get(LIST, {"action": "view"})
    assert response.status_code == 200


def test_export_streams_the_filtered_events_and_is_recorded(
    client_for, auditor, advocate, clinician
):
    target = uuid.uuid4()
    wanted = audit_record(
        actor=clinician,
        action=AuditAction.VIEW,
        target_type="cases.case",
        target_id=target,
        fields=["name"],
    )
    audit_record(
        actor=advocate, action=AuditAction.VIEW, target_type="cases.case", target_id=target
    )
    response = client_for(auditor).get(EXPORT, {"person": clinician.pk, "object_id": str(target)})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = csv_rows(response)
    assert [row["event_id"] for row in rows] == [str(wanted.uuid)]
    assert rows[0]["fields"] == "name"
    assert rows[0]["person"] == clinician.email
    export = AuditEvent.objects.filter(action=AuditAction.EXPORT).get()
    assert export.actor == auditor
    assert export.fields == ["object_id", "person"]
    # Field names only: the filter values are nowhere in the event.
    assert str(target) not in str(export.fields) + export.reason
    assert export.target_id is None


def test_export_keeps_formulas_from_running_in_a_spreadsheet(client_for, auditor, advocate):
    audit_record(actor=advocate, action=AuditAction.BREAK_GLASS, reason="=HYPERLINK(1)")
    rows = csv_rows(client_for(auditor).get(EXPORT, {"action": "break_glass"}))
    assert rows[0]["reason"] == "'=HYPERLINK(1)"


def test_export_with_bad_filters_exports_nothing(client_for, auditor):
    response = client_for(auditor).get(EXPORT, {"date_from": "yesterday"})
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
