"""Business-day arithmetic for referral deadlines: Monday to Friday, in the organization's time
zone (``settings.TIME_ZONE``), with no public holidays (none is configured anywhere yet).

A deadline keeps the time of day it was set at: sent on Friday at 16:00 with one business day
to acknowledge, a referral must be acknowledged by Monday at 16:00. Sent on a Saturday or a
Sunday, it counts from the start of Monday, so the partner always has whole business days.
"""

import datetime

from django.utils import timezone

SATURDAY = 5
# The terms of a referral to one of our own programs (a program has no terms of its own):
# the defaults of ``directory.Organization``.
INTERNAL_ACKNOWLEDGE_DAYS = 1
INTERNAL_ACT_DAYS = 5


def is_business_day(day: datetime.date) -> bool:
    return day.weekday() < SATURDAY


def business_days_after(start: datetime.datetime, days: int) -> datetime.datetime:
    """``days`` business days after ``start`` (an aware datetime), as an aware datetime."""
    if days < 0:
        raise ValueError("a deadline is never in the past")
    local = timezone.localtime(start)
    if not is_business_day(local.date()):
        day = local.date()
        while not is_business_day(day):
            day += datetime.timedelta(days=1)
        local = local.replace(
            year=day.year, month=day.month, day=day.day, hour=0, minute=0, second=0, microsecond=0
        )
    day = local.date()
    counted = 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_business_day(day):
            counted += 1
    naive = datetime.datetime.combine(day, local.time().replace(tzinfo=None))
    return timezone.make_aware(naive, timezone.get_current_timezone())


def deadlines_for(*, sent_at: datetime.datetime, organization=None) -> tuple:
    """``(acknowledge_by, act_by)`` for a referral sent at ``sent_at`` to ``organization``'s
    service (its terms), or to one of our programs (``organization`` None)."""
    if organization is None:
        acknowledge, act = INTERNAL_ACKNOWLEDGE_DAYS, INTERNAL_ACT_DAYS
    else:
        acknowledge = organization.acknowledge_within_days
        act = organization.act_within_days
    return business_days_after(sent_at, acknowledge), business_days_after(sent_at, act)
