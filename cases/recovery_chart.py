"""Recovery check-ins as small server-rendered line charts, one per domain, and as a table.

No JavaScript: the template draws each series as inline SVG from the coordinates computed here,
and the same numbers go into a table for screen readers and for people who prefer numbers.
"""

from dataclasses import dataclass

from cases.choices import RecoveryDomain
from cases.models import RecoveryCheckIn

WIDTH = 320
HEIGHT = 120
PAD_LEFT = 28
PAD_RIGHT = 12
PAD_Y = 12


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: int
    day: object


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
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def gridlines(self) -> list[tuple[int, float]]:
        return [(value, _y(value)) for value in range(1, 6)]

    @property
    def middle_x(self) -> float:
        return (PAD_LEFT + WIDTH - PAD_RIGHT) / 2

    @property
    def middle_y(self) -> float:
        return HEIGHT / 2

    @property
    def left(self) -> int:
        return PAD_LEFT

    @property
    def right(self) -> int:
        return WIDTH - PAD_RIGHT

    def __bool__(self) -> bool:
        return bool(self.rows)


def _y(value: int) -> float:
    usable = HEIGHT - 2 * PAD_Y
    return round(HEIGHT - PAD_Y - (value - 1) * usable / 4, 1)


def _x(index: int, count: int) -> float:
    usable = WIDTH - PAD_LEFT - PAD_RIGHT
    if count <= 1:
        return PAD_LEFT + usable / 2
    return round(PAD_LEFT + index * usable / (count - 1), 1)


def recovery_chart(check_ins: list[RecoveryCheckIn]) -> Chart:
    """One series per domain over the check-ins in date order (evenly spaced, oldest first)."""
    count = len(check_ins)
    domains = [(domain.value, str(domain.label)) for domain in RecoveryDomain]
    series = []
    for domain, label in domains:
        points: list[Point] = []
        segments: list[str] = []
        run: list[str] = []
        for index, check_in in enumerate(check_ins):
            value = (check_in.ratings or {}).get(domain)
            if value is None:
                if run:
                    segments.append(" ".join(run))
                run = []
                continue
            point = Point(_x(index, count), _y(value), value, check_in.checked_on)
            points.append(point)
            run.append(f"{point.x},{point.y}")
        if run:
            segments.append(" ".join(run))
        series.append(Series(domain, label, points, [s for s in segments if " " in s]))
    rows = [
        (check_in.checked_on, [(check_in.ratings or {}).get(domain) for domain, _ in domains])
        for check_in in check_ins
    ]
    return Chart(series=series, rows=rows, domains=domains)
