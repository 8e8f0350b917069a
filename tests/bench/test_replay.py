"""The replay of reviews on the real-news dev set: the scorer trained on the reviews so far
must not make the queue more than marginally worse from one batch to the next, and must
end clearly better than the text order it starts from. The figures are the mean of four replays, each quarter of
the excerpts measured once (see `bench.replay`)."""

import pytest

from bench.replay import DEV, ROTATIONS, replay, table


@pytest.fixture(scope="module")
def rows():
    return replay(DEV, batches=5)


def test_no_batch_of_reviews_makes_the_queue_more_than_marginally_worse(rows):
    """The issue asks for acceptance and effort to improve monotonically. On the dev set of
    289 excerpts with the third round of rules both do until batch 4 (acceptance 63.5 ->
    78.5 %, effort 1.55 -> 1.364); the fifth retrain passes the gate and leaves them at
    77.8 % (about 3 of ~430 suggestions fewer in the top half) and 1.3645 (+0.0002): not
    met, and stated in the README. What holds is asserted, so that a larger step back fails."""
    for before, after in zip(rows, rows[1:], strict=False):
        assert after["top_half"] >= before["top_half"] - 0.01, table(rows)
        assert after["effort"] <= before["effort"] + 0.01, table(rows)
        assert after["top_half"] > rows[0]["top_half"], table(rows)
        assert after["effort"] < rows[0]["effort"], table(rows)


def test_after_the_last_batch_the_queue_is_clearly_better_than_text_order(rows):
    first, last = rows[0], rows[-1]
    assert first["model"].startswith("none")
    # Floors set from the measured run (63.5% -> 77.8%, 1.55 -> 1.36), with some slack.
    assert last["top_half"] >= first["top_half"] + 0.10, table(rows)
    assert last["effort"] <= first["effort"] - 0.15, table(rows)
    assert last["reviews"] > 400


def test_every_figure_is_the_mean_of_one_replay_per_measured_quarter(rows):
    for row in rows:
        assert len(row["rotations"]) == ROTATIONS
        assert row["top_half"] == pytest.approx(sum(r["top_half"] for r in row["rotations"]) / ROTATIONS)
    # The quarters start from different text orders: they are different queues.
    assert len({r["top_half"] for r in rows[0]["rotations"]}) > 1


def test_the_table_has_a_row_per_batch(rows):
    assert table(rows).count("\n") == len(rows) + 1
