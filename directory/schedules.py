"""A schedule in words, for the people who pick a service or are referred to: "Monday to
Friday, 09:00–17:30", "First Saturday of the month, 10:00–14:00 UTC", "From 1 Jan 2026".

HSDS states a schedule as RFC 5545 rules (``freq``, ``interval``, ``byday``...) plus free text;
what the rules say is put in words here, and the free text is shown beside it as given.
"""

import re
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from directory.models import BYDAY, Frequency, Schedule, Weekday

ORDER = list(Weekday.values)


def _ordinal(number: int) -> str:
    return {
        1: _("first"),
        2: _("second"),
        3: _("third"),
        4: _("fourth"),
        5: _("fifth"),
        -1: _("last"),
        -2: _("second to last"),
    }.get(number, str(number))


def _day_name(code: str) -> str:
    return str(Weekday(code).label)


def _days(schedule: Schedule) -> str:
    parts = [BYDAY.fullmatch(part) for part in schedule.byday.split(",") if part.strip()]
    parts = [part for part in parts if part]
    if not parts:
        return ""
    if any(part.group(1) for part in parts):
        # Which of the month: "First Monday, last Friday of the month".
        days = [
            f"{_ordinal(int(part.group(1)))} {_day_name(part.group(2).upper())}"
            if part.group(1)
            else _day_name(part.group(2).upper())
            for part in parts
        ]
        return _("%(days)s of the month") % {"days": ", ".join(days)}
    codes = sorted({part.group(2).upper() for part in parts}, key=ORDER.index)
    positions = [ORDER.index(code) for code in codes]
    if len(codes) > 2 and positions == list(range(positions[0], positions[-1] + 1)):
        return _("%(first)s to %(last)s") % {
            "first": _day_name(codes[0]),
            "last": _day_name(codes[-1]),
        }
    return ", ".join(_day_name(code) for code in codes)


CLOCK = re.compile(r"([0-9]{2}:[0-9]{2})(:[0-9]{2})?(.*)")


def _clock(value: str) -> tuple[str, str]:
    """``09:00:00+01:00`` as ``("09:00", "UTC+01:00")`` (seconds shown only when not zero)."""
    match = CLOCK.fullmatch(value)
    if match is None:
        return value, ""
    time, seconds, zone = match.groups()
    if seconds and seconds != ":00":
        time += seconds
    if zone == "Z":
        zone = "UTC"
    elif zone:
        zone = f"UTC{zone}"
    return time, zone


def _hours(schedule: Schedule) -> str:
    if not (schedule.opens_at or schedule.closes_at):
        return ""
    opens, opens_zone = _clock(schedule.opens_at) if schedule.opens_at else ("", "")
    closes, closes_zone = _clock(schedule.closes_at) if schedule.closes_at else ("", "")
    zone = opens_zone or closes_zone
    if opens and closes:
        hours = f"{opens}–{closes}"
    elif opens:
        hours = _("from %(time)s") % {"time": opens}
    else:
        hours = _("until %(time)s") % {"time": closes}
    return f"{hours} {zone}" if zone else hours


def _every(schedule: Schedule) -> str:
    if not schedule.interval or schedule.interval == 1:
        return ""
    if schedule.freq == Frequency.MONTHLY:
        return _("every %(number)d months") % {"number": schedule.interval}
    return _("every %(number)d weeks") % {"number": schedule.interval}


def _valid(schedule: Schedule) -> str:
    start, end = schedule.valid_from, schedule.valid_to
    if start and end:
        return _("%(start)s to %(end)s") % {
            "start": date_format(start, "j M Y"),
            "end": date_format(end, "j M Y"),
        }
    if start:
        return _("From %(date)s") % {"date": date_format(start, "j M Y")}
    if end:
        return _("Until %(date)s") % {"date": date_format(end, "j M Y")}
    return ""


@dataclass(frozen=True)
class ScheduleText:
    when: str  # the days and hours the rules give ("Monday to Friday, 09:00–17:30")
    valid: str  # the dates it holds between
    description: str
    notes: str
    attending: str

    def __str__(self) -> str:
        return " · ".join(part for part in (self.when, self.valid) if part) or self.description


def describe(schedule: Schedule) -> ScheduleText:
    days = _days(schedule)
    when = ", ".join(part for part in (days, _every(schedule), _hours(schedule)) if part)
    return ScheduleText(
        when=when[:1].upper() + when[1:],
        valid=_valid(schedule),
        description=schedule.description,
        notes=schedule.notes,
        attending=schedule.attending_type,
    )
