"""The referrals API, both sides, and its bad input: specific messages, nothing written."""

import pytest
from django.utils import timezone

from consent.models import Disclosure
from referrals.choices import ReferralStatus
from referrals.models import ReceivedReferral, Referral
from tests.conftest import CANARY
from tests.referrals.conftest import send

pytestmark = pytest.mark.django_db
S = ReferralStatus


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _fields(response):
    return response.json()["error"]["fields"]


def test_the_sender_sees_options_then_sends(client_for, advocate, case, service, release):
    client = client_for(advocate)
    options = client.get(
        f"/api/v1/cases/{case.pk}/referrals/options", {"service": service.pk}
    ).json()
    assert options["categories"] == ["identity", "contact"]
    assert options["refusal"] == ""
    assert {rule["label"] for rule in options["contact_rules"]} >= {"Calls", "Voicemail"}
    response = _post(
        client,
        f"/api/v1/cases/{case.pk}/referrals",
        {"service": str(service.pk), "categories": ["identity"], "note": "Needs a bed"},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == S.SENT
    assert body["allowed_steps"] == [S.WITHDRAWN]
    assert [step["to_status"] for step in body["steps"]] == [S.DRAFT, S.SENT]
    listed = client.get(f"/api/v1/cases/{case.pk}/referrals").json()["results"]
    assert [row["id"] for row in listed] == [body["id"]]
    assert "note" not in listed[0]


def test_options_without_a_release_say_why_and_where(client_for, advocate, case, service):
    options = (
        client_for(advocate)
        .get(f"/api/v1/cases/{case.pk}/referrals/options", {"service": service.pk})
        .json()
    )
    assert options["categories"] == []
    assert "no release naming this recipient" in options["refusal"]
    assert options["release_url"] == f"/cases/{case.pk}/consent/releases/new/"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"categories": ["identity"]}, "categories", "no release naming this recipient"),
        ({"categories": []}, "categories", "at least one category"),
        ({"categories": ["psychotherapy_notes"]}, "categories.0", "is not a category"),
        ({"categories": ["identity"], "service": None}, "service", "Choose a partner's service"),
        (
            {"categories": ["identity"], "service": "00000000-0000-0000-0000-000000000000"},
            "service",
            "Choose a service from the directory",
        ),
    ],
)
def test_bad_sends_are_refused_and_write_nothing(
    client_for, advocate, case, service, body, field, message
):
    payload = {"service": str(service.pk), **body}
    response = _post(client_for(advocate), f"/api/v1/cases/{case.pk}/referrals", payload)
    assert response.status_code == 400
    assert message in " ".join(_fields(response)[field])
    assert not Referral.objects.exists()
    assert not Disclosure.objects.exists()


def test_a_paused_service_is_refused(client_for, advocate, case, service, release):
    service.referrals_paused_at = timezone.now()
    service.save()
    response = _post(
        client_for(advocate),
        f"/api/v1/cases/{case.pk}/referrals",
        {"service": str(service.pk), "categories": ["identity"]},
    )
    assert response.status_code == 400
    assert "paused new referrals" in _fields(response)["service"][0]
    assert not Referral.objects.exists()


def test_the_receiver_reads_the_queue_without_the_survivor(client_for, referral, partner_a, case):
    response = client_for(partner_a).get("/api/v1/referrals/received")
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["id"] == str(referral.pk)
    assert row["allowed_steps"] == [S.RECEIVED, S.ACCEPTED, S.DECLINED]
    for secret in (CANARY, "Rosa", str(case.pk), "Needs a bed"):
        assert secret not in response.content.decode()


def test_the_receiver_reads_the_packet_and_answers(client_for, referral, partner_a):
    client = client_for(partner_a)
    packet = client.get(f"/api/v1/referrals/received/{referral.pk}").json()
    assert [section["category"] for section in packet["sections"]] == ["identity"]
    assert CANARY in str(packet["sections"])
    assert packet["note"] == "Needs a bed"
    assert packet["stop_notice"] == ""
    steps = f"/api/v1/referrals/received/{referral.pk}/steps"
    refused = _post(client, steps, {"to_status": S.DECLINED, "version": referral.version})
    assert refused.status_code == 400
    assert _fields(refused) == {"reason": ["Say why the referral is declined."]}
    illegal = _post(client, steps, {"to_status": S.IN_SERVICE, "version": referral.version})
    assert illegal.status_code == 400
    assert "cannot become in service" in _fields(illegal)["to_status"][0]
    wrong_side = _post(client, steps, {"to_status": S.WITHDRAWN, "version": referral.version})
    assert wrong_side.status_code == 403
    assert "referring side" in wrong_side.json()["error"]["message"]
    referral.refresh_from_db()
    assert referral.status == S.SENT
    accepted = _post(client, steps, {"to_status": S.ACCEPTED, "version": referral.version})
    assert accepted.status_code == 200
    assert accepted.json()["status"] == S.ACCEPTED
    stale = _post(client, steps, {"to_status": S.IN_SERVICE, "version": referral.version})
    assert stale.status_code == 409
    listed = client.get(steps).json()["results"]
    assert [step["to_status"] for step in listed][-1] == S.ACCEPTED


