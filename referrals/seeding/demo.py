"""Referrals on the demo cases, made through the referral services as people would.

- The demo partner user (Jordan Blake) works at Sampleton Housing Collective: their portal holds
  its referrals.
- Marisol Sampleton, under her release to the housing partner: one referral waiting to be
  acknowledged, one accepted and in service.
- Tomas Placeholt was referred to us by the legal aid partner.

Running it again changes nothing: a case that already has referrals is left alone.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.seeding.demo import assert_development
from cases.choices import TeamRole
from cases.models import Case
from cases.seeding.demo import DEMO_PROGRAM
from consent.choices import DataCategory, Purpose
from directory.models import PartnerUser
from directory.seeding.demo import demo_partner
from protection.envelope import data_key_cache
from referrals import services
from referrals.choices import ReferralStatus, Urgency
from referrals.models import ReceivedReferral, Referral


def _lead(case: Case, fallback):
    membership = case.team.filter(team_role=TeamRole.LEAD_ADVOCATE, until__isnull=True).first()
    return membership.user if membership else fallback


@transaction.atomic
def seed_demo_referrals(*, advocate, partner, administrator) -> int:
    """Make the demo's referrals; returns how many referrals it sent."""
    assert_development()
    housing = demo_partner("Sampleton Housing")
    PartnerUser.objects.get_or_create(
        user=partner, defaults={"organization": housing, "added_by": administrator}
    )
    made = 0
    with data_key_cache():
        cases = {
            case.preferred_name: case
            for case in Case.objects.filter(program__name=DEMO_PROGRAM).select_related("program")
        }
        marisol = cases.get("Marisol Sampleton")
        service = housing.services.order_by("name").first()
        if (
            marisol is not None
            and service is not None
            and not Referral.objects.filter(case=marisol).exists()
        ):
            lead = _lead(marisol, advocate)
            services.referral_make(
                actor=lead,
                case=marisol,
                service=service,
                purpose=Purpose.REFERRAL,
                urgency=Urgency.SOON,
                categories=[DataCategory.IDENTITY, DataCategory.CONTACT],
                note="Looking for a room near her new job; mornings are best.",
            )
            earlier = services.referral_make(
                actor=lead,
                case=marisol,
                service=service,
                purpose=Purpose.REFERRAL,
                urgency=Urgency.ROUTINE,
                categories=[DataCategory.IDENTITY],
                note="Short-term stay while the lease is arranged.",
            )
            for status in (ReferralStatus.ACCEPTED, ReferralStatus.IN_SERVICE):
                earlier = services.referral_step(
                    actor=partner, referral=earlier, to_status=status, version=earlier.version
                )
            made += 2
        tomas = cases.get("Tomas Placeholt")
        if tomas is not None and not ReceivedReferral.objects.filter(case=tomas).exists():
            services.received_referral_record(
                actor=_lead(tomas, advocate),
                case=tomas,
                organization=demo_partner("Fictova Legal Aid"),
                received_on=timezone.localdate() - datetime.timedelta(days=40),
                note="Referred by their immigration attorney.",
            )
    return made
