"""The consent and directory API: every endpoint and method, for every persona.

Consent belongs to the case: outsiders (anyone not on the team and not the program's
supervisor, partner-agency users among them) get 404 whatever the method; nobody signed out
gets further than 401. The directory is for staff: partner-agency users and accounts without a
role get 403.
"""

from consent import services
from consent.choices import ConsentMethod, Relationship, Signer
from consent.recipients import Recipient
from directory import services as directory_services
from tests.factories import UserFactory
from tests.matrix.framework import Context, Entry, case_page, everyone

JSON = "application/json"


def _agency(context: Context):
    def make():
        keeper = UserFactory(role="administrator")
        organization = directory_services.organization_create(
            actor=keeper, name="Matrix Housing Partners (invented)"
        )
        directory_services.service_create(
            actor=keeper, organization=organization, name="Matrix transitional housing"
        )
        return organization

    return context.remember("agency", make)


def _lead(context: Context):
    return context.extras["scenario"].lead


def _release(context: Context, method: str = ConsentMethod.WRITTEN):
    return context.remember(
        f"release-{method}",
        lambda: services.release_grant(
            actor=_lead(context),
            case=context.case,
            recipient=Recipient.organization(_agency(context).pk),
            categories=["identity", "contact"],
            purposes=["referral"],
            method=method,
            signer=Signer.SURVIVOR,
        ),
    )


def case_kwargs(context: Context) -> dict:
    return {"case_id": context.case.pk}


def release_kwargs(context: Context) -> dict:
    return case_kwargs(context) | {"release_id": _release(context).pk}


def verbal_release_kwargs(context: Context) -> dict:
    return case_kwargs(context) | {"release_id": _release(context, ConsentMethod.VERBAL).pk}


def person_kwargs(context: Context) -> dict:
    person = context.remember(
        "person",
        lambda: services.person_add(
            actor=_lead(context),
            case=context.case,
            relationship=Relationship.SUPPORT_PERSON,
            name="Matrix Supporter",
        ),
    )
    return case_kwargs(context) | {"person_id": person.pk}


def restriction_kwargs(context: Context) -> dict:
    restriction = context.remember(
        "restriction",
        lambda: services.restriction_add(
            actor=_lead(context),
            case=context.case,
            recipient=Recipient.organization(_agency(context).pk),
            categories=["contact"],
        ),
    )
    return case_kwargs(context) | {"restriction_id": restriction.pk}


def to_agency(context: Context, **values) -> dict:
    return {
        "recipient_kind": "organization",
        "recipient_organization": str(_agency(context).pk),
        **values,
    }


def organization_kwargs(context: Context) -> dict:
    return {"organization_id": _agency(context).pk}


def case_write(status: int) -> dict:
    # The administrator and auditor on the team read consent but record none of it.
    return case_page(status, signed_out=401, readers=403)


READ = case_page(signed_out=401)
# Staff read the directory; partner-agency users and accounts without a role may not.
STAFF = everyone(200, signed_out=401) | {"signed_in_without_role": 403, "partner_agency_user": 403}

ENTRIES: dict[str, Entry] = {
    "consent-api:grid": Entry(READ, kwargs=case_kwargs),
    "consent-api:packet-preview": Entry(
        READ,
        kwargs=case_kwargs,
        data=lambda context: to_agency(context, purpose="referral"),
    ),
    "consent-api:person-list": Entry(READ, kwargs=case_kwargs),
    "consent-api:person-list POST": Entry(
        case_write(201),
        method="post",
        kwargs=case_kwargs,
        data={"relationship": "parent_or_guardian", "name": "Matrix Guardian"},
        content_type=JSON,
    ),
    "consent-api:person-detail": Entry(READ, kwargs=person_kwargs),
    "consent-api:person-detail PATCH": Entry(
        case_write(200),
        method="patch",
        kwargs=person_kwargs,
        data={"version": 1, "contact": "Through the shelter's front desk"},
        content_type=JSON,
    ),
    "consent-api:release-list": Entry(READ, kwargs=case_kwargs),
    "consent-api:release-list POST": Entry(
        case_write(201),
        method="post",
        kwargs=case_kwargs,
        data=lambda context: to_agency(
            context,
            categories=["identity"],
            purposes=["referral"],
            method="written",
            signer="survivor",
        ),
        content_type=JSON,
    ),
    "consent-api:release-detail": Entry(READ, kwargs=release_kwargs),
    "consent-api:release-revoke": Entry(
        case_write(200),
        method="post",
        kwargs=release_kwargs,
        data={"method": "in_person"},
        content_type=JSON,
    ),
    "consent-api:release-confirm": Entry(
        case_write(200), method="post", kwargs=verbal_release_kwargs, data={}, content_type=JSON
    ),
    "consent-api:release-fhir": Entry(READ, kwargs=release_kwargs),
    "consent-api:restriction-list": Entry(READ, kwargs=case_kwargs),
    "consent-api:restriction-list POST": Entry(
        case_write(201),
        method="post",
        kwargs=case_kwargs,
        data=lambda context: to_agency(context, categories=["clinical_summary"]),
        content_type=JSON,
    ),
    "consent-api:restriction-remove": Entry(
        case_write(200), method="post", kwargs=restriction_kwargs, content_type=JSON
    ),
    "directory-api:organization-list": Entry(STAFF),
    "directory-api:organization-detail": Entry(STAFF, kwargs=organization_kwargs),
    "directory-api:service-list": Entry(STAFF),
}
