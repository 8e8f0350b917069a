"""The agreement chart's bars: on one scale from -1 to 1, zero in the middle, a missing
figure drawn as no bar (and labelled n/a), never as zero agreement."""

from annotator.agreement.chart import LABEL_WIDTH, PLOT_WIDTH, bar_chart


def test_bars_grow_right_for_agreement_and_left_below_chance():
    chart = bar_chart([("alice / bob", {"f1_exact": 1.0, "f1_overlap": 0.5, "stance_kappa": -0.5})])
    zero = LABEL_WIDTH + PLOT_WIDTH / 2
    assert chart.zero_x == zero
    exact, overlap, kappa, alpha = chart.groups[0].bars
    assert (exact.x, exact.width) == (zero, PLOT_WIDTH / 2)
    assert (overlap.x, overlap.width) == (zero, PLOT_WIDTH / 4)
    assert (kappa.x, kappa.width) == (zero - PLOT_WIDTH / 4, PLOT_WIDTH / 4)
    assert (alpha.width, alpha.text) == (0, "n/a")


def test_groups_are_stacked_without_overlapping():
    chart = bar_chart([("a", {}), ("b", {})])
    first, second = chart.groups
    assert second.y > first.bars[-1].y + 12
    assert chart.height > second.bars[-1].y + 12
