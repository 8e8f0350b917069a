"""The server-drawn charts: plain SVG with escaped labels, gaps where a value is missing,
and nothing a Content Security Policy would block."""

from annotator.plots import calibration_chart, line_chart


def test_labels_are_escaped_and_there_is_no_script_or_style_attribute():
    svg = line_chart(
        "<script>alert(1)</script>",
        [("a & b", "#000", [(1, 0.5), (2, 0.7)], False)],
        x_label="x",
        y_label="y",
        x_ticks=[(1, "#1"), (2, "<b>")],
        low=0.5,
        high=2.5,
    )
    assert "<script" not in svg and "&lt;script&gt;" in svg and "a &amp; b" in svg and "&lt;b&gt;" in svg
    assert "style=" not in svg and "on" + "load" not in svg


def test_a_missing_value_breaks_the_line_instead_of_joining_across_it():
    svg = line_chart(
        "t", [("s", "#000", [(1, 0.1), (2, 0.2), None, (4, 0.4)], False)],
        x_label="x", y_label="y", x_ticks=[], low=0.5, high=4.5,
    )  # fmt: skip
    assert svg.count("<polyline") == 1 and svg.count("<circle") == 3


def test_the_calibration_chart_draws_the_diagonal_and_each_non_empty_bin():
    svg = calibration_chart("c", [("after", "#00f", [(0.1, 0.0), None, (0.5, 0.6), None, (0.9, 1.0)], False)])
    assert "perfectly calibrated" in svg and svg.count("<circle") == 3
