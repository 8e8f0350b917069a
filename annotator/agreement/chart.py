"""Geometry of the agreement chart, drawn as SVG by the page's template (no script, no
chart library): for each group (a pair of annotators, or an article), one horizontal bar
per measure on a common scale from -1 to 1, zero in the middle, since kappa and alpha
go below zero when annotators disagree more than chance would."""

from dataclasses import dataclass

MEASURES = (
    ("f1_exact", "F1 exact"),
    ("f1_overlap", "F1 overlap"),
    ("stance_kappa", "Stance κ"),
    ("stance_alpha", "Stance α"),
)
LABEL_WIDTH = 200
PLOT_WIDTH = 420
BAR = 12
GAP = 3
GROUP_GAP = 16
TOP = 28  # room for the scale's labels
VALUES_WIDTH = 130  # each bar's name and value, right of the plot


@dataclass(frozen=True)
class Bar:
    measure: str
    label: str
    x: float
    y: float
    width: float
    value: float | None

    @property
    def text(self) -> str:
        return "n/a" if self.value is None else f"{self.value:.2f}"


@dataclass(frozen=True)
class Group:
    label: str
    y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    zero_x: float
    values_x: float
    plot_top: int
    groups: tuple[Group, ...]
    ticks: tuple[Tick, ...]
    measures: tuple[tuple[str, str], ...] = MEASURES


def _x(value: float) -> float:
    return LABEL_WIDTH + (max(-1.0, min(1.0, value)) + 1) / 2 * PLOT_WIDTH


def bar_chart(groups: list[tuple[str, dict]]) -> Chart:
    """`groups`: (label, figures by measure name) in the order to draw them."""
    zero = _x(0)
    drawn = []
    y = TOP
    for label, figures in groups:
        bars = []
        for i, (measure, name) in enumerate(MEASURES):
            value = figures.get(measure)
            end = zero if value is None else _x(value)
            bars.append(Bar(measure, name, min(zero, end), y + i * (BAR + GAP), abs(end - zero), value))
        drawn.append(Group(label=label, y=y, bars=tuple(bars)))
        y += len(MEASURES) * (BAR + GAP) + GROUP_GAP
    ticks = tuple(Tick(_x(v), f"{v:g}") for v in (-1, -0.5, 0, 0.5, 1))
    return Chart(
        width=LABEL_WIDTH + PLOT_WIDTH + VALUES_WIDTH,
        values_x=LABEL_WIDTH + PLOT_WIDTH + 12,
        height=int(y),
        zero_x=zero,
        plot_top=TOP - 6,
        groups=tuple(drawn),
        ticks=ticks,
    )
