"""Suggester throughput on one core: articles per second for ~4,000-character news
articles, synthetic (generated here) and the PolNeAR dev texts when present, for the
rules alone and for the suggester with its trained tagger (as the app runs it, when
the weights file exists).

    python bench/bench_suggester.py [--articles 300] [--repeat 3]

The targets, one core: 200 articles a second for a 4,000-character article with the
rules, 100 with the tagger."""

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from annotator.suggest import SourceName, TaggerOptions, suggest  # noqa: E402

POLNEAR_DEV = REPO.parent / "shared" / "polnear" / "polnear_dev.jsonl"
TARGET_CHARS = 4000

FIRST = ["John", "Maria", "Ahmed", "Li", "Sarah", "Pierre", "Olga", "Kwame", "Ana", "David"]
LAST = ["Kirby", "Lopez", "Hassan", "Wei", "Miller", "Dubois", "Ivanova", "Mensah", "Silva", "Cohen"]
ROLES = ["a spokesperson for the ministry", "the deputy foreign minister", "a senior adviser", "the mayor"]
OUTLETS = ["Reuters", "AFP", "the BBC", "The Guardian", "Al Jazeera"]
CLAIMS = [
    "the talks had made real progress on the main issues",
    "the government would announce new measures next week",
    "there were indications that the jets had flown missions in the east",
    "prices had risen faster than expected over the summer",
]
DENIALS = [
    "the country has never been involved in any such operation",
    "nothing has changed about the policy of not negotiating",
    "any cooperation is out of the question",
]
FILLER = [
    "The city was quiet on Tuesday after a week of protests.",
    "Officials met for several hours in the capital, according to a schedule released on Monday.",
    "The decision follows months of negotiations between the two sides.",
    "Markets closed slightly higher as investors awaited the figures.",
]


def synthetic_article(rng: random.Random) -> str:
    paragraphs = []
    while sum(len(p) + 2 for p in paragraphs) < TARGET_CHARS:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        surname = name.split()[-1]
        shape = rng.randrange(7)
        if shape == 0:
            paragraphs.append(f"{name}, {rng.choice(ROLES)}, said that {rng.choice(CLAIMS)}.")
        elif shape == 1:
            paragraphs.append(f'"{rng.choice(DENIALS).capitalize()}," {surname} told {rng.choice(OUTLETS)}.')
        elif shape == 2:
            paragraphs.append(f'"{rng.choice(CLAIMS).capitalize()}," he said. "{rng.choice(DENIALS).capitalize()}."')
        elif shape == 3:
            paragraphs.append(f"According to {name}, {rng.choice(CLAIMS)}.")
        elif shape == 4:
            paragraphs.append(f"Officials on Wednesday denied reports that {rng.choice(CLAIMS)}.")
        else:
            paragraphs.append(" ".join(rng.choice(FILLER) for _ in range(3)))
    return "\n\n".join(paragraphs)


def measure(texts: list[str], repeat: int, sources, tagger=None) -> tuple[float, float]:
    """(articles per second, best of `repeat`; mean characters per article). CPU time of
    this process, so other work on a shared machine does not count against it."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for text in texts:
            suggest(text, sources=sources, tagger=tagger)
        best = min(best, time.process_time() - started)
    return len(texts) / best, statistics.mean(len(t) for t in texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300, help="synthetic articles to generate")
    parser.add_argument("--repeat", type=int, default=3, help="runs per corpus; the best one counts")
    args = parser.parse_args()

    sources = [SourceName(id=i, name=name) for i, name in enumerate(["Reuters", "AFP", "BBC", "The Guardian"])]
    rng = random.Random(20240601)
    corpora = [("synthetic", [synthetic_article(rng) for _ in range(args.articles)])]
    if POLNEAR_DEV.exists():
        with POLNEAR_DEV.open(encoding="utf-8") as handle:
            corpora.append(("polnear dev", [json.loads(line)["text"] for line in handle if line.strip()]))
    else:
        print(f"(PolNeAR dev split not found at {POLNEAR_DEV}; synthetic only)")
    suggesters = [("rules", None)]
    tagger = TaggerOptions()
    if tagger.available():
        suggesters.append(("rules+tagger", tagger))
    else:
        print(f"(no tagger weights at {tagger.model}; rules only)")
    for _, options in suggesters:  # load the lexicons, compile the patterns, read the weights once
        suggest(corpora[0][1][0], sources=sources, tagger=options)

    print(
        f"{'corpus':<12} {'suggester':<13} {'articles':>8} {'mean chars':>10} {'articles/s':>10} {'ms/article':>10} "
        f"{'art/s @4000 chars':>17}"
    )
    for name, texts in corpora:
        for label, options in suggesters:
            per_second, mean_chars = measure(texts, args.repeat, sources, options)
            at_target = per_second * mean_chars / TARGET_CHARS
            print(
                f"{name:<12} {label:<13} {len(texts):>8} {mean_chars:>10.0f} {per_second:>10.0f} "
                f"{1000 / per_second:>10.2f} {at_target:>17.0f}"
            )
    print("targets: 200 articles/s (rules), 100 (rules+tagger) for a 4,000-character article, one core")


if __name__ == "__main__":
    main()
