"""Sending, the loop and its bad input: each refusal says what is wrong and writes nothing."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alongside.concurrency import EditConflict
from audit.models import AuditEvent
from cases import services as case_services
from cases.models import Case
from consent.choices import DataCategory
from consent.models import Disclosure
from consent.packet import offered_categories
from directory import services as directory_services
from directory.models import ServiceStatus
from referrals import selectors, services
from referrals.choices import DeclineReason, Outcome, ReferralStatus, Side
from referrals.models import Referral, ReferralPacket, ReferralStep
from tests.conftest import CANARY, SURVIVOR
from tests.referrals.conftest import grant, send

pytestmark = pytest.mark.django_db
S = ReferralStatus


def _nothing_written():
    assert not Referral.objects.exists()
    assert not ReferralPacket.objects.exists()
    assert not ReferralStep.objects.exists()
    assert not Disclosure.objects.exists()


# Sending ---------------------------------------------------------------------------------------


def test_sending_freezes_only_the_chosen_consented_categories(advocate, case, service, release):
    referral = send(advocate, case, service, categories=[DataCategory.IDENTITY])
    assert referral.status == S.SENT
    assert referral.categories == ["identity"]
    packet = ReferralPacket.objects.get(referral=referral)
    assert [section[0] for section in packet.sections] == ["identity"]
    # Encrypted at rest: the survivor's name is not in the row.
    raw = ReferralPacket.objects.filter(pk=packet.pk).values_list("sections", flat=True).get()
    assert CANARY not in str(raw)
    disclosure = referral.disclosure
    assert disclosure.categories == ["identity"]
    assert list(disclosure.releases.all()) == [release]
    assert referral.acknowledge_by > referral.sent_at
    assert referral.act_by >= referral.acknowledge_by


def test_the_packet_stays_as_it_was_sent(advocate, case, service, release, partner_a):
    referral = send(advocate, case, service)
    current = Case.objects.get(pk=case.pk)
    case_services.case_update_identity(
        actor=advocate,
        case=current,
        version=current.version,
        identity=case_services.Identity(
            preferred_name=SURVIVOR.preferred_name, legal_name="Another Name"
        ),
    )
    fields = selectors.receiver_packet(partner_a, referral).sections[0][2]
    assert ("Legal name", CANARY) in fields


def test_contact_rules_come_from_the_safe_contact_block(
    advocate, case, safe_contact, service, agency, partner_a
):
    grant(advocate, case, agency, categories=[DataCategory.IDENTITY, DataCategory.CONTACT])
    referral = send(advocate, case, service, categories=["identity", "contact"])
    rules = dict(selectors.receiver_packet(partner_a, referral).contact_rules)
    assert rules["Calls"] == "Calls are OK"
    assert rules["Text messages"] == "No texts"
    assert rules["Safe times to reach"] == "Weekday mornings only"


def test_without_contact_details_the_survivors_own_words_stay_home(
    advocate, case, safe_contact, service, release, partner_a
):
    referral = send(advocate, case, service, categories=["identity"])
    rules = dict(selectors.receiver_packet(partner_a, referral).contact_rules)
    assert "Safe times to reach" not in rules
    assert rules["Calls"] == "Calls are OK"


def test_do_not_contact_is_all_the_partner_reads(advocate, case, service, release, partner_a):
    case_services.safe_contact_update(actor=advocate, case=case, do_not_contact=True)
    referral = send(advocate, case, service, categories=["identity", "contact"])
    rules = selectors.receiver_packet(partner_a, referral).contact_rules
    assert [label for label, _value in rules] == ["Do not contact"]


def test_sending_with_no_release_is_refused_with_the_reason(advocate, case, service):
    with pytest.raises(ValidationError) as refused:
        send(advocate, case, service)
    message = refused.value.message_dict["categories"][0]
    assert "no release naming this recipient" in message
    assert "Record a release" in message
    _nothing_written()


def test_the_options_say_why_and_where_to_record_a_release(advocate, case, service):
    preview = selectors.referral_options(
        actor=advocate, case=case, service=service, purpose="referral"
    )
    assert not preview.allowed
    assert "no release naming this recipient" in preview.refusal
    assert preview.release_url.endswith(f"/cases/{case.pk}/consent/releases/new/")
    assert preview.packet.sections == []


def test_the_options_show_what_may_go_and_why_the_rest_may_not(advocate, case, service, release):
    preview = selectors.referral_options(
        actor=advocate, case=case, service=service, purpose="referral"
    )
    assert preview.categories == ["identity", "contact"]
    assert preview.packet.categories == ["identity", "contact"]
    assert (
        "clinical_summary",
        "Clinical summary",
        preview.decision.why_not("clinical_summary"),
    ) in (preview.denied)
    # Nothing fills "medical": it is neither offered nor listed as denied.
    assert "medical" not in {name for name, _label, _why in preview.denied}
    assert any("route:referrals:send" in event.fields for event in AuditEvent.objects.all())


def test_a_category_the_release_does_not_cover_is_refused(advocate, case, service, release):
    with pytest.raises(ValidationError, match="does not cover: Clinical summary"):
        send(advocate, case, service, categories=["identity", "clinical_summary"])
    _nothing_written()


def test_a_category_nothing_fills_is_refused(advocate, case, service, release):
    with pytest.raises(ValidationError, match="Nothing of the kind “Medical” is recorded"):
        send(advocate, case, service, categories=["identity", "medical"])
    _nothing_written()


def test_psychotherapy_notes_never_go(advocate, case, service, release, shelter_program):
    for target in ({"service": service}, {"program": shelter_program}):
        with pytest.raises(ValidationError, match="Psychotherapy notes"):
            send(advocate, case, categories=["identity", "psychotherapy_notes"], **target)
    _nothing_written()


def test_no_categories_is_refused(advocate, case, service, release):
    with pytest.raises(ValidationError, match="at least one category"):
        send(advocate, case, service, categories=[])
    _nothing_written()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("inactive", "This service is inactive"),
        ("paused", "paused new referrals"),
    ],
)
def test_an_inactive_or_paused_service_takes_no_referral(
    advocate, administrator, case, service, release, change, message
):
    if change == "inactive":
        directory_services.service_set_status(
            actor=administrator, service=service, status=ServiceStatus.INACTIVE
        )
    else:
        service.referrals_paused_at = timezone.now()
        service.save()
    service.refresh_from_db()
    with pytest.raises(ValidationError, match=message):
        send(advocate, case, service)
    _nothing_written()
    preview = selectors.referral_options(
        actor=advocate, case=case, service=service, purpose="referral"
    )
    assert message in preview.refusal


def test_internal_referrals_need_no_release_and_disclose_nothing(
    advocate, case, shelter_program, shelter_supervisor
):
    referral = send(advocate, case, program=shelter_program, categories=["identity", "case_notes"])
    assert referral.status == S.SENT
    assert referral.disclosure is None
    assert not Disclosure.objects.exists()
    assert [s[0] for s in selectors.receiver_packet(shelter_supervisor, referral).sections] == [
        "identity",
        "case_notes",
    ]
    preview = selectors.referral_options(
        actor=advocate, case=case, program=shelter_program, purpose="referral"
    )
    assert preview.decision is None
    assert "psychotherapy_notes" not in preview.categories
    assert preview.categories == offered_categories()
    assert "medical" not in preview.categories


def test_only_the_team_may_refer(auditor, clinician, case, service, release, partner_a):
    with pytest.raises(PermissionDenied):
        send(partner_a, case, service)
    _nothing_written()
    referral = send(clinician, case, service)
    assert referral.created_by == clinician


def test_a_refused_send_emails_nobody(
    advocate, case, service, release, partner_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        send(advocate, case, service, categories=["clinical_summary"])
    assert mail.outbox == []


def test_the_email_says_only_that_something_waits(
    advocate, case, service, release, partner_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        referral = send(advocate, case, service)
    assert [message.to for message in mail.outbox] == [[partner_a.email]]
    body = mail.outbox[0].subject + mail.outbox[0].body
    for secret in (CANARY, "Rosa", str(case.pk), "Needs a bed", "identity", service.name):
        assert secret not in body
    assert f"/portal/referrals/{referral.pk}/" in body


# The loop --------------------------------------------------------------------------------------


def _step(actor, referral, to_status, **kw):
    referral.refresh_from_db()
    return services.referral_step(
        actor=actor, referral=referral, to_status=to_status, version=referral.version, **kw
    )


def test_the_whole_loop_is_stepped_timestamped_and_audited(advocate, referral, partner_a):
    _step(partner_a, referral, S.RECEIVED)
    _step(partner_a, referral, S.ACCEPTED)
    _step(partner_a, referral, S.IN_SERVICE)
    done = _step(partner_a, referral, S.COMPLETED, outcome=Outcome.SERVICE_PROVIDED)
    assert done.received_at and done.answered_at and done.accepted_at and done.ended_at
    assert done.outcome == Outcome.SERVICE_PROVIDED
    steps = list(ReferralStep.objects.filter(referral=referral).order_by("at"))
    assert [(s.from_status, s.to_status, s.side) for s in steps] == [
        ("", S.DRAFT, Side.SENDER),
        (S.DRAFT, S.SENT, Side.SENDER),
        (S.SENT, S.RECEIVED, Side.RECEIVER),
        (S.RECEIVED, S.ACCEPTED, Side.RECEIVER),
        (S.ACCEPTED, S.IN_SERVICE, Side.RECEIVER),
        (S.IN_SERVICE, S.COMPLETED, Side.RECEIVER),
    ]
    assert steps[-1].code == Outcome.SERVICE_PROVIDED
    audited = AuditEvent.objects.filter(target_id=referral.pk)
    assert audited.count() >= 6


def test_accepting_straight_from_sent_acknowledges_too(referral, partner_a):
    accepted = _step(partner_a, referral, S.ACCEPTED)
    assert accepted.received_at == accepted.answered_at


def test_a_decline_needs_a_coded_reason(referral, partner_a):
    version = referral.version
    with pytest.raises(ValidationError, match="Say why"):
        _step(partner_a, referral, S.DECLINED)
    with pytest.raises(ValidationError, match="Choose a reason"):
        _step(partner_a, referral, S.DECLINED, reason="because")
    with pytest.raises(ValidationError, match="Describe the other reason"):
        _step(partner_a, referral, S.DECLINED, reason=DeclineReason.OTHER)
    referral.refresh_from_db()
    assert (referral.status, referral.version) == (S.SENT, version)
    assert referral.steps.count() == 2
    declined = _step(partner_a, referral, S.DECLINED, reason=DeclineReason.NO_CAPACITY)
    assert declined.decline_reason == DeclineReason.NO_CAPACITY


def test_completing_or_closing_needs_an_outcome(referral, partner_a):
    _step(partner_a, referral, S.ACCEPTED)
    for target in (S.COMPLETED, S.CLOSED):
        with pytest.raises(ValidationError, match="how the service ended"):
            _step(partner_a, referral, target)
    with pytest.raises(ValidationError, match="Describe the other outcome"):
        _step(partner_a, referral, S.CLOSED, outcome=Outcome.OTHER)
    closed = _step(partner_a, referral, S.CLOSED, outcome=Outcome.OTHER, text="Moved on")
    assert closed.answer_text == "Moved on"


def test_an_illegal_step_is_refused_with_a_message(referral, partner_a):
    with pytest.raises(ValidationError, match="cannot become completed"):
        _step(partner_a, referral, S.COMPLETED, outcome=Outcome.SERVICE_PROVIDED)
    with pytest.raises(ValidationError, match="Choose a state"):
        _step(partner_a, referral, "teleported")
    referral.refresh_from_db()
    assert referral.status == S.SENT


def test_a_wrong_side_step_is_refused(advocate, referral, partner_a):
    with pytest.raises(PermissionDenied, match="receiving side"):
        _step(advocate, referral, S.ACCEPTED)
    with pytest.raises(PermissionDenied, match="referring side"):
        _step(partner_a, referral, S.WITHDRAWN)
    with pytest.raises(PermissionDenied, match="Only Alongside"):
        _step(advocate, referral, S.STOPPED)
    referral.refresh_from_db()
    assert referral.status == S.SENT


def test_withdrawing_only_before_acceptance(advocate, referral, partner_a, service, case):
    _step(partner_a, referral, S.ACCEPTED)
    with pytest.raises(ValidationError, match="cannot become withdrawn"):
        _step(advocate, referral, S.WITHDRAWN)
    other = send(advocate, case, service)
    withdrawn = _step(advocate, other, S.WITHDRAWN)
    assert withdrawn.ended_at is not None
    assert selectors.receiver_packet(partner_a, withdrawn) is None
    assert "withdrew" in selectors.stop_notice(withdrawn)


def test_a_stale_version_is_a_conflict(referral, partner_a):
    with pytest.raises(EditConflict):
        services.referral_step(
            actor=partner_a, referral=referral, to_status=S.RECEIVED, version=referral.version - 1
        )


def test_reading_the_packet_is_audited_with_categories_only(referral, partner_a):
    selectors.receiver_packet(partner_a, referral)
    (event,) = [
        event
        for event in AuditEvent.objects.filter(actor=partner_a)
        if "referrals.packet" in event.fields
    ]
    assert event.target_id == referral.case_id
    assert "identity" in event.fields
    assert CANARY not in str(event.fields)


def test_steps_are_on_the_case_timeline_by_side(advocate, referral, partner_a, service, agency):
    from alongside.timeline import timeline
    from cases.selectors.record import case_record

    _step(partner_a, referral, S.DECLINED, reason=DeclineReason.NO_CAPACITY)
    entries = [
        entry
        for entry in case_record(case=referral.case, viewer=advocate).timeline
        if entry.kind == "referral_step"
    ]
    assert [entry.status for entry in entries] == [S.DECLINED, S.SENT]  # no draft
    assert entries[0].reason == DeclineReason.NO_CAPACITY and entries[0].side == "receiver"
    assert (entries[1].service, entries[1].receiver) == (service.name, agency.name)
    render = timeline.source_of("referral_step").prepare(referral.case)
    declined, sent = (render(entry) for entry in entries)
    assert f"Referral sent to {service.name} at {agency.name}" in sent
    assert "Sender" in sent
    assert "declined: no capacity" in declined
    assert "Receiver" in declined
    assert CANARY not in declined + sent


def test_a_referral_received_from_another_agency(advocate, case, agency):
    received = services.received_referral_record(
        actor=advocate, case=case, organization=agency, note="Called on Monday"
    )
    assert received.organization == agency
    with pytest.raises(ValidationError, match="future"):
        services.received_referral_record(
            actor=advocate,
            case=case,
            organization=agency,
            received_on=timezone.localdate() + timezone.timedelta(days=2),
        )
    with pytest.raises(ValidationError, match="referring organization"):
        services.received_referral_record(
            actor=advocate, case=case, organization="00000000-0000-0000-0000-000000000000"
        )
