"""Periods and the statistics over them that every report shares."""

import datetime
import statistics

from django.db import connection
from django.db.models import Aggregate, FloatField, Func
from django.utils import timezone
from django.utils.formats import date_format


def period_bounds(start: datetime.date, end: datetime.date):
    """The period as [from, until) aware datetimes in the organization's time zone, so the
    range conditions use the indexes on the timestamps."""
    zone = timezone.get_current_timezone()
    since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min), zone)
    until = timezone.make_aware(
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min), zone
    )
    return since, until


def months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first day of every month the period touches."""
    first = start.replace(day=1)
    found = []
    while first <= end:
        found.append(first)
        first = (first + datetime.timedelta(days=32)).replace(day=1)
    return found


def month_code(day: datetime.date) -> str:
    return day.strftime("%Y-%m")


def month_label(day: datetime.date) -> str:
    return date_format(day, "F Y")


class Percentile(Aggregate):
    """PostgreSQL's ``percentile_cont``: the statistic is computed where the rows are."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


class DaysBetween(Func):
    """Days (with fractions) from one timestamp to another, in the database."""

    output_field = FloatField()

    def __init__(self, later, earlier):
        super().__init__(later, earlier)

    def as_postgresql(self, compiler, conn, **extra):
        return self.as_sql(
            compiler,
            conn,
            template="EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0",
            arg_joiner=" - ",
            **extra,
        )

    def as_sqlite(self, compiler, conn, **extra):
        return self.as_sql(
            compiler,
            conn,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra,
        )


def percentiles_supported() -> bool:
    return connection.vendor == "postgresql"


def percentile(ordered: list[float], fraction: float) -> float | None:
    """``percentile_cont`` for the portable path: linear interpolation between the two
    nearest ranks, as PostgreSQL does."""
    if not ordered:
        return None
    if len(ordered) == 1:
        return float(ordered[0])
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (position - low))


def median(ordered: list[float]) -> float | None:
    return float(statistics.median(ordered)) if ordered else None
