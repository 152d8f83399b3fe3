"""The vocabularies of referrals: states, who moves them, coded reasons and outcomes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IN_SERVICE = "in_service", _("In service")
    COMPLETED = "completed", _("Completed")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn by the sender")
    STOPPED = "stopped", _("Stopped: consent revoked")


# States that end a referral: nothing moves it again.
FINAL = frozenset(
    {
        ReferralStatus.DECLINED,
        ReferralStatus.COMPLETED,
        ReferralStatus.CLOSED,
        ReferralStatus.WITHDRAWN,
        ReferralStatus.STOPPED,
    }
)
# States in which the receiver holds the packet and still owes an answer or an outcome.
OPEN = frozenset(
    {
        ReferralStatus.SENT,
        ReferralStatus.RECEIVED,
        ReferralStatus.ACCEPTED,
        ReferralStatus.IN_SERVICE,
    }
)


class Side(models.TextChoices):
    SENDER = "sender", _("Sender")
    RECEIVER = "receiver", _("Receiver")
    # Alongside itself: a revocation stops a referral.
    SYSTEM = "system", _("Alongside")


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    SOON = "soon", _("Soon (within a week)")
    URGENT = "urgent", _("Urgent (today)")


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("No capacity")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    COULD_NOT_REACH = "could_not_reach", _("Could not reach the survivor")
    SURVIVOR_DECLINED = "survivor_declined", _("The survivor declined")
    OTHER = "other", _("Other (described)")


class Outcome(models.TextChoices):
    SERVICE_PROVIDED = "service_provided", _("Service provided")
    PARTIALLY_PROVIDED = "partially_provided", _("Service partly provided")
    SURVIVOR_STOPPED = "survivor_stopped", _("The survivor stopped the service")
    COULD_NOT_REACH = "could_not_reach", _("Could not reach the survivor")
    DID_NOT_ATTEND = "did_not_attend", _("The survivor did not attend")
    SURVIVOR_MOVED = "survivor_moved", _("The survivor moved away")
    OTHER = "other", _("Other (described)")


class ReferralReminderKind(models.TextChoices):
    UNANSWERED = "referral_unanswered", _("A referral has not been acknowledged")
    NOT_ACTED_ON = "referral_not_acted_on", _("A referral has not been accepted or declined")
    STOPPED = "referral_stopped", _("A referral stopped: consent was revoked")
