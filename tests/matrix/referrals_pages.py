"""The referral pages: the sender's on a case, the receiver's portal, the deadlines report.

The scenario's referral goes from the case's lead advocate to the receiving agency's service
(``scenario.agency()``) under a release for identity. Partner users of that agency reach its
queue, packet and steps; those of another agency get 404 for the referral (never 403: another
agency's referral cannot be told from one that does not exist), and a partner-agency user with
no agency has no queue (403).
"""

from consent import services as consent_services
from consent.choices import ConsentMethod, DataCategory, Purpose, Signer
from consent.recipients import Recipient
from referrals import services as referral_services
from referrals.choices import ReferralStatus, Urgency
from tests.matrix.framework import Entry, case_page, case_write, everyone

RECEIVERS = everyone(
    403,
    supervisor_of_program=200,
    supervisor_of_other_program=200,
    partner_of_receiving_agency=200,
    partner_of_other_agency=200,
)
RECEIVING_AGENCY_ONLY = everyone(404, partner_of_receiving_agency=200)
REPORT_READERS = everyone(
    403,
    administrator_on_team=200,
    administrator_off_team=200,
    supervisor_of_program=200,
    supervisor_of_other_program=200,
)


def _scenario(context):
    return context.extras["scenario"]


def _service(context):
    return _scenario(context).agency().services.get()


def _release(context):
    scenario = _scenario(context)
    return context.remember(
        "release",
        lambda: consent_services.release_grant(
            actor=scenario.lead,
            case=context.case,
            recipient=Recipient.organization(scenario.agency().pk),
            categories=[DataCategory.IDENTITY],
            purposes=[Purpose.REFERRAL],
            # Written: the scenario's program is governed by VAWA/FVPSA (the default), where a
            # verbal release permits nothing until confirmed.
            method=ConsentMethod.WRITTEN,
            signer=Signer.SURVIVOR,
        ),
    )


def _referral(context):
    def make():
        _release(context)
        return referral_services.referral_make(
            actor=_scenario(context).lead,
            case=context.case,
            service=_service(context),
            purpose=Purpose.REFERRAL,
            urgency=Urgency.ROUTINE,
            categories=[DataCategory.IDENTITY],
        )

    return context.remember("referral", make)


def _case(context) -> dict:
    return {"case_id": context.case.pk}


def _sender_kwargs(context) -> dict:
    return {"case_id": context.case.pk, "referral_id": _referral(context).pk}


def _receiver_kwargs(context) -> dict:
    return {"referral_id": _referral(context).pk}


def _send_data(context) -> dict:
    _release(context)
    return {
        "to": f"service:{_service(context).pk}",
        "purpose": Purpose.REFERRAL,
        "categories": [DataCategory.IDENTITY],
        "urgency": Urgency.ROUTINE,
    }


def _received_data(context) -> dict:
    return {"organization": _scenario(context).other_agency().pk, "received_on": "2026-01-05"}


def _step_data(to_status):
    def data(context) -> dict:
        return {"to_status": to_status, "version": _referral(context).version}

    return data


ENTRIES: dict[str, Entry] = {
    # The sender's pages: whoever sees the case reads its referrals; whoever writes on it sends.
    "referrals:case-referrals": Entry(case_page(200), kwargs=_case),
    "referrals:send": Entry(case_write(200), kwargs=_case),
    "referrals:send POST": Entry(case_write(302), method="post", kwargs=_case, data=_send_data),
    "referrals:received-new": Entry(case_write(200), kwargs=_case),
    "referrals:received-new POST": Entry(
        case_write(302), method="post", kwargs=_case, data=_received_data
    ),
    "referrals:sender-detail": Entry(case_page(200), kwargs=_sender_kwargs),
    "referrals:sender-step": Entry(
        case_write(302),
        method="post",
        kwargs=_sender_kwargs,
        data=_step_data(ReferralStatus.WITHDRAWN),
    ),
    # The portal: the receiving agency's users (and supervisors, for our programs) only.
    "referrals:queue": Entry(RECEIVERS),
    "referrals:packet": Entry(RECEIVING_AGENCY_ONLY, kwargs=_receiver_kwargs),
    "referrals:step": Entry(
        everyone(404, partner_of_receiving_agency=302),
        method="post",
        kwargs=_receiver_kwargs,
        data=_step_data(ReferralStatus.RECEIVED),
    ),
    # Counts per partner: administrators, and supervisors for their programs' cases.
    "referrals:deadlines": Entry(REPORT_READERS),
}