def test_another_agency_and_the_sender_get_404_on_the_receivers_side(
    client_for, referral, partner_b, advocate
):
    for user in (partner_b, advocate):
        client = client_for(user)
        assert client.get(f"/api/v1/referrals/received/{referral.pk}").status_code == 404
        response = _post(
            client,
            f"/api/v1/referrals/received/{referral.pk}/steps",
            {"to_status": S.ACCEPTED, "version": referral.version},
        )
        assert response.status_code == 404
    assert client_for(partner_b).get("/api/v1/referrals/received").json()["results"] == []


def test_a_partner_gets_404_for_every_case_operation(client_for, referral, partner_a, case):
    client = client_for(partner_a)
    for url in (
        f"/api/v1/cases/{case.pk}/referrals",
        f"/api/v1/cases/{case.pk}/referrals/options",
        f"/api/v1/cases/{case.pk}/referrals/{referral.pk}",
        f"/api/v1/cases/{case.pk}/referrals-in",
        f"/api/v1/cases/{case.pk}",
    ):
        assert client.get(url).status_code == 404, url
    withdraw = _post(
        client,
        f"/api/v1/cases/{case.pk}/referrals/{referral.pk}/withdraw",
        {"version": referral.version},
    )
    assert withdraw.status_code == 404


def test_withdrawing_through_the_api(client_for, advocate, referral, partner_a):
    url = f"/api/v1/cases/{referral.case_id}/referrals/{referral.pk}/withdraw"
    response = _post(client_for(advocate), url, {"version": referral.version})
    assert response.status_code == 200
    assert response.json()["status"] == S.WITHDRAWN
    packet = client_for(partner_a).get(f"/api/v1/referrals/received/{referral.pk}").json()
    assert packet["sections"] == [] and packet["note"] == ""
    assert "withdrew" in packet["stop_notice"]


def test_after_revocation_the_partner_sees_only_the_stop_notice(
    client_for, advocate, referral, release, partner_a, django_capture_on_commit_callbacks
):
    response = _post(
        client_for(advocate),
        f"/api/v1/cases/{referral.case_id}/releases/{release.pk}/revoke",
        {"method": "phone"},
    )
    assert response.status_code == 200
    # The hook runs on commit; tests hold one transaction, so run it as the commit would.
    from referrals.services import referrals_stop_for_release

    referrals_stop_for_release(release_id=release.pk)
    response = client_for(partner_a).get(f"/api/v1/referrals/received/{referral.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == S.STOPPED
    assert body["sections"] == [] and body["contact_rules"] == [] and body["note"] == ""
    assert "Stop using this information" in body["stop_notice"]
    assert CANARY not in response.content.decode()


def test_referrals_received_from_other_agencies(client_for, advocate, case, agency):
    client = client_for(advocate)
    url = f"/api/v1/cases/{case.pk}/referrals-in"
    refused = _post(client, url, {"organization": "00000000-0000-0000-0000-000000000000"})
    assert refused.status_code == 400
    assert not ReceivedReferral.objects.exists()
    created = _post(client, url, {"organization": str(agency.pk), "note": "By phone"})
    assert created.status_code == 201
    assert client.get(url).json()["results"][0]["organization_name"] == agency.name


def test_the_deadline_report(client_for, administrator, advocate, referral):
    today = timezone.localdate()
    url = "/api/v1/referrals/deadlines"
    rows = client_for(administrator).get(url, {"since": today, "until": today}).json()
    assert rows[0]["sent"] == 1
    backwards = client_for(administrator).get(
        url, {"since": today, "until": today - timezone.timedelta(days=1)}
    )
    assert backwards.status_code == 400
    assert client_for(advocate).get(url, {"since": today, "until": today}).status_code == 403


def test_the_queue_reads_in_constant_queries(
    client_for, advocate, case, service, release, partner_a, django_assert_max_num_queries
):
    client = client_for(partner_a)
    for _ in range(2):
        send(advocate, case, service)
    client.get("/api/v1/referrals/received")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/referrals/received")
    for _ in range(5):
        send(advocate, case, service)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/referrals/received")
    assert response.json()["count"] == 7
    assert len(many) == len(few)
