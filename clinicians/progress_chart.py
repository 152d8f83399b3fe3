"""A measure's totals over time as a server-drawn SVG chart, with the same numbers as a table.

Time runs left to right by date (gaps between points are gaps in time); the instrument's
severity bands are shaded behind the line; a clinically meaningful change from the total
before is marked on its point. The geometry is ``alongside.charts``, shared with the recovery
check-ins.
"""

from dataclasses import dataclass

from alongside.charts import Plot, Point, plotted
from clinicians.measures import Instrument
from clinicians.selectors import ProgressPoint

PLOT_WIDTH = 640
PLOT_HEIGHT = 280
# At most this many dates printed under the axis; the rest are in each point's title and in
# the table, so labels never overlap on a phone.
DATE_LABELS = 4


@dataclass(frozen=True)
class BandArea:
    code: str
    label: str
    low: int
    high: int
    y: float
    height: float
    label_y: float
    shade: int  # 0 (lightest) upwards, by severity


@dataclass(frozen=True)
class MarkedPoint:
    point: Point
    entry: ProgressPoint


@dataclass(frozen=True)
class ProgressChart:
    instrument: Instrument
    plot: Plot
    bands: list[BandArea]
    points: list[MarkedPoint]
    segments: list[str]
    ticks: list[tuple[int, float]]
    date_labels: list[tuple[float, object, str]]  # x, day, text-anchor
    rows: list[ProgressPoint]

    @property
    def band_width(self) -> int:
        return self.plot.right - self.plot.left

    @property
    def without_total(self) -> int:
        return sum(1 for row in self.rows if row.total is None)

    def __bool__(self) -> bool:
        return bool(self.rows)


def progress_chart(instrument: Instrument, series: list[ProgressPoint]) -> ProgressChart:
    plot = Plot(
        width=PLOT_WIDTH,
        height=PLOT_HEIGHT,
        low=0,
        high=instrument.total_max,
        pad_left=44,
        pad_right=16,
        pad_top=14,
        pad_bottom=40,
    )
    bands = []
    for shade, band in enumerate(instrument.bands):
        top = plot.y(band.high + (1 if band is not instrument.bands[-1] else 0))
        bottom = plot.y(band.low)
        bands.append(
            BandArea(
                code=band.code,
                label=str(band.label),
                low=band.low,
                high=band.high,
                y=top,
                height=round(bottom - top, 1),
                label_y=round(top + 16, 1),
                shade=shade,
            )
        )
    dated = [(entry.administered_on, entry.total) for entry in series]
    points, segments = plotted(plot, dated, by_day=True)
    with_total = [entry for entry in series if entry.total is not None]
    marked = [MarkedPoint(point, entry) for point, entry in zip(points, with_total, strict=True)]
    step = max(1, -(-len(points) // DATE_LABELS))
    labels = [(p.x, p.day) for p in points[::step]]
    if points and labels[-1][1] != points[-1].day:
        # The newest date is always shown, in place of the label nearest it.
        labels[-1] = (points[-1].x, points[-1].day)
    labels = [(x, day, _anchor(plot, x)) for x, day in labels]
    ticks = sorted({band.low for band in instrument.bands} | {instrument.total_max})
    return ProgressChart(
        instrument=instrument,
        plot=plot,
        bands=bands,
        points=marked,
        segments=segments,
        ticks=[(value, plot.y(value)) for value in ticks],
        date_labels=labels,
        rows=series,
    )


def _anchor(plot: Plot, x: float) -> str:
    """Labels at either end of the axis lean inwards, so none is cut off at the edge."""
    if x - plot.left < 50:
        return "start"
    if plot.right - x < 50:
        return "end"
    return "middle"
