"""Agreement over a project: every pair of annotators on every doubly annotated article,
by article, by pair of annotators, and overall (from the pooled counts)."""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from itertools import combinations

from .align import Span
from .scores import PairCounts, pair_counts, total


@dataclass(frozen=True)
class ArticleAgreement:
    article: Hashable
    pairs: dict[tuple[Hashable, Hashable], PairCounts]

    @property
    def overall(self) -> PairCounts:
        # One article, however many pairs of annotators it had.
        return replace(total(self.pairs.values()), articles=1)


@dataclass(frozen=True)
class ProjectAgreement:
    articles: list[ArticleAgreement]
    pairs: dict[tuple[Hashable, Hashable], PairCounts]
    overall: PairCounts


def project_agreement(annotations: dict[Hashable, dict[Hashable, Sequence[Span]]], *, order=str) -> ProjectAgreement:
    """`annotations`: article → annotator → their statements there (an annotator who made
    none is there with an empty list: missing every statement counts). Each pair of
    annotators is ordered by `order`, so (A, B) and (B, A) are one pair."""
    articles = []
    by_pair: dict[tuple, list[PairCounts]] = {}
    for article, versions in annotations.items():
        pairs = {}
        for a, b in combinations(sorted(versions, key=order), 2):
            pairs[(a, b)] = pair_counts(versions[a], versions[b])
            by_pair.setdefault((a, b), []).append(pairs[(a, b)])
        articles.append(ArticleAgreement(article=article, pairs=pairs))
    pair_totals = {pair: total(counts) for pair, counts in by_pair.items()}
    # Pooled over pairs, but each article counted once.
    overall = replace(total(pair_totals.values()), articles=sum(1 for a in articles if a.pairs))
    return ProjectAgreement(articles=articles, pairs=pair_totals, overall=overall)
