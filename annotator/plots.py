"""Small charts drawn on the server as SVG: no JavaScript, no chart library, and nothing
the page's Content Security Policy must allow (presentation attributes, no style
attributes or scripts). Pure Python; every label is escaped.

A series is (name, colour, [(x, y) or None, ...]): None leaves a gap in the line."""

from html import escape

WIDTH, HEIGHT = 420, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 14, 40


def _x(value: float, low: float, high: float) -> float:
    span = (high - low) or 1.0
    return LEFT + (value - low) / span * (WIDTH - LEFT - RIGHT)


def _y(value: float) -> float:
    return TOP + (1 - value) * (HEIGHT - TOP - BOTTOM)


def _frame(title: str, x_label: str, y_label: str, x_ticks: list[tuple[float, str]], low: float, high: float) -> list:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1):
        y = _y(tick)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#e5e7eb"/>')
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="10" fill="#4b5563">{tick:g}</text>'
        )
    for value, label in x_ticks:
        x = _x(value, low, high)
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 14}" text-anchor="middle" font-size="10" '
            f'fill="#4b5563">{escape(label)}</text>'
        )
    parts.append(
        f'<text x="{(LEFT + WIDTH - RIGHT) / 2:.1f}" y="{HEIGHT - 6}" text-anchor="middle" font-size="11" '
        f'fill="#111827">{escape(x_label)}</text>'
    )
    parts.append(
        f'<text x="12" y="{(TOP + HEIGHT - BOTTOM) / 2:.1f}" text-anchor="middle" font-size="11" fill="#111827" '
        f'transform="rotate(-90 12 {(TOP + HEIGHT - BOTTOM) / 2:.1f})">{escape(y_label)}</text>'
    )
    return parts


def _legend(series) -> list:
    parts = []
    x = LEFT + 8
    for name, colour, _points, dashed in series:
        dash = ' stroke-dasharray="5 3"' if dashed else ""
        parts.append(
            f'<line x1="{x}" y1="{TOP + 6}" x2="{x + 18}" y2="{TOP + 6}" stroke="{colour}" stroke-width="2"{dash}/>'
        )
        parts.append(f'<text x="{x + 22}" y="{TOP + 10}" font-size="10" fill="#111827">{escape(name)}</text>')
        x += 34 + 6 * len(name)  # about the label's width at this font size
    return parts


def line_chart(
    title: str, series, *, x_label: str, y_label: str, x_ticks: list[tuple[float, str]], low: float, high: float
) -> str:
    """Lines over y in 0..1. `series`: (name, colour, points, dashed)."""
    parts = _frame(title, x_label, y_label, x_ticks, low, high)
    for name, colour, points, dashed in series:
        dash = ' stroke-dasharray="5 3"' if dashed else ""
        run: list[str] = []
        for point in [*points, None]:
            if point is None:
                if len(run) > 1:
                    parts.append(
                        f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
                    )
                run = []
                continue
            x, y = _x(point[0], low, high), _y(min(1.0, max(0.0, point[1])))
            run.append(f"{x:.1f},{y:.1f}")
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
                f"<title>{escape(name)}: {point[1]:.2f}</title></circle>"
            )
    parts += _legend(series)
    parts.append("</svg>")
    return "".join(parts)


def calibration_chart(title: str, series) -> str:
    """Observed acceptance against predicted confidence, per bin, with the diagonal a
    perfectly calibrated scorer would follow (dotted). `series`: (name, colour, bins, dashed),
    each bin (predicted, observed) or None when empty."""
    ticks = [(value, f"{value:g}") for value in (0, 0.25, 0.5, 0.75, 1)]
    chart = line_chart(
        title,
        list(series),
        x_label="predicted confidence",
        y_label="accepted as is",
        x_ticks=ticks,
        low=0.0,
        high=1.0,
    )
    # The diagonal a perfectly calibrated scorer follows, under the series.
    diagonal = (
        f'<line x1="{_x(0, 0, 1):.1f}" y1="{_y(0):.1f}" x2="{_x(1, 0, 1):.1f}" y2="{_y(1):.1f}" '
        'stroke="#9ca3af" stroke-dasharray="2 3"><title>perfectly calibrated</title></line>'
    )
    head, rest = chart.split("</title>", 1)
    return f"{head}</title>{diagonal}{rest}"
