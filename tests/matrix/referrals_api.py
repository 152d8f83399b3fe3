"""The referrals API: every endpoint and method, for every persona.

The sender's operations belong to the case: outsiders (partner-agency users among them) get
404; the readers on the team (administrator, auditor) read but may not send or withdraw (403).
The receiver's operations answer only the receiving side: the partner agency the referral went
to. A partner of another agency gets 404 for the referral (never 403), as does everyone else;
the queue itself is for whoever receives referrals (partners with an agency, supervisors).
"""

from cases.choices import TeamRole
from cases.models import TeamMembership
from consent import services as consent_services
from consent.choices import ConsentMethod, Signer
from consent.recipients import Recipient
from directory.models import Organization, Service
from referrals import services
from tests.matrix.framework import Context, Entry, case_page, everyone, today

JSON = "application/json"


def _scenario(context: Context):
    return context.extras.get("scenario")


def _lead(context: Context):
    scenario = _scenario(context)
    if scenario is not None:
        return scenario.lead
    return (
        TeamMembership.objects.filter(case=context.case, team_role=TeamRole.LEAD_ADVOCATE)
        .select_related("user")
        .first()
        .user
    )


def _agency(context: Context) -> Organization:
    scenario = _scenario(context)
    if scenario is not None:
        return scenario.agency()

    def make():
        organization = Organization.objects.create(name="Matrix Receiving Agency (invented)")
        Service.objects.create(organization=organization, name="Matrix receiving service")
        return organization

    return context.remember("referral-agency", make)


def _service(context: Context) -> Service:
    return _agency(context).services.order_by("name").first()


def _release(context: Context):
    return context.remember(
        "referral-release",
        lambda: consent_services.release_grant(
            actor=_lead(context),
            case=context.case,
            recipient=Recipient.organization(_agency(context).pk),
            categories=["identity", "contact"],
            purposes=["referral"],
            method=ConsentMethod.WRITTEN,
            signer=Signer.SURVIVOR,
        ),
    )


def _referral(context: Context):
    def make():
        _release(context)
        return services.referral_make(
            actor=_lead(context),
            case=context.case,
            service=_service(context),
            purpose="referral",
            urgency="routine",
            categories=["identity"],
            note="Matrix note",
        )

    return context.remember("referral", make)


def case_kwargs(context: Context) -> dict:
    return {"case_id": context.case.pk}


def referral_kwargs(context: Context) -> dict:
    return case_kwargs(context) | {"referral_id": _referral(context).pk}


def received_kwargs(context: Context) -> dict:
    return {"referral_id": _referral(context).pk}


def _send(context: Context) -> dict:
    _release(context)
    return {"service": str(_service(context).pk), "categories": ["identity"]}


READ = case_page(signed_out=401)
WRITE = case_page(signed_out=401, readers=403)
# Only the agency the referral went to; everyone else cannot tell it exists.
RECEIVING_SIDE = everyone(404, signed_out=401) | {"partner_of_receiving_agency": 200}
# The queue: whoever receives referrals (a partner with an agency, a supervisor).
RECEIVERS = everyone(403, signed_out=401) | {
    "partner_of_receiving_agency": 200,
    "partner_of_other_agency": 200,
    "supervisor_of_program": 200,
    "supervisor_of_other_program": 200,
}
REPORT_READERS = everyone(403, signed_out=401) | {
    "supervisor_of_program": 200,
    "supervisor_of_other_program": 200,
    "administrator_on_team": 200,
    "administrator_off_team": 200,
}

ENTRIES: dict[str, Entry] = {
    "referrals-api:referral-list": Entry(READ, kwargs=case_kwargs),
    "referrals-api:referral-list POST": Entry(
        case_page(201, signed_out=401, readers=403),
        method="post",
        kwargs=case_kwargs,
        data=_send,
        content_type=JSON,
    ),
    "referrals-api:referral-options": Entry(
        WRITE,
        kwargs=case_kwargs,
        data=lambda context: {"service": str(_service(context).pk), "purpose": "referral"},
    ),
    "referrals-api:referral-detail": Entry(READ, kwargs=referral_kwargs),
    "referrals-api:referral-withdraw": Entry(
        WRITE,
        method="post",
        kwargs=referral_kwargs,
        data=lambda context: {"version": _referral(context).version},
        content_type=JSON,
    ),
    "referrals-api:referral-in-list": Entry(READ, kwargs=case_kwargs),
    "referrals-api:referral-in-list POST": Entry(
        case_page(201, signed_out=401, readers=403),
        method="post",
        kwargs=case_kwargs,
        data=lambda context: {"organization": str(_agency(context).pk)},
        content_type=JSON,
    ),
    "referrals-api:received-list": Entry(RECEIVERS),
    "referrals-api:received-packet": Entry(RECEIVING_SIDE, kwargs=received_kwargs),
    "referrals-api:received-steps": Entry(RECEIVING_SIDE, kwargs=received_kwargs),
    "referrals-api:received-steps POST": Entry(
        RECEIVING_SIDE,
        method="post",
        kwargs=received_kwargs,
        data=lambda context: {"to_status": "received", "version": _referral(context).version},
        content_type=JSON,
    ),
    "referrals-api:deadline-report": Entry(
        REPORT_READERS,
        data=lambda context: {"since": str(today()), "until": str(today())},
    ),
}
