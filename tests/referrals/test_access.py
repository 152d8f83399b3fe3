"""Who reaches a referral: the case's team as sender, the receiving side as receiver; a partner
of another agency gets 404 for every referral of the first and for every case."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from referrals import access, selectors, services
from referrals.choices import ReferralStatus, Side
from tests.referrals.conftest import grant, send

pytestmark = pytest.mark.django_db


def test_sides(advocate, auditor, referral, partner_a, partner_b, supervisor, clinician):
    assert access.side_of(advocate, referral) == Side.SENDER
    assert access.side_of(clinician, referral) == Side.SENDER
    assert access.side_of(supervisor, referral) == Side.SENDER
    assert access.side_of(partner_a, referral) == Side.RECEIVER
    assert access.side_of(partner_b, referral) is None
    assert access.side_of(auditor, referral) is None


def test_a_partner_of_another_agency_gets_404(referral, partner_b, case):
    with pytest.raises(Http404):
        access.referral_for_receiver(partner_b, referral.pk)
    with pytest.raises(Http404):
        access.referral_for_sender(partner_b, referral.pk)
    assert list(selectors.receiver_referrals(partner_b)) == []


def test_a_partner_never_reaches_a_case(referral, partner_a, case):
    with pytest.raises(Http404):
        access.referral_for_sender(partner_a, referral.pk)
    referral = access.referral_for_receiver(partner_a, referral.pk)
    assert referral.pk


def test_a_draft_is_not_the_receivers_yet(advocate, case, service, release, partner_a):
    draft = services.referral_draft(
        actor=advocate, case=case, service=service, purpose="referral", urgency="routine"
    )
    with pytest.raises(Http404):
        access.referral_for_receiver(partner_a, draft.pk)
    assert access.side_of(partner_a, draft) is None


def test_a_partner_without_an_agency_receives_nothing(referral, partner):
    assert not access.receives_referrals(partner)
    with pytest.raises(Http404):
        access.referral_for_receiver(partner, referral.pk)


def test_readers_on_the_team_see_but_may_not_write(administrator, advocate, referral):
    from cases import services as case_services
    from cases.choices import TeamRole

    case_services.team_member_add(
        actor=advocate, case=referral.case, user=administrator, team_role=TeamRole.OTHER
    )
    assert access.referral_for_sender(administrator, referral.pk).pk == referral.pk
    with pytest.raises(PermissionDenied):
        access.referral_for_sender(administrator, referral.pk, write=True)


def test_a_referral_of_another_case_is_404_under_this_case(advocate, referral, program):
    from cases import services as case_services

    other = case_services.case_open(
        actor=advocate, program=program, identity=case_services.Identity(preferred_name="Other")
    )
    with pytest.raises(Http404):
        access.referral_for_sender(advocate, referral.pk, case_id=other.pk)


def test_internal_referrals_go_to_the_programs_supervisors(
    advocate, case, shelter_program, shelter_supervisor, supervisor, partner_a
):
    referral = send(advocate, case, program=shelter_program)
    assert access.side_of(shelter_supervisor, referral) == Side.RECEIVER
    assert access.referral_for_receiver(shelter_supervisor, referral.pk) == referral
    # The case's own program's supervisor sends; they do not receive another program's.
    with pytest.raises(Http404):
        access.referral_for_receiver(supervisor, referral.pk)
    with pytest.raises(Http404):
        access.referral_for_receiver(partner_a, referral.pk)
    # The receiving supervisor does not see the case.
    with pytest.raises(Http404):
        access.referral_for_sender(shelter_supervisor, referral.pk)
    accepted = services.referral_step(
        actor=shelter_supervisor,
        referral=referral,
        to_status=ReferralStatus.ACCEPTED,
        version=referral.version,
    )
    assert accepted.steps.order_by("-at").first().side == Side.RECEIVER


def test_queue_holds_only_the_agencys_referrals(
    advocate, case, service, release, partner_a, partner_b, other_agency
):
    mine = send(advocate, case, service)
    grant(advocate, case, other_agency)
    theirs = send(advocate, case, other_agency.services.get())
    assert [r.pk for r in selectors.receiver_queue(partner_a).object_list] == [mine.pk]
    assert [r.pk for r in selectors.receiver_queue(partner_b).object_list] == [theirs.pk]


def test_queue_and_case_list_read_in_constant_queries(
    advocate, case, service, release, partner_a, django_assert_num_queries
):
    for _ in range(3):
        send(advocate, case, service)
    # As a request does: the role comes with the user, the agency is read once by the view's
    # ``receives_referrals``. Then the count and the rows, however many referrals.
    assert access.receives_referrals(partner_a)
    with django_assert_num_queries(2):
        page = selectors.receiver_queue(partner_a)
        rows = [(r.service.name, r.organization.name, r.status) for r in page.object_list]
    assert len(rows) == 3
    for _ in range(3):
        send(advocate, case, service)
    with django_assert_num_queries(2):
        page = selectors.receiver_queue(partner_a)
        rows = [(r.service.name, r.organization.name, r.status) for r in page.object_list]
    assert len(rows) == 6
    with django_assert_num_queries(1):
        listed = selectors.case_referrals(case=case)
        names = [(r.service.name, r.organization.name) for r in listed]
    assert len(names) == 6
