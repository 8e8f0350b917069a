"""`python -m bench.replay`: does the suggestion scorer learn from reviews? A replay on
the real-news development set (`tests/data/suggest/realnews_dev.jsonl`), no database.

A quarter of the excerpts is set aside as the queue measured after every batch (the
same queue for every batch: excerpts never reviewed); the other excerpts are reviewed
in batches, in file order, the gold statements giving the reviewer's answers:

- a suggestion no gold statement matches (`devset.match`) is rejected;
- a matched one is accepted as is when its stance is the gold stance, its speaker the
  gold speaker (`devset.same_speaker`) and its span nearly the gold span (shared text at
  least 80% of the longer one); otherwise the reviewer corrects it.

After each batch the scorer is retrained on every review so far and goes live only if
it passes the same gate as in the app (`metrics.gate`, on the reviews it holds back:
every fifth in the order they were made, as the app's example ids count them).
Then the measured queue is ordered by the live scorer (before any model: text order,
as the review queue shows it) and the table prints, per batch:

- top-half acceptance: the share of the first half of the queue accepted as is;
- effort: suggestions checked, in queue order, to find 80% of those accepted as is,
  per suggestion found (1.0 would be a queue with nothing to skip before them);
- the live scorer's Brier score on the measured queue.

The replay runs four times, each quarter of the excerpts (every fourth one, starting at
the first, second, third, fourth) being the measured queue once, and the table shows
the mean of the four per batch. One quarter alone is ~216 suggestions, whose top half is
~108: past the first few hundred reviews a batch improves top-half acceptance by less
than one suggestion of those, while which suggestions happen to straddle the middle
moves it by several (the single-quarter replay went 76.9 -> 75.9 -> 77.8 -> 74.1 ->
75.9 %). Measured over all four quarters, every suggestion of the dev set is in a
measured queue exactly once, and each batch's figure rests on ~860 suggestions."""

import argparse
import math
import sys
from dataclasses import dataclass
from pathlib import Path

from annotator.suggest import devset, suggest
from annotator.suggest.confidence import Candidate, Scorer, evaluate, features
from annotator.suggest.confidence.metrics import gate, is_held_back
from annotator.suggest.confidence.train import Example, NotTrainable, train

DEV = Path(__file__).resolve().parent.parent / "tests" / "data" / "suggest" / "realnews_dev.jsonl"
FOUND_SHARE = 0.8


@dataclass
class Reviewed:
    position: tuple[int, int]  # (excerpt, start): the queue's order without a model
    example: Example


def candidate_of(text: str, suggestion) -> Candidate:
    return Candidate(
        text=text,
        start=suggestion.start,
        end=suggestion.end,
        stance=suggestion.stance,
        direct=suggestion.direct,
        cue=suggestion.cue.text if suggestion.cue else "",
        cue_start=suggestion.cue.start if suggestion.cue else None,
        speaker_text=suggestion.source.text if suggestion.source else "",
        speaker_start=suggestion.source.start if suggestion.source else None,
        speaker_linked=suggestion.actor_id is not None,
        new_actor=suggestion.new_actor,
        speaker_kind=suggestion.speaker_kind or "",
        via=bool(suggestion.via),
    )


def review(excerpt: devset.Excerpt, number: int) -> list[Reviewed]:
    """The reviewer's decision on each suggestion for one excerpt, from its gold statements."""
    proposed = suggest(excerpt.text)
    matched = {p: g for g, p in devset.match(excerpt.statements, proposed)}
    reviewed = []
    for index, suggestion in enumerate(proposed):
        gold = excerpt.statements[matched[index]] if index in matched else None
        stance_kept = None if gold is None else gold.stance == suggestion.stance
        accepted = False
        if gold is not None:
            shared = min(gold.end, suggestion.end) - max(gold.start, suggestion.start)
            longer = max(gold.end - gold.start, suggestion.end - suggestion.start)
            accepted = bool(
                stance_kept and devset.same_speaker(gold.speaker, suggestion.speaker) and shared >= 0.8 * longer
            )
        values = features(candidate_of(excerpt.text, suggestion))
        reviewed.append(Reviewed((number, suggestion.start), Example(values, accepted, stance_kept)))
    return reviewed


