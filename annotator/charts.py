"""Small server-rendered charts (SVG coordinates), pure Python: no Django, no script in
the page (the CSP allows none inline), readable without JavaScript.

`done_over_time` turns (day, done that day) into the points of a cumulative line: how
many assignments were done by the end of each day, against how many there are."""

import datetime as dt
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 200
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 44, 30, 12, 28


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    points: str  # the polyline's "x,y x,y ..."
    area: str  # the same line closed along the bottom, for a filled area
    target_y: float  # where the total lies (a dashed line)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    summary: str = ""  # the chart in words, for screen readers and the <title>

    @property
    def target_x1(self) -> int:
        return PAD_LEFT

    @property
    def target_x2(self) -> int:
        return self.width - PAD_RIGHT

    @property
    def empty(self) -> bool:
        return not self.points


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def done_over_time(days: list[tuple[dt.date, int]], *, total: int, today: dt.date) -> LineChart:
    """Cumulative done per day from the first day anything was done until `today`."""
    if not days or total <= 0:
        return LineChart(WIDTH, HEIGHT, "", "", 0.0, summary="Nothing done yet.")
    per_day = dict(days)
    span = _days(min(per_day), max(max(per_day), today))
    running, series = 0, []
    for day in span:
        running += per_day.get(day, 0)
        series.append((day, running))
    top = max(total, running)
    inner_w = WIDTH - PAD_LEFT - PAD_RIGHT
    inner_h = HEIGHT - PAD_TOP - PAD_BOTTOM

    def x(index: int) -> float:
        return round(PAD_LEFT + (inner_w * index / (len(series) - 1) if len(series) > 1 else inner_w / 2), 1)

    def y(value: int) -> float:
        return round(PAD_TOP + inner_h * (1 - value / top), 1)

    points = " ".join(f"{x(i)},{y(v)}" for i, (_, v) in enumerate(series))
    bottom = y(0)
    area = f"{x(0)},{bottom} {points} {x(len(series) - 1)},{bottom}"
    step = max(1, (len(series) - 1) // 5 or 1)
    shown = sorted({*range(0, len(series), step), len(series) - 1})
    x_ticks = [Tick(x(i), HEIGHT - 8, series[i][0].strftime("%d %b")) for i in shown]
    y_ticks = [Tick(PAD_LEFT - 6, y(v), str(v)) for v in sorted({0, round(top / 2), top})]
    summary = (
        f"{running} of {total} assignments done by {series[-1][0]:%d %b %Y}, "
        f"over {len(series)} day{'s' if len(series) != 1 else ''}."
    )
    return LineChart(WIDTH, HEIGHT, points, area, y(total), x_ticks, y_ticks, summary)
