"""Invented partner agencies for the demo, written through the directory's services.

Every name is clearly made up (the same invented surnames as the demo survivors), and every
address is example.org, so nobody mistakes them for real agencies. Running it again changes
nothing: an organization already there by name is left as it is.
"""

from dataclasses import dataclass

from django.db import transaction

from accounts.seeding.demo import assert_development
from directory import services
from directory.models import Organization, ServiceStatus, TaxonomyTerm

DEMO_TAXONOMY = "alongside-demo"
INVENTED = "An invented partner agency for the demo; not a real organization."


@dataclass(frozen=True)
class DemoPartner:
    name: str
    slug: str
    term: str  # the code of its taxonomy term
    services: tuple[tuple[str, str], ...]  # (name, status)


TERMS = {
    "housing": "Housing",
    "legal": "Legal services",
    "medical": "Medical care",
    "counselling": "Counselling",
    "employment": "Employment",
    "basic_needs": "Food and basic needs",
}

PARTNERS = [
    DemoPartner(
        "Sampleton Housing Collective",
        "sampleton-housing",
        "housing",
        (("Transitional housing", "active"), ("Rapid rehousing", "active")),
    ),
    DemoPartner(
        "Fictova Legal Aid Project",
        "fictova-legal",
        "legal",
        (
            ("Immigration legal clinic (T and U visas)", "active"),
            ("Vacatur and record relief", "active"),
        ),
    ),
    DemoPartner(
        "Placeholt Community Clinic",
        "placeholt-clinic",
        "medical",
        (("Primary care", "active"), ("Sexual and reproductive health", "active")),
    ),
    DemoPartner(
        "Demoreaux Counselling Centre",
        "demoreaux-counselling",
        "counselling",
        (("Trauma-informed counselling", "active"), ("Peer support group", "temporarily closed")),
    ),
    DemoPartner(
        "Mockridge Work Pathways",
        "mockridge-work",
        "employment",
        (("Job readiness training", "active"),),
    ),
    DemoPartner(
        "Synthwick Neighbourhood Pantry",
        "synthwick-pantry",
        "basic_needs",
        (("Weekly food parcels", "active"), ("Clothing closet", "defunct")),
    ),
]


@transaction.atomic
def seed_demo_partners(*, keeper) -> list[Organization]:
    """Create the invented partners (as the demo administrator) unless already there."""
    assert_development()
    terms = {}
    for code, name in TERMS.items():
        term = TaxonomyTerm.objects.filter(taxonomy=DEMO_TAXONOMY, code=code).first()
        terms[code] = term or services.taxonomy_term_create(
            actor=keeper, taxonomy=DEMO_TAXONOMY, code=code, name=name
        )
    organizations = []
    for partner in PARTNERS:
        organization = Organization.objects.filter(name=partner.name).first()
        if organization is None:
            organization = services.organization_create(
                actor=keeper,
                name=partner.name,
                description=INVENTED,
                email=f"referrals@{partner.slug}.example.org",
                website=f"https://{partner.slug}.example.org",
            )
            number = len(organizations)
            services.phone_create(
                actor=keeper,
                organization=organization,
                number=f"+1 202 555 01{number}0",
                type="voice",
                description="Main line (an invented number for the demo)",
            )
            for index, (name, status) in enumerate(partner.services):
                service = services.service_create(
                    actor=keeper,
                    organization=organization,
                    name=name,
                    status=ServiceStatus(status),
                    description=INVENTED,
                    taxonomy_terms=[terms[partner.term]],
                )
                _demo_reach(keeper, service, number, index)
        organizations.append(organization)
    return organizations


# Invented opening hours: weekdays for most services, a weekend clinic for some.
HOURS = [
    {"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"},
    {"byday": "TU,TH", "opens_at": "10:00", "closes_at": "19:00", "description": "Walk in"},
    {"byday": "SA", "opens_at": "10:00", "closes_at": "14:00", "notes": "Call ahead"},
]


def _demo_reach(keeper, service, number: int, index: int) -> None:
    """A direct line for each first service, and opening hours for every one."""
    if index == 0:
        services.phone_create(
            actor=keeper,
            service=service,
            number=f"+1 202 555 01{number}{index + 1}",
            type="voice",
            description="Referrals line",
        )
    services.schedule_create(
        actor=keeper, service=service, freq="WEEKLY", **HOURS[(number + index) % len(HOURS)]
    )


def demo_partner(name_start: str) -> Organization:
    """The demo partner whose name starts with ``name_start`` (for other apps' demo steps)."""
    return Organization.objects.get(name__startswith=name_start)
