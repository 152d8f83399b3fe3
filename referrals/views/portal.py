"""The receiver's pages: the queue of referrals to their agency (or, for a supervisor, to their
programs), one referral's packet with the steps they may take, and taking one.

A receiver never reaches the case: the queue shows the referral's own facts (service, dates,
state, urgency), never the survivor; the survivor appears only in the packet, which
``referrals.selectors.receiver_packet`` decrypts and audits, and which is gone once the release
it went under is revoked (the page then says only that the referral stopped, and why).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from alongside.concurrency import EditConflict
from alongside.service_errors import form_add_service_errors
from referrals import access, selectors, services
from referrals.choices import FINAL, DeclineReason, Outcome, ReferralStatus, Side
from referrals.forms import STEP_LABELS, StepForm
from referrals.transitions import NEEDS_DECLINE_REASON, NEEDS_OUTCOME, allowed_steps
from referrals.views.sending import STALE

# The queue's tabs: everything, or one state a receiver works through.
QUEUE_FILTERS = {
    "all": (gettext_lazy("All"), None),
    ReferralStatus.SENT.value: (gettext_lazy("New"), ReferralStatus.SENT),
    ReferralStatus.RECEIVED.value: (gettext_lazy("Acknowledged"), ReferralStatus.RECEIVED),
    ReferralStatus.ACCEPTED.value: (gettext_lazy("Accepted"), ReferralStatus.ACCEPTED),
    ReferralStatus.IN_SERVICE.value: (gettext_lazy("In service"), ReferralStatus.IN_SERVICE),
}
DEFAULT_FILTER = "all"

SUCCESS = {
    ReferralStatus.RECEIVED: gettext_lazy("Acknowledged. The sender sees that you have it."),
    ReferralStatus.ACCEPTED: gettext_lazy("Accepted. The sender is told."),
    ReferralStatus.DECLINED: gettext_lazy("Declined, with your reason. The sender is told."),
    ReferralStatus.IN_SERVICE: gettext_lazy("Recorded: the service has started."),
    ReferralStatus.COMPLETED: gettext_lazy("Recorded as completed, with the outcome."),
    ReferralStatus.CLOSED: gettext_lazy("Closed, with the outcome."),
}


def _receiver(request) -> None:
    if not access.receives_referrals(request.user):
        raise PermissionDenied


@login_required
@require_GET
def queue(request):
    """The receiver's queue, one tab at a time, newest first, in a constant number of queries."""
    _receiver(request)
    shown = request.GET.get("show", DEFAULT_FILTER)
    if shown not in QUEUE_FILTERS:
        shown = DEFAULT_FILTER
    page = selectors.receiver_queue(
        request.user, status=QUEUE_FILTERS[shown][1], page=request.GET.get("page") or 1
    )
    return render(
        request,
        "referrals/queue.html",
        {
            "page": page,
            "referrals": list(page),
            "shown": shown,
            "now": timezone.now(),
            "filters": [(key, label) for key, (label, _states) in QUEUE_FILTERS.items()],
        },
    )


def _step_forms(referral) -> list[dict]:
    """The steps this side may take from here, each with what it needs asked."""
    forms = []
    for target in allowed_steps(referral.status, Side.RECEIVER):
        forms.append(
            {
                "to_status": target,
                "label": STEP_LABELS[target],
                "needs_reason": target in NEEDS_DECLINE_REASON,
                "needs_outcome": target in NEEDS_OUTCOME,
            }
        )
    return forms


def _packet_page(request, referral, *, form=None, failed_step="", status=200):
    packet = selectors.receiver_packet(request.user, referral)
    context = {
        "referral": referral,
        "packet": packet,
        "stop_notice": selectors.stop_notice(referral) if packet is None else "",
        "now": timezone.now(),
        "steps": [] if referral.status in FINAL else _step_forms(referral),
        "form": form,
        "failed_step": failed_step,
        "reasons": DeclineReason.choices,
        "outcomes": Outcome.choices,
    }
    return render(request, "referrals/packet.html", context, status=status)


@login_required
@require_GET
def packet(request, referral_id):
    """One referral: its facts and deadlines, the packet (or, once consent is revoked, only that
    it stopped and the "stop using" notice), and the steps the receiver may take."""
    referral = access.referral_for_receiver(request.user, referral_id)
    return _packet_page(request, referral)


@login_required
@require_POST
def step(request, referral_id):
    """Take one step (acknowledge, accept, decline with a reason, start, complete or close with
    an outcome). Refused steps come back on the packet page with the service's own message."""
    referral = access.referral_for_receiver(request.user, referral_id)
    form = StepForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_step(
                actor=request.user,
                referral=referral,
                to_status=data["to_status"],
                version=data["version"],
                reason=data["reason"],
                outcome=data["outcome"],
                text=data["text"],
            )
        except EditConflict as conflict:
            form.add_error(None, STALE)
            return _packet_page(request, conflict.current, form=form, status=409)
        except PermissionDenied as refusal:
            # The other side's step (or Alongside's): said on the page, nothing written.
            form.add_error(None, str(refusal) or _("This step is not yours to take."))
            return _packet_page(request, referral, form=form, status=403)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, SUCCESS.get(data["to_status"], _("Saved.")))
            return redirect("referrals:packet", referral_id=referral.pk)
    return _packet_page(
        request,
        referral,
        form=form,
        failed_step=request.POST.get("to_status", ""),
        status=400,
    )
