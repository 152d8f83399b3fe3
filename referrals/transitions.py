"""Which side may move a referral from which state to which: the one table, enforced by
``referrals.services.referral_step`` on the server for pages and API alike.

The sender (the case's team) drafts, sends and may withdraw until the receiver accepts; the
receiver (the partner agency's users, or the supervisors of one of our own programs)
acknowledges, accepts or declines with a coded reason, starts the service and records how it
ended with a coded outcome. Alongside itself stops a referral when the survivor revokes the
release it was sent under. Every other move is refused.
"""

from referrals.choices import ReferralStatus as S
from referrals.choices import Side

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.DRAFT, S.SENT): frozenset({Side.SENDER}),
    (S.DRAFT, S.WITHDRAWN): frozenset({Side.SENDER}),
    (S.SENT, S.RECEIVED): frozenset({Side.RECEIVER}),
    (S.SENT, S.ACCEPTED): frozenset({Side.RECEIVER}),
    (S.SENT, S.DECLINED): frozenset({Side.RECEIVER}),
    (S.SENT, S.WITHDRAWN): frozenset({Side.SENDER}),
    (S.SENT, S.STOPPED): frozenset({Side.SYSTEM}),
    (S.RECEIVED, S.ACCEPTED): frozenset({Side.RECEIVER}),
    (S.RECEIVED, S.DECLINED): frozenset({Side.RECEIVER}),
    (S.RECEIVED, S.WITHDRAWN): frozenset({Side.SENDER}),
    (S.RECEIVED, S.STOPPED): frozenset({Side.SYSTEM}),
    (S.ACCEPTED, S.IN_SERVICE): frozenset({Side.RECEIVER}),
    (S.ACCEPTED, S.COMPLETED): frozenset({Side.RECEIVER}),
    (S.ACCEPTED, S.CLOSED): frozenset({Side.RECEIVER}),
    (S.ACCEPTED, S.STOPPED): frozenset({Side.SYSTEM}),
    (S.IN_SERVICE, S.COMPLETED): frozenset({Side.RECEIVER}),
    (S.IN_SERVICE, S.CLOSED): frozenset({Side.RECEIVER}),
    (S.IN_SERVICE, S.STOPPED): frozenset({Side.SYSTEM}),
}

# Steps that need a coded reason (declined) or a coded outcome (completed, closed).
NEEDS_DECLINE_REASON = frozenset({S.DECLINED})
NEEDS_OUTCOME = frozenset({S.COMPLETED, S.CLOSED})


def allowed_steps(status: str, side: str) -> list[str]:
    """The states ``side`` may move a referral in ``status`` to, in the order of the states."""
    return [target for target in S.values if side in TRANSITIONS.get((status, target), frozenset())]


def may_step(status: str, target: str, side: str) -> bool:
    return side in TRANSITIONS.get((status, target), frozenset())
