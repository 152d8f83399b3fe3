"""The referral pages: sending from a case, the partner portal, the deadlines report.

Each bad input gets its specific message on the page and writes nothing; the queue and the
case's referral list read in a pinned number of queries whatever their length.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from consent import services as consent_services
from consent.choices import DataCategory, Purpose, RevocationMethod
from directory import services as directory_services
from directory.models import Service, ServiceStatus
from referrals import services
from referrals.choices import ReferralStatus, Urgency
from referrals.models import ReceivedReferral, Referral, ReferralStep
from tests.conftest import CANARY, sign_in
from tests.referrals.conftest import grant, send

pytestmark = pytest.mark.django_db


def _send_url(case):
    return reverse("referrals:send", kwargs={"case_id": case.pk})


def _send_data(service=None, program=None, categories=(DataCategory.IDENTITY,), **extra):
    data = {
        "to": f"service:{service.pk}" if service else f"program:{program.pk}",
        "purpose": Purpose.REFERRAL,
        "categories": list(categories),
        "urgency": Urgency.ROUTINE,
        "note": "Needs a bed this week",
    }
    data.update(extra)
    return data


def _step(client, referral, to_status, **extra):
    data = {"to_status": to_status, "version": referral.version, **extra}
    return client.post(reverse("referrals:step", kwargs={"referral_id": referral.pk}), data)


def _text(response) -> str:
    return response.content.decode()


# Sending ------------------------------------------------------------------------------------


def test_the_send_page_lists_services_and_marks_a_paused_one(client, advocate, case, service):
    paused = Service.objects.create(
        organization=service.organization, name="Night shelter", referrals_paused_at=timezone.now()
    )
    Service.objects.create(
        organization=service.organization, name="Closed outreach", status=ServiceStatus.INACTIVE
    )
    response = sign_in(client, advocate).get(_send_url(case))
    assert response.status_code == 200
    body = _text(response)
    assert service.name in body
    assert paused.name in body and "not taking referrals now" in body
    assert "Closed outreach" not in body


def test_the_send_page_says_when_each_service_is_open_and_its_phone(
    client, administrator, advocate, case, service, release
):
    directory_services.phone_create(
        actor=administrator, service=service, number="+1 202 555 0142", description="Intake"
    )
    directory_services.schedule_create(
        actor=administrator, service=service, byday="MO,TU,WE", opens_at="09:00", closes_at="17:00"
    )
    client = sign_in(client, advocate)
    body = _text(client.get(_send_url(case)))
    assert "Monday to Wednesday, 09:00–17:00 · +1 202 555 0142" in body
    assert f'aria-describedby="reach-{service.pk}"' in body
    preview = _text(
        client.get(_send_url(case), {"to": f"service:{service.pk}", "purpose": Purpose.REFERRAL})
    )
    assert 'href="tel:+12025550142"' in preview and "Intake" in preview


def test_the_send_page_reads_in_a_fixed_number_of_queries(
    client, administrator, advocate, case, service
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = sign_in(client, advocate)
    client.get(_send_url(case))
    with CaptureQueriesContext(connection) as few:
        client.get(_send_url(case))
    for number in range(4):
        more = directory_services.service_create(
            actor=administrator, organization=service.organization, name=f"More {number}"
        )
        directory_services.phone_create(actor=administrator, service=more, number=f"555 01{number}")
        directory_services.schedule_create(actor=administrator, service=more, byday="FR")
    with CaptureQueriesContext(connection) as many:
        client.get(_send_url(case))
    assert len(many) == len(few)


def test_the_preview_shows_what_goes_what_does_not_and_how_to_reach(
    client, advocate, case, safe_contact, service, release
):
    response = sign_in(client, advocate).get(
        _send_url(case), {"to": f"service:{service.pk}", "purpose": Purpose.REFERRAL}
    )
    assert response.status_code == 200
    body = _text(response)
    assert "What will go" in body and "What will not go, and why" in body
    assert str(DataCategory.IDENTITY.label) in body
    assert CANARY in body  # the exact fields, a click away
    assert str(DataCategory.CASE_NOTES.label) in body  # among what stays, with why
    assert "How they may contact the survivor" in body
    assert "Weekday mornings only" in body
    assert not Referral.objects.exists()


def test_sending_carries_exactly_what_was_ticked(client, advocate, case, service, release):
    response = sign_in(client, advocate).post(_send_url(case), _send_data(service))
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response.url == reverse(
        "referrals:sender-detail", kwargs={"case_id": case.pk, "referral_id": referral.pk}
    )
    assert referral.status == ReferralStatus.SENT
    assert referral.categories == [DataCategory.IDENTITY]


def test_no_release_refuses_with_the_reason_and_a_link_to_record_one(
    client, advocate, case, service
):
    sign_in(client, advocate)
    preview = client.get(_send_url(case), {"to": f"service:{service.pk}", "purpose": "referral"})
    body = _text(preview)
    assert "Nothing can be sent" in body
    assert reverse("consent:release-new", kwargs={"case_id": case.pk}) in body
    assert CANARY not in body
    response = client.post(_send_url(case), _send_data(service))
    assert response.status_code == 400
    assert "Nothing can be sent" in _text(response)
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": ServiceStatus.INACTIVE}, "This service is inactive: it takes no referrals."),
        ({"referrals_paused_at": timezone.now()}, "This service has paused new referrals."),
    ],
)
def test_a_service_that_takes_no_referrals_is_refused_by_name(
    client, advocate, case, service, release, change, message
):
    Service.objects.filter(pk=service.pk).update(**change)
    response = sign_in(client, advocate).post(_send_url(case), _send_data(service))
    assert response.status_code == 400
    assert message in _text(response)
    assert not Referral.objects.exists()


def test_a_category_the_consent_does_not_cover_is_refused(client, advocate, case, service, release):
    response = sign_in(client, advocate).post(
        _send_url(case), _send_data(service, categories=[DataCategory.CASE_NOTES])
    )
    assert response.status_code == 400
    assert "Choose one of the listed options." in _text(response)
    assert not Referral.objects.exists()


def test_an_unknown_target_is_refused_on_the_page(client, advocate, case):
    response = sign_in(client, advocate).get(_send_url(case), {"to": "service:nonsense"})
    assert response.status_code == 400
    assert "Choose one of the listed options." in _text(response)


def test_our_own_program_needs_no_release(client, advocate, case, shelter_program):
    response = sign_in(client, advocate).post(_send_url(case), _send_data(program=shelter_program))
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.program == shelter_program and referral.status == ReferralStatus.SENT


def test_readers_on_the_team_may_not_send(client, case, advocate, make_user, service, release):
    from cases import services as case_services
    from cases.choices import TeamRole

    auditor = make_user("auditor")
    case_services.team_member_add(actor=advocate, case=case, user=auditor, team_role=TeamRole.OTHER)
    response = sign_in(client, auditor).post(_send_url(case), _send_data(service))
    assert response.status_code == 403
    assert not Referral.objects.exists()


# The case's referrals -----------------------------------------------------------------------


def test_the_case_list_shows_each_state_and_next_deadline_in_pinned_queries(
    client, advocate, case, service, release, shelter_program, django_assert_num_queries
):
    send(advocate, case, service)
    url = reverse("referrals:case-referrals", kwargs={"case_id": case.pk})
    sign_in(client, advocate)
    client.get(url, HTTP_HX_REQUEST="true")  # warm the session and the keyring
    with django_assert_num_queries(QUERIES_CASE_LIST):
        response = client.get(url, HTTP_HX_REQUEST="true")
    for _ in range(3):
        send(advocate, case, service)
        send(advocate, case, program=shelter_program)
    with django_assert_num_queries(QUERIES_CASE_LIST):
        response = client.get(url, HTTP_HX_REQUEST="true")
    body = _text(response)
    assert body.count("acknowledge by") == 7
    assert "Emergency shelter program" in body
    assert "<html" not in body  # a fragment for the case page


# Pinned: the session, the user, the second factor, the case (with its rights), the case's
# referrals with their targets, the referrals made to us, and the session's idle clock saved
# (a savepoint, the update, its release).
QUERIES_CASE_LIST = 9


def test_the_case_list_is_a_page_of_its_own_without_javascript(client, advocate, case):
    response = sign_in(client, advocate).get(
        reverse("referrals:case-referrals", kwargs={"case_id": case.pk})
    )
    assert response.status_code == 200
    assert "<html" in _text(response) and "No referrals yet." in _text(response)


def test_the_case_page_offers_the_referrals_block(client, advocate, case):
    body = _text(
        sign_in(client, advocate).get(reverse("cases:detail", kwargs={"case_id": case.pk}))
    )
    assert reverse("referrals:case-referrals", kwargs={"case_id": case.pk}) in body
    assert reverse("referrals:send", kwargs={"case_id": case.pk}) in body


def test_the_sender_sees_every_step_and_may_withdraw(client, advocate, case, referral, partner_a):
    services.referral_step(
        actor=partner_a, referral=referral, to_status="received", version=referral.version
    )
    referral.refresh_from_db()
    url = reverse(
        "referrals:sender-detail", kwargs={"case_id": case.pk, "referral_id": referral.pk}
    )
    body = _text(sign_in(client, advocate).get(url))
    assert "Received" in body and partner_a.full_name in body
    assert "Withdraw the referral" in body
    response = client.post(
        reverse("referrals:sender-step", kwargs={"case_id": case.pk, "referral_id": referral.pk}),
        {"to_status": "withdrawn", "version": referral.version},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN


def test_the_sender_may_not_take_the_receivers_step(client, advocate, case, referral):
    response = sign_in(client, advocate).post(
        reverse("referrals:sender-step", kwargs={"case_id": case.pk, "referral_id": referral.pk}),
        {"to_status": "accepted", "version": referral.version},
    )
    assert response.status_code == 403
    assert "Only the receiving side may make this step." in _text(response)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_a_referral_of_another_case_is_not_found_under_this_one(
    client, advocate, case, referral, program
):
    from cases import services as case_services

    other = case_services.case_open(
        actor=advocate, program=program, identity=case_services.Identity(preferred_name="Other")
    )
    url = reverse(
        "referrals:sender-detail", kwargs={"case_id": other.pk, "referral_id": referral.pk}
    )
    assert sign_in(client, advocate).get(url).status_code == 404


def test_recording_a_referral_made_to_us(client, advocate, case, other_agency):
    url = reverse("referrals:received-new", kwargs={"case_id": case.pk})
    sign_in(client, advocate)
    missing = client.post(url, {"received_on": "2026-01-05"})
    assert missing.status_code == 400
    assert "Choose the agency that referred the survivor." in _text(missing)
    future = client.post(
        url,
        {
            "organization": other_agency.pk,
            "received_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert future.status_code == 400
    assert not ReceivedReferral.objects.exists()
    response = client.post(url, {"organization": other_agency.pk, "received_on": "2026-01-05"})
    assert response.status_code == 302
    assert ReceivedReferral.objects.get().organization == other_agency


# The portal ---------------------------------------------------------------------------------


def test_the_queue_shows_the_agencys_referrals_and_no_survivor(
    client, advocate, case, referral, partner_a, partner_b
):
    body = _text(sign_in(client, partner_a).get(reverse("referrals:queue")))
    assert reverse("referrals:packet", kwargs={"referral_id": referral.pk}) in body
    assert CANARY not in body and "Rosa" not in body and str(case.pk) not in body
    other = _text(sign_in(client, partner_b).get(reverse("referrals:queue")))
    assert str(referral.pk) not in other
    assert "No referral has been sent to you yet." in other


def test_the_queue_reads_in_pinned_queries(
    client, advocate, case, service, release, partner_a, django_assert_num_queries
):
    send(advocate, case, service)
    sign_in(client, partner_a)
    client.get(reverse("referrals:queue"))
    with django_assert_num_queries(QUERIES_QUEUE):
        client.get(reverse("referrals:queue"))
    for _ in range(5):
        send(advocate, case, service)
    with django_assert_num_queries(QUERIES_QUEUE):
        response = client.get(reverse("referrals:queue"), {"show": "sent"})
    assert _text(response).count("acknowledge by") == 6


# Pinned: the session, the user, the second factor, the partner's agency, the count and the rows
# of the page, and the session's idle clock saved (a savepoint, the update, its release).
QUERIES_QUEUE = 9


def test_a_partner_without_an_agency_has_no_queue(client, partner):
    assert sign_in(client, partner).get(reverse("referrals:queue")).status_code == 403


def test_the_packet_is_shown_to_the_receiving_agency_only_and_audited(
    client, safe_contact, referral, partner_a, partner_b
):
    url = reverse("referrals:packet", kwargs={"referral_id": referral.pk})
    response = sign_in(client, partner_a).get(url)
    assert response.status_code == 200
    body = _text(response)
    assert CANARY in body and "Calls are OK" in body
    assert "Acknowledge: we have it" in body and "Decline" in body
    assert any(
        "referrals.packet" in event.fields for event in AuditEvent.objects.filter(actor=partner_a)
    )
    assert sign_in(client, partner_b).get(url).status_code == 404


def test_the_receiver_acknowledges_accepts_starts_and_completes(client, referral, partner_a):
    sign_in(client, partner_a)
    for to_status, extra in [
        ("received", {}),
        ("accepted", {}),
        ("in_service", {}),
        ("completed", {"outcome": "service_provided"}),
    ]:
        referral.refresh_from_db()
        response = _step(client, referral, to_status, **extra)
        assert response.status_code == 302, _text(response)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED
    assert referral.outcome == "service_provided"


@pytest.mark.parametrize(
    ("to_status", "extra", "message"),
    [
        ("declined", {}, "Say why the referral is declined."),
        ("declined", {"reason": "other"}, "Describe the other reason."),
        ("completed", {"outcome": "service_provided"}, "cannot become completed"),
        ("withdrawn", {}, "Only the referring side may make this step."),
    ],
)
def test_a_bad_step_is_refused_on_the_page_and_writes_nothing(
    client, referral, partner_a, to_status, extra, message
):
    steps = ReferralStep.objects.count()
    response = _step(sign_in(client, partner_a), referral, to_status, **extra)
    assert response.status_code in (400, 403)
    assert message in _text(response)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    assert ReferralStep.objects.count() == steps


def test_a_decline_with_a_reason_is_recorded(client, referral, partner_a):
    response = _step(
        sign_in(client, partner_a), referral, "declined", reason="other", text="Full until March"
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED and referral.decline_reason == "other"


def test_a_step_on_a_stale_version_changes_nothing(client, referral, partner_a, advocate):
    stale = referral.version
    services.referral_step(actor=partner_a, referral=referral, to_status="received", version=stale)
    referral.version = stale
    response = _step(sign_in(client, partner_a), referral, "accepted")
    assert response.status_code == 409
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RECEIVED


def test_after_revocation_only_the_stop_notice_is_shown(
    client, referral, partner_a, advocate, release, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        consent_services.release_revoke(
            actor=advocate, release=release, method=RevocationMethod.PHONE
        )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.STOPPED
    url = reverse("referrals:packet", kwargs={"referral_id": referral.pk})
    body = _text(sign_in(client, partner_a).get(url))
    assert "This referral stopped" in body and "Stop using this information." in body
    assert CANARY not in body and "Calls are OK" not in body
    assert "Accept" not in body
    # A step asked for after the revocation is refused, and nothing is written.
    response = _step(client, referral, "accepted")
    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.STOPPED


def test_a_supervisor_receives_referrals_to_their_program(
    client, advocate, case, shelter_program, shelter_supervisor
):
    referral = send(advocate, case, program=shelter_program)
    sign_in(client, shelter_supervisor)
    assert str(referral.pk) in _text(client.get(reverse("referrals:queue")))
    response = _step(client, referral, "accepted")
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


# Deadlines ----------------------------------------------------------------------------------


def test_the_deadlines_report_counts_per_partner(client, administrator, referral, agency):
    Referral.objects.filter(pk=referral.pk).update(
        acknowledge_by=timezone.now() - datetime.timedelta(days=2),
        act_by=timezone.now() - datetime.timedelta(days=1),
    )
    response = sign_in(client, administrator).get(reverse("referrals:deadlines"))
    assert response.status_code == 200
    body = _text(response)
    assert agency.name in body
    assert CANARY not in body


def test_the_deadlines_report_refuses_a_backwards_period(client, administrator):
    response = sign_in(client, administrator).get(
        reverse("referrals:deadlines"), {"since": "2026-03-01", "until": "2026-02-01"}
    )
    assert response.status_code == 400
    assert "The end of the period is before its start." in _text(response)


def test_partners_do_not_read_the_deadlines_report(client, partner_a):
    assert sign_in(client, partner_a).get(reverse("referrals:deadlines")).status_code == 403


def test_a_release_to_another_agency_does_not_cover_this_one(
    client, advocate, case, service, other_agency
):
    grant(advocate, case, other_agency)
    response = sign_in(client, advocate).post(_send_url(case), _send_data(service))
    assert response.status_code == 400
    assert not Referral.objects.exists()
