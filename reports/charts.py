"""A report table as a chart drawn on the server (inline SVG, no script), from the same
``Table`` the page shows as numbers.

A hidden cell is drawn as hidden — a hatched marker and the words "fewer than N", never a bar
or a point of any length — because the report holds no count for it. Bars run across the page
(labels above them), so a phone can read them; line charts run along months. The geometry of
the line chart is ``alongside.charts``, shared with the clinicians' and recovery charts.
"""

from dataclasses import dataclass, field

from alongside.charts import Plot, plotted
from reports.results import HIDDEN, Table
from reports.serialize import hidden_words

# Narrow, so that on a phone the drawing is scaled down little and its words stay readable.
WIDTH = 440
BAR_LEFT = 8
BAR_RIGHT_ROOM = 150  # for the value written after the longest bar ("12 + fewer than 5")
ROW_HEIGHT = 46
BAR_HEIGHT = 18
HIDDEN_MARK_WIDTH = 26
SERIES_CLASSES = 9
MAX_LINES = 5


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    series: int
    label: str
    value: object


@dataclass(frozen=True)
class Bar:
    label: str
    label_y: float
    bar_y: float
    segments: list[Segment]
    hidden_x: float | None  # where the hatched marker goes, if any part is hidden
    value_x: float
    value_text: str


@dataclass(frozen=True)
class Line:
    label: str
    series: int
    segments: list[str]
    points: list
    hidden_xs: list[float]


@dataclass(frozen=True)
class Chart:
    key: str
    kind: str  # "bars" or "lines"
    title: str
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    legend: list[tuple[int, str]] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    plot: Plot | None = None
    ticks: list[tuple[int, float]] = field(default_factory=list)
    x_labels: list[tuple[float, str, str]] = field(default_factory=list)
    hidden_words: str = ""
    any_hidden: bool = False
    bar_height: int = BAR_HEIGHT


def _number(value) -> str:
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _body(table: Table):
    rows = list(table.rows[:-1] if table.has_totals and len(table.rows) > 1 else table.rows)
    columns = list(table.columns)
    if table.has_totals and len(columns) > 1:
        columns = columns[:-1]
    return rows, columns


def table_chart(table: Table, threshold: int) -> Chart | None:
    if table.chart in ("bar", "stacked"):
        return _bars(table, threshold)
    if table.chart == "line":
        return _lines(table, threshold)
    return None


def _bars(table: Table, threshold: int) -> Chart | None:
    rows, columns = _body(table)
    if not rows or not columns:
        return None
    stacked = table.chart == "stacked"
    used = range(len(columns)) if stacked else range(1)
    words = hidden_words(threshold)

    def known(row, index):
        cell = row.cells[index]
        return cell if isinstance(cell, int | float) and cell is not HIDDEN else 0

    totals = [sum(known(row, index) for index in used) for row in rows]
    largest = max(totals) or 1
    usable = WIDTH - BAR_LEFT - BAR_RIGHT_ROOM
    bars = []
    any_hidden = False
    for position, row in enumerate(rows):
        top = position * ROW_HEIGHT
        x = BAR_LEFT
        segments = []
        hidden = False
        for index in used:
            cell = row.cells[index]
            if cell is HIDDEN:
                hidden = True
                continue
            if not isinstance(cell, int | float) or cell <= 0:
                continue
            width = round(cell * usable / largest, 1)
            segments.append(
                Segment(x, width, index % SERIES_CLASSES, str(columns[index].label), cell)
            )
            x += width
        any_hidden = any_hidden or hidden
        if stacked:
            text = _number(totals[position]) if segments or not hidden else ""
            if hidden:
                text = (text + " + " if text else "") + words
        elif hidden:
            text = words
        else:
            cell = row.cells[0]
            text = "—" if cell is None else _number(cell)
        hidden_x = x + 2 if hidden else None
        value_x = x + (HIDDEN_MARK_WIDTH + 6 if hidden else 6)
        bars.append(
            Bar(
                label=str(row.label),
                label_y=top + 15,
                bar_y=top + 21,
                segments=segments,
                hidden_x=hidden_x,
                value_x=value_x,
                value_text=text,
            )
        )
    drawn = {segment.series for bar in bars for segment in bar.segments}
    legend = (
        [
            (index % SERIES_CLASSES, str(columns[index].label))
            for index in used
            if index % SERIES_CLASSES in drawn
        ]
        if stacked
        else []
    )
    return Chart(
        key=table.key,
        kind="bars",
        title=str(table.title),
        width=WIDTH,
        height=len(rows) * ROW_HEIGHT + 4,
        bars=bars,
        legend=legend,
        hidden_words=words,
        any_hidden=any_hidden,
    )


def _nice_top(value: float) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 4:
            return step * 4
    return int(value) + 1


def _lines(table: Table, threshold: int) -> Chart | None:
    rows, columns = _body(table)
    if not columns or not rows:
        return None
    if table.has_totals:
        rows = [table.rows[-1]]
    rows = rows[:MAX_LINES]
    values = [
        cell
        for row in rows
        for cell in row.cells[: len(columns)]
        if isinstance(cell, int | float) and cell is not HIDDEN
    ]
    high = _nice_top(max(values, default=0) or 1)
    plot = Plot(width=WIDTH, height=260, low=0, high=high, pad_left=44, pad_right=16, pad_bottom=40)
    lines = []
    any_hidden = False
    for number, row in enumerate(rows):
        series = [
            (column.code, cell if isinstance(cell, int | float) and cell is not HIDDEN else None)
            for column, cell in zip(columns, row.cells, strict=False)
        ]
        points, segments = plotted(plot, series)
        hidden_xs = [
            plot.x_at_index(index, len(columns))
            for index, cell in enumerate(row.cells[: len(columns)])
            if cell is HIDDEN
        ]
        any_hidden = any_hidden or bool(hidden_xs)
        lines.append(Line(str(row.label), number % SERIES_CLASSES, segments, points, hidden_xs))
    step = high // 4
    ticks = [(value, plot.y(value)) for value in range(0, high + 1, step)]
    # At most six month labels under the axis, so they never overlap on a phone.
    every = max(1, -(-len(columns) // 6))
    x_labels = []
    for index, column in enumerate(columns):
        if index % every == 0 or index == len(columns) - 1:
            anchor = "start" if index == 0 else "end" if index == len(columns) - 1 else "middle"
            x_labels.append((plot.x_at_index(index, len(columns)), str(column.label), anchor))
    if len(x_labels) > 1 and x_labels[-1][0] - x_labels[-2][0] < 60:
        del x_labels[-2]
    return Chart(
        key=table.key,
        kind="lines",
        title=str(table.title),
        width=WIDTH,
        height=plot.height,
        lines=lines,
        legend=[(line.series, line.label) for line in lines] if len(lines) > 1 else [],
        plot=plot,
        ticks=ticks,
        x_labels=x_labels,
        hidden_words=hidden_words(threshold),
        any_hidden=any_hidden,
    )
