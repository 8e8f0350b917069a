"""`python -m bench.replay`: does the suggestion scorer learn from reviews? A replay on
the real-news development set (`tests/data/suggest/realnews_dev.jsonl`), no database.

A quarter of the excerpts is set aside as the queue measured after every batch; the
other excerpts are reviewed in batches, the gold statements giving the reviewer's
answers:

- a suggestion no gold statement matches (`devset.match`) is rejected;
- a matched one is accepted as is when its stance is the gold stance, its speaker the
  gold speaker (`devset.same_speaker`) and its span nearly the gold span (shared text at
  least 80% of the longer one); otherwise the reviewer corrects it.

After each batch the scorer is retrained on every review so far and goes live only if
it passes the same gate as in the app (`metrics.gate`, on the reviews it holds back).
Then the measured queue is ordered by the live scorer (before any model: text order,
as the review queue shows it) and the table prints, per batch:

- top-half acceptance: the share of the first half of the queue accepted as is;
- effort: suggestions checked, in queue order, to find 80% of those accepted as is,
  per suggestion found (1.0 would be a queue with nothing to skip before them);
- the live scorer's Brier score on the measured queue."""

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
    key: int
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


def review(excerpt: devset.Excerpt, number: int, first_key: int) -> list[Reviewed]:
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
        reviewed.append(Reviewed(first_key + index, (number, suggestion.start), Example(values, accepted, stance_kept)))
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


def replay(path: Path = DEV, batches: int = 5, limit: int | None = None) -> list[dict]:
    excerpts = list(devset.load(path, limit=limit))
    measured: list[Reviewed] = []
    pool: list[list[Reviewed]] = []
    key = 1
    for number, excerpt in enumerate(excerpts):
        items = review(excerpt, number, key)
        key += len(items)
        if number % 4 == 0:
            measured.extend(items)
        else:
            pool.append(items)
    size = math.ceil(len(pool) / batches)
    live: Scorer | None = None
    reviewed: list[Reviewed] = []
    rows = [{"batch": 0, "reviews": 0, "model": "none (text order)", **queue_figures(measured, None)}]
    for batch in range(batches):
        for items in pool[batch * size : (batch + 1) * size]:
            reviewed.extend(items)
        training = [item.example for item in reviewed if not is_held_back(item.key)]
        held_back = [item.example for item in reviewed if is_held_back(item.key)]
        try:
            candidate = train(training)
        except NotTrainable as error:
            status = f"refused: {error}"
        else:
            rate = sum(e.accepted for e in training) / len(training)
            before = evaluate(live or Scorer.constant(rate), held_back)
            verdict = gate(before, evaluate(candidate, held_back))
            status = "live" if verdict.live else "refused"
            live = candidate if verdict.live else live
        rows.append({"batch": batch + 1, "reviews": len(reviewed), "model": status, **queue_figures(measured, live)})
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
