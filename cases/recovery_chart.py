"""Recovery check-ins as small server-rendered line charts, one per domain, and as a table.

No JavaScript: the template draws each series as inline SVG from the coordinates computed here,
and the same numbers go into a table for screen readers and for people who prefer numbers.
"""

from dataclasses import dataclass

from alongside.charts import Plot, Point, plotted
from cases.choices import RecoveryDomain
from cases.models import RecoveryCheckIn

PLOT = Plot(width=320, height=120, low=1, high=5)


@dataclass(frozen=True)
class Series:
    domain: str
    label: str
    points: list[Point]
    segments: list[str]  # polyline "x,y x,y" runs, broken where a check-in skipped the domain

    @property
    def latest(self) -> int | None:
        return self.points[-1].value if self.points else None


@dataclass(frozen=True)
class Chart:
    series: list[Series]
    rows: list[tuple[object, list[int | None]]]  # (date, a rating or None per domain)
    domains: list[tuple[str, str]]
    width: int = PLOT.width
    height: int = PLOT.height

    @property
    def gridlines(self) -> list[tuple[int, float]]:
        return [(value, PLOT.y(value)) for value in range(PLOT.low, PLOT.high + 1)]

    @property
    def middle_x(self) -> float:
        return PLOT.middle_x

    @property
    def middle_y(self) -> float:
        return PLOT.middle_y

    @property
    def left(self) -> int:
        return PLOT.left

    @property
    def right(self) -> int:
        return PLOT.right

    def __bool__(self) -> bool:
        return bool(self.rows)


def recovery_chart(check_ins: list[RecoveryCheckIn]) -> Chart:
    """One series per domain over the check-ins in date order (evenly spaced, oldest first)."""
    domains = [(domain.value, str(domain.label)) for domain in RecoveryDomain]
    series = []
    for domain, label in domains:
        points, segments = plotted(
            PLOT,
            [(check_in.checked_on, (check_in.ratings or {}).get(domain)) for check_in in check_ins],
        )
        series.append(Series(domain, label, points, segments))
    rows = [
        (check_in.checked_on, [(check_in.ratings or {}).get(domain) for domain, _ in domains])
        for check_in in check_ins
    ]
    return Chart(series=series, rows=rows, domains=domains)
