"""The demo's referrals: the partner login has an agency and a queue, and the states people
meet in a day are there (waiting past its deadline, accepted, to our program, stopped)."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from accounts.seeding.demo import DEMO_DOMAIN
from directory.models import PartnerUser
from referrals import selectors
from referrals.choices import ReferralStatus
from referrals.models import ReceivedReferral, Referral

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_seeds_referrals_in_every_kind_of_state_once():
    call_command("seed_demo")
    first = (Referral.objects.count(), ReceivedReferral.objects.count())
    call_command("seed_demo")
    assert (Referral.objects.count(), ReceivedReferral.objects.count()) == first
    partner = User.objects.get(email=f"partner@{DEMO_DOMAIN}")
    assert PartnerUser.objects.get(user=partner).organization.name.startswith("Sampleton")
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert {ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.STOPPED} <= statuses
    assert Referral.objects.filter(program__isnull=False).exists()
    assert Referral.objects.filter(
        status=ReferralStatus.SENT, acknowledge_by__lt=timezone.now()
    ).exists()
    assert first[1] == 1
    queue = selectors.receiver_queue(partner)
    assert {referral.status for referral in queue} >= {ReferralStatus.SENT, ReferralStatus.ACCEPTED}
