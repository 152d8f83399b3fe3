"""The referrals' ways out, in the consent registry (``consent.egress``).

The packet leaves through the receiver's packet page and endpoint, after the policy decided
at sending (``referrals:send``, where the decision is asked and audited). Everything else a
partner reaches — the queue, the steps, the notifications — carries no survivor data: a queue
row is the target, urgency, state and dates; a step is a coded move; an email says only that
something is waiting.
"""

from consent.egress import EgressRoute, egress_exempt, egress_register

_QUEUE = (
    "the receiving side's own referrals: service, urgency, state and dates, never a name, "
    "the case or the note"
)
_STEP = (
    "the coded moves of a referral the receiver holds (and making one): states, codes, dates and "
    "who moved it, never survivor data"
)

ROUTES = [
    EgressRoute(
        "referrals:send",
        "page",
        "the categories of the case the survivor released to the service's organization for "
        "the referral's purpose, now (none needed for our own programs)",
    ),
    EgressRoute(
        "referrals-api:referral-list",
        "endpoint",
        "as referrals:send: the categories released to the organization for the purpose, now",
    ),
    EgressRoute(
        "referrals:packet",
        "page",
        "the packet frozen at sending, under the decision taken then; hidden once the release "
        "is revoked or the referral withdrawn (only the stop notice is shown)",
    ),
    EgressRoute(
        "referrals-api:received-packet",
        "endpoint",
        "the packet frozen at sending, under the decision taken then; hidden once the release "
        "is revoked or the referral withdrawn",
    ),
]

EXEMPT = {
    "referrals:queue": _QUEUE,
    "referrals:step": _STEP + " (redirects back to the packet page)",
    "referrals-api:received-list": _QUEUE,
    "referrals-api:received-steps": _STEP,
    "referrals.deadlines_check": (
        "reminds the sender and tells supervisors inside the organization; the partner is never "
        "contacted, and no email carries survivor data"
    ),
}


def register_referral_egress() -> None:
    for route in ROUTES:
        egress_register(route)
    for name, reason in EXEMPT.items():
        egress_exempt(name, reason)
