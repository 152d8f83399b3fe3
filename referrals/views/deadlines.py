"""The missed-deadlines report: per partner organization, how many referrals went past their
acknowledge and act deadlines in a period. Administrators see every referral; supervisors
those of their programs' cases (``referrals.access`` decides, the selector scopes). Counts only:
no survivor appears."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from referrals import access, selectors
from referrals.forms import DeadlinesForm

DEFAULT_PERIOD = datetime.timedelta(days=90)
ONE_DAY = datetime.timedelta(days=1)


def _start_of(day: datetime.date) -> datetime.datetime:
    """The first moment of ``day`` where the organization is: the period's days are whole."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@login_required
@require_GET
def deadlines(request):
    if not access.may_see_deadline_report(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    form = DeadlinesForm(
        request.GET or {"since": today - DEFAULT_PERIOD, "until": today},
    )
    rows = None
    if form.is_valid():
        rows = selectors.deadlines_missed(
            actor=request.user,
            since=_start_of(form.cleaned_data["since"]),
            until=_start_of(form.cleaned_data["until"] + ONE_DAY),
        )
    return render(
        request,
        "referrals/deadlines.html",
        {"form": form, "rows": rows},
        status=200 if form.is_valid() else 400,
    )