def queue_figures(queue: list[Reviewed], scorer: Scorer | None) -> dict:
    if scorer is None:
        ordered = sorted(queue, key=lambda item: item.position)
    else:
        ordered = sorted(queue, key=lambda item: (-scorer.confidence(item.example.values), item.position))
    accepted = [item.example.accepted for item in ordered]
    half = accepted[: len(accepted) // 2]
    wanted = math.ceil(FOUND_SHARE * sum(accepted))
    found = checked = 0
    for checked, ok in enumerate(accepted, 1):  # noqa: B007
        found += ok
        if found >= wanted:
            break
    brier = evaluate(scorer or Scorer.constant(0.5), [item.example for item in queue]).brier
    return {"top_half": sum(half) / len(half), "effort": checked / max(found, 1), "brier": brier}


ROTATIONS = 4


def _replay_rotation(reviews: list[list[Reviewed]], rotation: int, batches: int) -> list[dict]:
    """One replay: the excerpts numbered `rotation` modulo ROTATIONS are the measured queue."""
    measured = [item for number, items in enumerate(reviews) if number % ROTATIONS == rotation for item in items]
    pool = [items for number, items in enumerate(reviews) if number % ROTATIONS != rotation]
    size = math.ceil(len(pool) / batches)
    live: Scorer | None = None
    reviewed: list[Reviewed] = []
    rows = [{"batch": 0, "reviews": 0, "live": False, **queue_figures(measured, None)}]
    for batch in range(batches):
        for items in pool[batch * size : (batch + 1) * size]:
            reviewed.extend(items)
        # The app holds back by the example's id, which counts reviews in the order they
        # were made: the n-th review of this replay is id n.
        training = [item.example for n, item in enumerate(reviewed, 1) if not is_held_back(n)]
        held_back = [item.example for n, item in enumerate(reviewed, 1) if is_held_back(n)]
        went_live = False
        try:
            candidate = train(training)
        except NotTrainable:
            pass
        else:
            rate = sum(e.accepted for e in training) / len(training)
            before = evaluate(live or Scorer.constant(rate), held_back)
            if gate(before, evaluate(candidate, held_back)).live:
                live, went_live = candidate, True
        rows.append({"batch": batch + 1, "reviews": len(reviewed), "live": went_live, **queue_figures(measured, live)})
    return rows


def replay(path: Path = DEV, batches: int = 5, limit: int | None = None) -> list[dict]:
    """Per batch, the mean figures of the ROTATIONS replays, and each replay's own under
    "rotations" (to see how far one quarter strays from the mean)."""
    reviews = [review(excerpt, number) for number, excerpt in enumerate(devset.load(path, limit=limit))]
    runs = [_replay_rotation(reviews, rotation, batches) for rotation in range(ROTATIONS)]
    rows = []
    for batch, per_run in enumerate(zip(*runs, strict=True)):
        went_live = sum(row["live"] for row in per_run)
        rows.append(
            {
                "batch": batch,
                "reviews": round(sum(row["reviews"] for row in per_run) / len(per_run)),
                "model": "none (text order)" if batch == 0 else f"live in {went_live} of {len(per_run)}",
                **{k: sum(row[k] for row in per_run) / len(per_run) for k in ("top_half", "effort", "brier")},
                "rotations": [{k: row[k] for k in ("live", "top_half", "effort", "brier")} for row in per_run],
            }
        )
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        "| batch | reviews so far | retrain | top-half acceptance | effort (checked per found) | Brier |",
        "|---:|---:|---|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['batch']} | {row['reviews']} | {row['model']} | {100 * row['top_half']:.1f}% "
            f"| {row['effort']:.2f} | {row['brier']:.3f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.replay", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEV)
    parser.add_argument("--batches", type=int, default=5)
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"No dev data at {args.data}", file=sys.stderr)
        return 2
    print(table(replay(args.data, args.batches)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
