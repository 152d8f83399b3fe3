"""Referrals on a few demo cases, sent and answered through the referral services as people
would, so the partner portal, the case pages and the deadlines report have something to show.

- The demo partner login (Jordan Blake) works for Sampleton Housing Collective.
- Marisol Sampleton (a release to that agency for identity and contact): one referral to its
  transitional housing, sent days ago and never acknowledged (overdue: the deadlines report
  and the advocate's reminder show it); one to its rapid rehousing, acknowledged and accepted.
- Kofi Mockridge: a release to the same agency, a referral under it, then the release revoked:
  the referral stopped, and the partner sees only the "stop using" notice.
- Dee Fictova: a referral to our own Northside program (no release needed), waiting for its
  supervisor.
- Tomas Placeholt: referred to us by Placeholt Community Clinic (a referral received).

Running it again changes nothing: a demo case that already has a referral is left alone.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.seeding.demo import assert_development
from cases.choices import TeamRole
from cases.models import Case
from cases.seeding.demo import DEMO_PROGRAM, NORTHSIDE_PROGRAM
from consent import services as consent_services
from consent.choices import ConsentMethod, DataCategory, Purpose, RevocationMethod, Signer
from consent.recipients import Recipient
from directory import services as directory_services
from directory.models import PartnerUser
from directory.seeding.demo import demo_partner
from organization.models import Program
from protection.envelope import data_key_cache
from referrals import services
from referrals.choices import ReferralStatus, Urgency
from referrals.models import ReceivedReferral, Referral

DAY = datetime.timedelta(days=1)
# The demo's home agency for the partner login.
PARTNER_AGENCY = "Sampleton Housing"


def _lead(case: Case, fallback):
    membership = case.team.filter(team_role=TeamRole.LEAD_ADVOCATE, until__isnull=True).first()
    return membership.user if membership else fallback


def _service(organization, name_start: str):
    return organization.services.get(name__startswith=name_start)


def seed_demo_referrals(*, administrator, partner, advocate) -> int:
    """Seed the referrals above; returns how many were made. The revocation's hook runs when
    the transaction commits, so the stopped referral is seen stopped once this returns."""
    assert_development()
    with transaction.atomic(), data_key_cache():
        agency = demo_partner(PARTNER_AGENCY)
        if not PartnerUser.objects.filter(user=partner).exists():
            # The administrator links the partner login to its agency, as on the agency's page.
            directory_services.partner_user_link(
                actor=administrator, user=partner, organization=agency
            )
        cases = {
            case.preferred_name: case
            for case in Case.objects.filter(
                program__name__in=[DEMO_PROGRAM, NORTHSIDE_PROGRAM]
            ).select_related("program")
        }
        made = 0
        for name, step in [
            ("Marisol Sampleton", _marisol),
            ("Kofi Mockridge", _kofi),
            ("Dee Fictova", _dee),
            ("Tomas Placeholt", _tomas),
        ]:
            case = cases.get(name)
            if case is None or Referral.objects.filter(case=case).exists():
                continue
            if ReceivedReferral.objects.filter(case=case).exists():
                continue
            made += step(case, _lead(case, advocate), partner)
    return made


def _marisol(case, lead, partner) -> int:
    agency = demo_partner(PARTNER_AGENCY)
    waiting = services.referral_make(
        actor=lead,
        case=case,
        service=_service(agency, "Transitional"),
        purpose=Purpose.REFERRAL,
        urgency=Urgency.SOON,
        categories=[DataCategory.IDENTITY, DataCategory.CONTACT],
        note="She would like a room away from the city centre. Call in the morning.",
    )
    # Sent a week ago and never acknowledged: past both deadlines, as the demo's overdue one.
    week_ago = timezone.now() - 7 * DAY
    Referral.objects.filter(pk=waiting.pk).update(
        created_at=week_ago,
        sent_at=week_ago,
        acknowledge_by=week_ago + DAY,
        act_by=week_ago + 5 * DAY,
    )
    accepted = services.referral_make(
        actor=lead,
        case=case,
        service=_service(agency, "Rapid"),
        purpose=Purpose.REFERRAL,
        urgency=Urgency.ROUTINE,
        categories=[DataCategory.IDENTITY],
    )
    for to_status in (ReferralStatus.RECEIVED, ReferralStatus.ACCEPTED):
        accepted = services.referral_step(
            actor=partner, referral=accepted, to_status=to_status, version=accepted.version
        )
    return 2


def _kofi(case, lead, partner) -> int:
    today = timezone.localdate()
    agency = demo_partner(PARTNER_AGENCY)
    release = consent_services.release_grant(
        actor=lead,
        case=case,
        recipient=Recipient.organization(agency.pk),
        categories=[DataCategory.IDENTITY, DataCategory.CONTACT],
        purposes=[Purpose.REFERRAL],
        method=ConsentMethod.WRITTEN,
        signer=Signer.SURVIVOR,
        signed_on=today - 10 * DAY,
        starts_on=today - 10 * DAY,
        expires_on=today + 80 * DAY,
    )
    services.referral_make(
        actor=lead,
        case=case,
        service=_service(agency, "Transitional"),
        purpose=Purpose.REFERRAL,
        urgency=Urgency.ROUTINE,
        categories=[DataCategory.IDENTITY],
    )
    # He changed his mind: the referral stops (on commit) and the agency is told to stop using it.
    consent_services.release_revoke(
        actor=lead, release=release, method=RevocationMethod.PHONE, note="Asked by phone."
    )
    return 1


def _dee(case, lead, partner) -> int:
    services.referral_make(
        actor=lead,
        case=case,
        program=Program.objects.get(name=NORTHSIDE_PROGRAM),
        purpose=Purpose.SERVICE_COORDINATION,
        urgency=Urgency.ROUTINE,
        categories=[DataCategory.IDENTITY, DataCategory.DEMOGRAPHICS],
        note="Youth mentoring group on Saturdays.",
    )
    return 1


def _tomas(case, lead, partner) -> int:
    services.received_referral_record(
        actor=lead,
        case=case,
        organization=demo_partner("Placeholt Community"),
        received_on=timezone.localdate() - 30 * DAY,
    )
    return 0
