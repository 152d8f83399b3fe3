"""Programs governed by VAWA or FVPSA: only a written release permits disclosure. A verbal
release is recorded but permits nothing until it is confirmed in writing; other programs keep
the verbal rule (in force until its confirm-by day). The setting is the program's, changed by
administrators on the program's page (audited), shown on the consent page, and every way out
(the preview, the referral packet, the FHIR export) follows it through the one policy."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from consent import selectors, services
from consent.choices import ConsentMethod, Purpose, ReleaseStatus
from consent.policy import Reason, disclosure_decision
from consent.recipients import Recipient
from organization import services as organization_services
from organization.models import Program
from tests.consent.conftest import grant

pytestmark = pytest.mark.django_db


def _governed(case, governed: bool) -> None:
    Program.objects.filter(pk=case.program_id).update(governed_by_vawa_fvpsa=governed)
    case.program.refresh_from_db()


@pytest.fixture
def verbal(advocate, case, agency):
    return grant(advocate, case, Recipient.organization(agency.pk), method=ConsentMethod.VERBAL)


def test_a_new_program_is_governed_by_default(administrator):
    program = organization_services.program_create(actor=administrator, name="Lighthouse")
    assert program.governed_by_vawa_fvpsa is True
    assert Program.objects.get(pk=program.pk).governed_by_vawa_fvpsa is True


def test_a_verbal_release_permits_nothing_in_a_governed_program(case, agency, verbal):
    decision = disclosure_decision(
        case=case, recipient=Recipient.organization(agency.pk), purpose=Purpose.REFERRAL
    )
    assert not decision.allowed
    assert decision.denied["identity"] == Reason.NEEDS_WRITING
    assert "VAWA or FVPSA" in decision.why_not()
    assert verbal.status == ReleaseStatus.AWAITING_WRITING


def test_once_confirmed_in_writing_it_permits(advocate, case, agency, verbal):
    services.release_confirm_in_writing(actor=advocate, release=verbal)
    decision = disclosure_decision(
        case=case, recipient=Recipient.organization(agency.pk), purpose=Purpose.REFERRAL
    )
    assert decision.categories == {"identity", "contact"}


def test_other_programs_keep_the_verbal_rule(case, agency, verbal):
    _governed(case, False)
    decision = disclosure_decision(
        case=case, recipient=Recipient.organization(agency.pk), purpose=Purpose.REFERRAL
    )
    assert decision.categories == {"identity", "contact"}
    verbal.refresh_from_db()
    assert verbal.status == ReleaseStatus.PENDING_CONFIRMATION


def test_a_written_release_permits_in_a_governed_program(advocate, case, agency):
    grant(advocate, case, Recipient.organization(agency.pk), method=ConsentMethod.ELECTRONIC)
    decision = disclosure_decision(
        case=case, recipient=Recipient.organization(agency.pk), purpose=Purpose.REFERRAL
    )
    assert decision.categories == {"identity", "contact"}


def test_the_decision_reads_the_rule_in_the_same_two_queries(
    advocate, case, agency, verbal, django_assert_num_queries
):
    with django_assert_num_queries(2):
        decision = disclosure_decision(
            case=case, recipient=Recipient.organization(agency.pk), purpose=Purpose.REFERRAL
        )
    assert not decision.allowed


def test_the_preview_follows_the_rule(advocate, case, agency, verbal):
    decision, packet = selectors.packet_preview(
        actor=advocate, case=case, recipient=Recipient.organization(agency.pk), purpose="referral"
    )
    assert packet.sections == []
    assert decision.denied["contact"] == Reason.NEEDS_WRITING


def test_the_referral_options_follow_the_rule(client_for, advocate, case, agency, verbal):
    service = agency.services.get()
    response = client_for(advocate).get(
        f"/api/v1/cases/{case.pk}/referrals/options",
        {"service": str(service.pk), "purpose": "referral"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["categories"] == []
    assert "VAWA or FVPSA" in body["refusal"]


def test_a_referral_cannot_go_under_an_unconfirmed_verbal_release(advocate, case, agency, verbal):
    from referrals import services as referral_services
    from referrals.choices import Urgency

    with pytest.raises(ValidationError, match="VAWA or FVPSA"):
        referral_services.referral_make(
            actor=advocate,
            case=case,
            service=agency.services.get(),
            purpose=Purpose.REFERRAL,
            urgency=Urgency.ROUTINE,
            categories=["identity"],
        )


def test_the_consent_page_shows_the_rule_and_why_nothing_goes_yet(
    client_for, advocate, case, verbal
):
    client = client_for(advocate)
    url = reverse("consent:page", args=[case.pk])
    body = client.get(url).content.decode()
    assert "is governed by VAWA or FVPSA: only a written release permits sharing." in body
    assert "Verbal: permits nothing until confirmed in writing" in body
    assert body.count("consent-cell--waiting") == 2
    assert "consent-cell--shared" not in body
    _governed(case, False)
    body = client.get(url).content.decode()
    assert "is not marked as governed by VAWA or FVPSA" in body
    assert "Verbal: confirm in writing" in body
    assert body.count("consent-cell--shared") == 2


def test_the_release_page_says_why_nothing_goes_yet(client_for, advocate, case, verbal):
    url = reverse("consent:release", args=[case.pk, verbal.pk])
    body = client_for(advocate).get(url).content.decode()
    assert "nothing goes out under this verbal release until the survivor confirms it" in body
    _governed(case, False)
    body = client_for(advocate).get(url).content.decode()
    assert "nothing goes out under this verbal release" not in body


def test_the_release_form_says_what_a_verbal_release_does_here(client_for, advocate, case):
    client = client_for(advocate)
    body = client.get(reverse("consent:release-new", args=[case.pk])).content.decode()
    assert "permits nothing until the survivor confirms it in writing" in body
    _governed(case, False)
    body = client.get(reverse("consent:release-new", args=[case.pk])).content.decode()
    assert "A verbal release permits sharing for 14 days" in body


def test_the_preview_of_a_verbal_release_says_nothing_goes_yet(client_for, advocate, case, agency):
    from tests.consent.test_pages import _release_data

    client = client_for(advocate)
    data = {**_release_data(agency), "preview": "1"}
    url = reverse("consent:release-new", args=[case.pk])
    body = client.post(url, data).content.decode()
    assert "nothing goes under a verbal release until the survivor confirms it" in body
    _governed(case, False)
    body = client.post(url, data).content.decode()
    assert "nothing goes under a verbal release" not in body


def test_administrator_changes_the_rule_on_the_programs_page(client_for, administrator, case):
    program = case.program
    client = client_for(administrator)
    page = client.get(reverse("organization:program-detail", args=[program.pk])).content.decode()
    assert "Governed by VAWA or FVPSA: only a written release permits sharing." in page
    url = reverse("organization:program-release-rule", args=[program.pk])
    response = client.post(url, {}, follow=True)
    assert "a verbal release permits sharing until the day" in response.content.decode()
    program.refresh_from_db()
    assert program.governed_by_vawa_fvpsa is False
    event = AuditEvent.objects.filter(
        target_type="organization.program", target_id=program.pk, action=AuditAction.UPDATE
    ).get()
    assert event.fields == ["governed_by_vawa_fvpsa"]
    assert event.reason == "not governed by VAWA/FVPSA"
    # The same value again changes and records nothing.
    client.post(url, {})
    assert AuditEvent.objects.filter(target_id=program.pk, action=AuditAction.UPDATE).count() == 1
    client.post(url, {"governed_by_vawa_fvpsa": "on"})
    program.refresh_from_db()
    assert program.governed_by_vawa_fvpsa is True


def test_only_administrators_change_the_rule(client_for, advocate, supervisor, case):
    program = case.program
    url = reverse("organization:program-release-rule", args=[program.pk])
    for person in (advocate, supervisor):
        assert client_for(person).post(url, {}).status_code == 403
    program.refresh_from_db()
    assert program.governed_by_vawa_fvpsa is True
    with pytest.raises(PermissionDenied):
        organization_services.program_vawa_fvpsa_set(
            actor=advocate, program=program, governed=False
        )
