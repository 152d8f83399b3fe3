"""The geometry of small line charts drawn on the server as inline SVG.

A page computes coordinates here and its template draws them, with no script: the recovery
check-ins (``cases.recovery_chart``) and the clinicians' progress charts
(``clinicians.progress_chart``) share the plot area, the scales and how a series is broken
where a value is missing. Each chart also shows its numbers as a table beside the drawing.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: int
    day: object


@dataclass(frozen=True)
class Plot:
    """A plot area of ``width`` × ``height`` (SVG units) with room around it for the axes;
    values run from ``low`` (bottom) to ``high`` (top)."""

    width: int
    height: int
    low: int
    high: int
    pad_left: int = 28
    pad_right: int = 12
    pad_top: int = 12
    pad_bottom: int = 12

    @property
    def left(self) -> int:
        return self.pad_left

    @property
    def right(self) -> int:
        return self.width - self.pad_right

    @property
    def top(self) -> int:
        return self.pad_top

    @property
    def bottom(self) -> int:
        return self.height - self.pad_bottom

    @property
    def middle_x(self) -> float:
        return (self.left + self.right) / 2

    @property
    def middle_y(self) -> float:
        return self.height / 2

    def y(self, value: float) -> float:
        usable = self.bottom - self.top
        return round(self.bottom - (value - self.low) * usable / (self.high - self.low), 1)

    def x_at_index(self, index: int, count: int) -> float:
        """Evenly spaced, oldest on the left; a single point sits in the middle."""
        usable = self.right - self.left
        if count <= 1:
            return self.left + usable / 2
        return round(self.left + index * usable / (count - 1), 1)

    def x_at_day(self, day: datetime.date, first: datetime.date, last: datetime.date) -> float:
        """Placed by date, so the gaps between points are the gaps in time."""
        span = (last - first).days
        if span <= 0:
            return self.left + (self.right - self.left) / 2
        return round(self.left + (day - first).days * (self.right - self.left) / span, 1)


def plotted(
    plot: Plot, values: Sequence[tuple[object, int | None]], *, by_day: bool = False
) -> tuple[list[Point], list[str]]:
    """The points of a series of (day, value) in order, and the polyline runs joining them,
    broken wherever a value is missing (a lone point is drawn without a line)."""
    count = len(values)
    days = [day for day, _value in values]
    points: list[Point] = []
    segments: list[str] = []
    run: list[str] = []
    for index, (day, value) in enumerate(values):
        if value is None:
            if run:
                segments.append(" ".join(run))
            run = []
            continue
        x = plot.x_at_day(day, days[0], days[-1]) if by_day else plot.x_at_index(index, count)
        point = Point(x, plot.y(value), value, day)
        points.append(point)
        run.append(f"{point.x},{point.y}")
    if run:
        segments.append(" ".join(run))
    return points, [segment for segment in segments if " " in segment]
