"""Consent on a few demo cases, recorded through the consent services as an advocate would.

- Marisol Sampleton: a support person, the trafficker recorded and kept away, an active written
  release to the housing partner for referral (identity and contact), and a restriction: never
  share anything with law enforcement.
- Tomas Placeholt: a verbal release to the legal aid partner, awaiting written confirmation.
- Ayla Demoreaux: a release to the clinic under which a referral packet went out, then revoked;
  the clinic's "stop using" notice waits to be sent.
- Dee Fictova (a minor): her guardian, and a release to the counselling partner signed by both.

Running it again changes nothing: a demo case that already records someone is left alone.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.seeding.demo import assert_development
from cases.choices import TeamRole
from cases.models import Case
from cases.seeding.demo import DEMO_PROGRAM
from consent import services
from consent.choices import (
    ConsentMethod,
    DataCategory,
    Purpose,
    RecipientClass,
    Relationship,
    RevocationMethod,
    Signer,
)
from consent.egress import disclosure_record
from consent.models import Person
from consent.policy import disclosure_decision
from consent.recipients import Recipient
from directory.seeding.demo import demo_partner
from protection.envelope import data_key_cache

DAY = datetime.timedelta(days=1)
# The way out the demo's disclosure names: a packet printed and handed over in person.
DEMO_CHANNEL = "demo:printed-referral-packet"


def _lead(case: Case, fallback):
    membership = case.team.filter(team_role=TeamRole.LEAD_ADVOCATE, until__isnull=True).first()
    return membership.user if membership else fallback


@transaction.atomic
def seed_demo_consent(*, advocate) -> int:
    """Record the demo's consent on the cases above; returns how many cases it wrote to."""
    assert_development()
    with data_key_cache():
        cases = {
            case.preferred_name: case
            for case in Case.objects.filter(program__name=DEMO_PROGRAM).select_related("program")
        }
        steps = {
            "Marisol Sampleton": _marisol,
            "Tomas Placeholt": _tomas,
            "Ayla Demoreaux": _ayla,
            "Dee Fictova": _dee,
        }
        written = 0
        for name, step in steps.items():
            case = cases.get(name)
            if case is None or Person.objects.filter(case=case).exists():
                continue
            step(case, _lead(case, advocate), timezone.localdate())
            written += 1
    return written


def _marisol(case, lead, today) -> None:
    services.person_add(
        actor=lead,
        case=case,
        relationship=Relationship.SUPPORT_PERSON,
        name="Lucia Sampleton (cousin)",
        contact="Backup number agreed in the safety plan",
    )
    # Recorded so that nothing can ever go to him; the case's safety plan says why.
    services.person_add(
        actor=lead,
        case=case,
        relationship=Relationship.TRAFFICKER,
        name="Rex Inventado",
        note="Still in contact: never a recipient, never a signer.",
    )
    services.release_grant(
        actor=lead,
        case=case,
        recipient=Recipient.organization(demo_partner("Sampleton Housing").pk),
        categories=[DataCategory.IDENTITY, DataCategory.CONTACT],
        purposes=[Purpose.REFERRAL],
        method=ConsentMethod.WRITTEN,
        signer=Signer.SURVIVOR,
        signed_on=today - 20 * DAY,
        starts_on=today - 20 * DAY,
        expires_on=today + 70 * DAY,
        notes="Signed on paper at the office; she kept a copy.",
    )
    services.restriction_add(
        actor=lead,
        case=case,
        recipient=Recipient.of_class(RecipientClass.LAW_ENFORCEMENT),
        note="She does not want the police contacted unless she asks.",
    )


def _tomas(case, lead, today) -> None:
    services.person_add(
        actor=lead, case=case, relationship=Relationship.FAMILY, name="Ana Placeholt (sister)"
    )
    services.release_grant(
        actor=lead,
        case=case,
        recipient=Recipient.organization(demo_partner("Fictova Legal").pk),
        categories=[DataCategory.IDENTITY, DataCategory.CONTACT, DataCategory.LEGAL_IMMIGRATION],
        purposes=[Purpose.LEGAL_ADVOCACY],
        method=ConsentMethod.VERBAL,
        signer=Signer.SURVIVOR,
        signed_on=today - 3 * DAY,
        notes="Given by phone; he will sign at the next visit.",
    )


def _ayla(case, lead, today) -> None:
    services.person_add(
        actor=lead, case=case, relationship=Relationship.SUPPORT_PERSON, name="Peer mentor"
    )
    clinic = Recipient.organization(demo_partner("Placeholt Community").pk)
    release = services.release_grant(
        actor=lead,
        case=case,
        recipient=clinic,
        categories=[DataCategory.IDENTITY, DataCategory.CONTACT, DataCategory.CLINICAL_SUMMARY],
        purposes=[Purpose.REFERRAL],
        method=ConsentMethod.WRITTEN,
        signer=Signer.SURVIVOR,
        signed_on=today - 45 * DAY,
        starts_on=today - 45 * DAY,
        expires_on=today + 45 * DAY,
    )
    decision = disclosure_decision(case=case, recipient=clinic, purpose=Purpose.REFERRAL)
    disclosure_record(
        actor=lead,
        case=case,
        decision=decision,
        categories=[DataCategory.IDENTITY, DataCategory.CONTACT],
        route=DEMO_CHANNEL,
    )
    services.release_revoke(
        actor=lead,
        release=release,
        method=RevocationMethod.IN_PERSON,
        communicated_at=timezone.now() - DAY,
        note="She found another clinic closer to work.",
    )


def _dee(case, lead, today) -> None:
    guardian = services.person_add(
        actor=lead,
        case=case,
        relationship=Relationship.PARENT_OR_GUARDIAN,
        name="Irene Fictova (aunt, legal guardian)",
        contact="Through the school counselor",
    )
    services.release_grant(
        actor=lead,
        case=case,
        recipient=Recipient.organization(demo_partner("Demoreaux Counselling").pk),
        categories=[DataCategory.IDENTITY, DataCategory.CONTACT],
        purposes=[Purpose.REFERRAL, Purpose.SERVICE_COORDINATION],
        method=ConsentMethod.WRITTEN,
        signer=Signer.BOTH,
        guardian=guardian,
        signed_on=today - 10 * DAY,
    )
