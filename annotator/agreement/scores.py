"""Agreement between two annotators, as counts that add up over articles and pairs.

F1 treats one annotator's statements as the reference for the other's (it is
symmetric): 2 × matched / (first's statements + second's). Exact F1 counts only
identical spans; overlap F1 counts every match `align` makes. Stance, speaker,
proposition and via agreement are over matched statements only (what both marked);
a label left empty by both counts as agreement."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from . import coefficients
from .align import Alignment, Span, align

STANCES = ("claim", "denial")
LABELS = ("speaker", "proposition", "via")


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class PairCounts:
    first_total: int = 0
    second_total: int = 0
    exact: int = 0
    matched: int = 0  # exact and overlap matches
    # The stances of each matched pair, (first's, second's), for the coefficients.
    stances: tuple[tuple[str, str], ...] = ()
    same: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LABELS, 0))
    articles: int = 0

    def __add__(self, other: "PairCounts") -> "PairCounts":
        return PairCounts(
            first_total=self.first_total + other.first_total,
            second_total=self.second_total + other.second_total,
            exact=self.exact + other.exact,
            matched=self.matched + other.matched,
            stances=self.stances + other.stances,
            same={k: self.same[k] + other.same[k] for k in LABELS},
            articles=self.articles + other.articles,
        )

    @property
    def f1_exact(self) -> float | None:
        return _ratio(2 * self.exact, self.first_total + self.second_total)

    @property
    def f1_overlap(self) -> float | None:
        return _ratio(2 * self.matched, self.first_total + self.second_total)

    @property
    def stance_agreement(self) -> float | None:
        return _ratio(sum(a == b for a, b in self.stances), len(self.stances))

    @property
    def stance_kappa(self) -> float | None:
        return coefficients.cohen_kappa([a for a, _ in self.stances], [b for _, b in self.stances])

    @property
    def stance_alpha(self) -> float | None:
        return coefficients.krippendorff_alpha([a for a, _ in self.stances], [b for _, b in self.stances])

    @property
    def speaker_agreement(self) -> float | None:
        return _ratio(self.same["speaker"], self.matched)

    @property
    def proposition_agreement(self) -> float | None:
        return _ratio(self.same["proposition"], self.matched)

    @property
    def via_agreement(self) -> float | None:
        return _ratio(self.same["via"], self.matched)

    def confusion(self) -> dict[tuple[str, str], int]:
        """(first's stance, second's stance) → how many matched pairs."""
        table = {(a, b): 0 for a in STANCES for b in STANCES}
        for pair in self.stances:
            table[pair] = table.get(pair, 0) + 1
        return table

    def as_dict(self) -> dict:
        """Every figure by name (the CSV's columns and the API's fields)."""
        return {
            "articles": self.articles,
            "first_statements": self.first_total,
            "second_statements": self.second_total,
            "exact_matches": self.exact,
            "overlap_matches": self.matched,
            "f1_exact": self.f1_exact,
            "f1_overlap": self.f1_overlap,
            "stance_agreement": self.stance_agreement,
            "stance_kappa": self.stance_kappa,
            "stance_alpha": self.stance_alpha,
            "speaker_agreement": self.speaker_agreement,
            "proposition_agreement": self.proposition_agreement,
            "via_agreement": self.via_agreement,
            **{f"{a}_{b}": n for (a, b), n in self.confusion().items()},
        }


def counts_of(alignment: Alignment, *, first_total: int, second_total: int) -> PairCounts:
    return PairCounts(
        first_total=first_total,
        second_total=second_total,
        exact=alignment.exact,
        matched=len(alignment.pairs),
        stances=tuple((a.stance, b.stance) for a, b in alignment.pairs),
        same={label: sum(getattr(a, label) == getattr(b, label) for a, b in alignment.pairs) for label in LABELS},
        articles=1,
    )


def pair_counts(first: Sequence[Span], second: Sequence[Span]) -> PairCounts:
    """Two annotators' statements on one article, aligned and counted."""
    return counts_of(align(first, second), first_total=len(first), second_total=len(second))


def total(counts: Iterable[PairCounts]) -> PairCounts:
    result = PairCounts()
    for c in counts:
        result = result + c
    return result
