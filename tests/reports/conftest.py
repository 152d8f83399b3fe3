"""Reports suites: a small organization whose every figure can be worked out by hand.

Period: January to March 2026. Two programs (North, supervised by ``supervisor``, and South),
two partners with one service each (Harbor House: housing; Legal Aid: legal), survivors'
cases opened through the case service, and referrals written directly (their services are
another branch's): each with its dates, so medians can be checked by hand.

Referrals sent in the period (``REFERRALS`` below):

- Harbor House, from North, January, routine: 3 completed (service provided), 2 accepted,
  2 declined (no capacity), 1 sent — 8.
- Legal Aid, from North, February, soon: 5 accepted, 1 declined (not eligible),
  1 withdrawn — 7.
- Harbor House, from South, March, urgent: 6 accepted — 6.
- One more to Harbor House in April: outside the period.

Total in the period: 21. Every referral is acknowledged after ``ack`` days and accepted
after ``acc`` days (when accepted), completed after ``end`` days.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from cases import services as case_services
from cases.choices import CitizenshipCategory, GenderIdentity, TraffickingType
from directory.models import Organization, Service, TaxonomyTerm
from organization.models import Program
from referrals.choices import DeclineReason, Outcome, ReferralStatus, Urgency
from referrals.models import ReceivedReferral, Referral
from reports import kinds
from tests.reports.built import built_report

START = datetime.date(2026, 1, 1)
END = datetime.date(2026, 3, 31)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def open_case(lead, program, name, **categories):
    return case_services.case_open(
        actor=lead,
        program=program,
        identity=case_services.Identity(preferred_name=name),
        intake_date=categories.pop("intake_date", None),
        categories=categories or None,
    )


@dataclass
class World:
    north: Program
    south: Program
    harbor: Organization
    legal: Organization
    housing: TaxonomyTerm
    legal_term: TaxonomyTerm
    cases: list
    referrals: list


def make_referral(
    case,
    service,
    user,
    *,
    sent,
    status,
    urgency=Urgency.ROUTINE,
    ack=1,
    acc=None,
    end=None,
    reason="",
    outcome="",
):
    sent_at = at(sent)
    received_at = sent_at + datetime.timedelta(days=ack) if status != ReferralStatus.SENT else None
    accepted_at = sent_at + datetime.timedelta(days=acc) if acc is not None else None
    answered_at = accepted_at
    if status == ReferralStatus.DECLINED:
        answered_at = sent_at + datetime.timedelta(days=ack + 1)
    ended_at = sent_at + datetime.timedelta(days=end) if end is not None else None
    if status in (ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN) and ended_at is None:
        ended_at = answered_at or sent_at + datetime.timedelta(days=ack + 1)
    return Referral.objects.create(
        case=case,
        service=service,
        organization=service.organization,
        urgency=urgency,
        status=status,
        created_by=user,
        sent_at=sent_at,
        received_at=received_at,
        accepted_at=accepted_at,
        answered_at=answered_at,
        ended_at=ended_at,
        decline_reason=reason,
        outcome=outcome,
        acknowledge_by=sent_at + datetime.timedelta(days=2),
        act_by=sent_at + datetime.timedelta(days=7),
    )


@pytest.fixture
def world(db, advocate, supervisor, make_user):
    north = Program.objects.create(name="North")
    north.supervisors.add(supervisor)
    south = Program.objects.create(name="South")
    harbor = Organization.objects.create(name="Harbor House")
    legal = Organization.objects.create(name="Legal Aid")
    housing = TaxonomyTerm.objects.create(code="BH-1800", name="Housing")
    legal_term = TaxonomyTerm.objects.create(code="FT-3000", name="Legal")
    harbor_service = Service.objects.create(organization=harbor, name="Shelter beds")
    harbor_service.taxonomy_terms.add(housing)
    legal_service = Service.objects.create(organization=legal, name="Immigration clinic")
    legal_service.taxonomy_terms.add(legal_term)
    south_advocate = make_user("advocate", full_name="Sam South")

    north_cases = [
        open_case(
            advocate,
            north,
            f"North Survivor {i}",
            trafficking_type=TraffickingType.LABOR,
            gender_identity=GenderIdentity.WOMAN,
            citizenship_category=CitizenshipCategory.FOREIGN_NATIONAL,
            intake_date=datetime.date(2025, 6, 1),
        )
        for i in range(3)
    ]
    south_cases = [
        open_case(
            south_advocate,
            south,
            f"South Survivor {i}",
            trafficking_type=TraffickingType.SEX,
            gender_identity=GenderIdentity.MAN,
            citizenship_category=CitizenshipCategory.US_CITIZEN,
            intake_date=datetime.date(2026, 2, 1),
        )
        for i in range(2)
    ]
    referrals = []
    jan = datetime.date(2026, 1, 5)
    make = make_referral
    for i in range(3):
        referrals.append(
            make(
                north_cases[i % 3],
                harbor_service,
                advocate,
                sent=jan,
                ack=1 + i,
                acc=2 + i,
                end=10 + i,
                status=ReferralStatus.COMPLETED,
                outcome=Outcome.SERVICE_PROVIDED,
            )
        )
    for i in range(2):
        referrals.append(
            make(
                north_cases[i],
                harbor_service,
                advocate,
                sent=jan,
                ack=4,
                acc=5,
                status=ReferralStatus.ACCEPTED,
            )
        )
    for i in range(2):
        referrals.append(
            make(
                north_cases[i],
                harbor_service,
                advocate,
                sent=jan,
                ack=1,
                status=ReferralStatus.DECLINED,
                reason=DeclineReason.NO_CAPACITY,
            )
        )
    referrals.append(
        make(north_cases[2], harbor_service, advocate, sent=jan, status=ReferralStatus.SENT)
    )
    feb = datetime.date(2026, 2, 10)
    for i in range(5):
        referrals.append(
            make(
                north_cases[i % 3],
                legal_service,
                advocate,
                sent=feb,
                urgency=Urgency.SOON,
                ack=2,
                acc=3 + i,
                status=ReferralStatus.ACCEPTED,
            )
        )
    referrals.append(
        make(
            north_cases[0],
            legal_service,
            advocate,
            sent=feb,
            urgency=Urgency.SOON,
            ack=3,
            status=ReferralStatus.DECLINED,
            reason=DeclineReason.NOT_ELIGIBLE,
        )
    )
    referrals.append(
        make(
            north_cases[1],
            legal_service,
            advocate,
            sent=feb,
            urgency=Urgency.SOON,
            ack=1,
            status=ReferralStatus.WITHDRAWN,
        )
    )
    mar = datetime.date(2026, 3, 3)
    for i in range(6):
        referrals.append(
            make(
                south_cases[i % 2],
                harbor_service,
                south_advocate,
                sent=mar,
                urgency=Urgency.URGENT,
                ack=1,
                acc=1,
                status=ReferralStatus.ACCEPTED,
            )
        )
    referrals.append(
        make(
            south_cases[0],
            harbor_service,
            south_advocate,
            sent=datetime.date(2026, 4, 2),
            ack=1,
            acc=1,
            status=ReferralStatus.ACCEPTED,
        )
    )
    for day in (datetime.date(2026, 1, 20), datetime.date(2026, 2, 20)):
        ReceivedReferral.objects.create(
            case=north_cases[0], organization=legal, received_on=day, recorded_by=advocate
        )
    return World(
        north, south, harbor, legal, housing, legal_term, north_cases + south_cases, referrals
    )


@pytest.fixture
def engine(monkeypatch):
    """The engine's builder replaced by ``built_report``; records the progress it reported."""
    calls = []

    def build(*, actor, kind, parameters, progress):
        progress(40, "Counting referrals")
        calls.append(parameters)
        return built_report(
            start=datetime.date.fromisoformat(parameters["period_start"]),
            end=datetime.date.fromisoformat(parameters["period_end"]),
            threshold=parameters["threshold"],
        )

    monkeypatch.setattr(kinds, "report_build", build)
    return calls
