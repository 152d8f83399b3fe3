"""Field checks every case service shares: text length, dates not in the future, ages."""

import datetime

from django.utils import timezone

from alongside.limits import MAX_TEXT, not_in_future, text_checked  # noqa: F401  (re-exported)
from cases.choices import (
    AgeBand,
    ReminderKind,
)
from cases.models import Case
from reminders.models import Reminder


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_band_for(age: int) -> str:
    bands = [
        (12, AgeBand.UNDER_12),
        (18, AgeBand.AGE_12_17),
        (25, AgeBand.AGE_18_24),
        (35, AgeBand.AGE_25_34),
        (45, AgeBand.AGE_35_44),
        (60, AgeBand.AGE_45_59),
    ]
    return next((band for limit, band in bands if age < limit), AgeBand.AGE_60_PLUS)


def contact_touch(case: Case, at: datetime.datetime) -> None:
    Case.objects.filter(pk=case.pk).filter(last_contact_at__isnull=True).update(last_contact_at=at)
    Case.objects.filter(pk=case.pk, last_contact_at__lt=at).update(last_contact_at=at)
    # Contact answers a quiet-case reminder.
    Reminder.objects.filter(case=case, kind=ReminderKind.QUIET_CASE, done_at__isnull=True).update(
        done_at=timezone.now()
    )
