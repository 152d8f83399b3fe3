"""The referral pages, by side: the sender's on a case (``sending``), the receiver's portal
(``portal``) and the missed-deadlines report (``deadlines``)."""

from referrals.views.deadlines import deadlines
from referrals.views.portal import packet, queue, step
from referrals.views.sending import (
    case_referrals,
    received_new,
    send,
    sender_detail,
    sender_step,
)

__all__ = [
    "case_referrals",
    "deadlines",
    "packet",
    "queue",
    "received_new",
    "send",
    "sender_detail",
    "sender_step",
    "step",
]
