"""Agreement computing time on one core, without the database: what the agreement page,
its CSV and its API spend in Python once the statements are read (one query).

    python bench/bench_agreement.py [--articles 500] [--annotators 2] [--statements 30] [--repeat 3]

Synthetic annotations: each annotator marks most of an article's "true" statements, with
spans moved by a few characters, the odd stance or speaker changed, and a few of their own."""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.agreement import Span, coefficients, project_agreement  # noqa: E402


def annotations(rng: random.Random, *, articles: int, annotators: int, statements: int) -> dict:
    data = {}
    key = 0
    for article in range(articles):
        truth = []
        for i in range(statements):
            start = i * 120 + rng.randrange(40)
            truth.append((start, start + rng.randrange(20, 80), rng.choice(("claim", "denial")), rng.randrange(20)))
        versions = {}
        for who in range(annotators):
            spans = []
            for start, end, stance, speaker in truth:
                if rng.random() < 0.15:
                    continue  # missed
                key += 1
                jitter = rng.choice((0, 0, 0, -3, 2, 5))
                if rng.random() < 0.1:
                    stance = "denial" if stance == "claim" else "claim"
                spans.append(Span(key, start + jitter, end, stance, speaker, speaker // 2, None))
            for _ in range(rng.randrange(3)):
                key += 1
                start = rng.randrange(statements * 120)
                spans.append(Span(key, start, start + 30, "claim", 99, 99, None))
            versions[who] = spans
        data[article] = versions
    return data


def measure(data: dict) -> float:
    began = time.perf_counter()
    result = project_agreement(data)
    # As the page does: every figure of the project, each pair and each article.
    result.overall.as_dict()
    for counts in result.pairs.values():
        counts.as_dict()
    for article in result.articles:
        article.overall.as_dict()
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--annotators", type=int, default=2)
    parser.add_argument("--statements", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = annotations(
        random.Random(19), articles=args.articles, annotators=args.annotators, statements=args.statements
    )
    total = sum(len(spans) for versions in data.values() for spans in versions.values())
    # The app's own formula for Cohen's kappa, and scikit-learn's (the same figures; its
    # input checks dominate): why the app does not use it.
    from sklearn.metrics import cohen_kappa_score

    kappas = [("own formula", coefficients.cohen_kappa), ("scikit-learn", cohen_kappa_score)]
    own = coefficients.cohen_kappa
    print("| articles | annotators | statements | kappa by | best | median | per article |")
    print("|---:|---:|---:|---|---:|---:|---:|")
    for name, implementation in kappas:
        coefficients.cohen_kappa = implementation
        try:
            times = [measure(data) for _ in range(args.repeat)]
        finally:
            coefficients.cohen_kappa = own
        best, median = min(times), statistics.median(times)
        print(
            f"| {args.articles} | {args.annotators} | {total} | {name} | {best * 1000:.0f} ms "
            f"| {median * 1000:.0f} ms | {best / args.articles * 1000:.2f} ms |"
        )


if __name__ == "__main__":
    main()
