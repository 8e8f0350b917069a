"""How well a cleaned body matches the body an analyst cut by hand, paragraph by paragraph.

A kept paragraph is right when it matches a gold paragraph; precision is the share of
kept paragraphs that are right, recall the share of gold paragraphs that were kept.
Matching compares words, not characters: case, quote styles, dashes and spacing do not
count, and a paragraph still matches when a few words differ (a dateline left on, a
stray mark repaired differently) — but two paragraphs glued into one, or one cut in
half, match neither side, because that is a cleaning error an analyst would see.
"""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

# Two paragraphs are the same when their words overlap this much (Dice coefficient on
# word multisets). 0.8 tolerates a dateline or a credit of a few words on a paragraph of
# twenty, and rejects a paragraph that is half of another.
MATCH_THRESHOLD = 0.8

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class PageScore:
    name: str
    kept: int
    gold: int
    matched: int

    @property
    def precision(self) -> float:
        if self.kept == 0:
            return 1.0 if self.gold == 0 else 0.0
        return self.matched / self.kept

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0


@dataclass(frozen=True)
class SetScore:
    pages: list[PageScore]

    @property
    def precision(self) -> float:
        """The average of the pages' precision: every page counts the same, however long."""
        return sum(page.precision for page in self.pages) / len(self.pages) if self.pages else 0.0

    @property
    def recall(self) -> float:
        return sum(page.recall for page in self.pages) / len(self.pages) if self.pages else 0.0

    @property
    def worst_precision(self) -> PageScore | None:
        return min(self.pages, key=lambda page: page.precision, default=None)

    @property
    def worst_recall(self) -> PageScore | None:
        return min(self.pages, key=lambda page: page.recall, default=None)


def paragraphs_of(body: str) -> list[str]:
    """The paragraphs of a body: blocks separated by a blank line, blank ones left out."""
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", body) if block.strip()]


def words(paragraph: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", paragraph).casefold())


def similarity(first: str, second: str) -> float:
    """Dice coefficient of the two paragraphs' word multisets, 0..1."""
    a, b = Counter(words(first)), Counter(words(second))
    total = sum(a.values()) + sum(b.values())
    if total == 0:
        return 1.0
    return 2 * sum((a & b).values()) / total


def score_page(name: str, cleaned: list[str], gold: list[str]) -> PageScore:
    """Match kept paragraphs to gold ones one to one, best pairs first."""
    pairs = []
    for i, kept in enumerate(cleaned):
        for j, wanted in enumerate(gold):
            value = similarity(kept, wanted)
            if value >= MATCH_THRESHOLD:
                pairs.append((value, i, j))
    used_kept: set[int] = set()
    used_gold: set[int] = set()
    for _value, i, j in sorted(pairs, key=lambda pair: (-pair[0], pair[1], pair[2])):
        if i not in used_kept and j not in used_gold:
            used_kept.add(i)
            used_gold.add(j)
    return PageScore(name=name, kept=len(cleaned), gold=len(gold), matched=len(used_kept))


def gold_pairs(folder: Path) -> list[tuple[str, Path, Path]]:
    """(name, raw file, gold file) for every `<name>.gold.txt` in `folder` with its `<name>.raw.txt`."""
    pairs = []
    for gold in sorted(folder.glob("*.gold.txt")):
        name = gold.name.removesuffix(".gold.txt")
        raw = gold.with_name(f"{name}.raw.txt")
        if raw.exists():
            pairs.append((name, raw, gold))
    return pairs


def format_scores(scores: SetScore) -> str:
    """A table: one line a page, then the averages and the worst pages."""
    lines = [f"{'page':<40} {'kept':>4} {'gold':>4} {'match':>5} {'P':>6} {'R':>6}"]
    for page in scores.pages:
        lines.append(
            f"{page.name[:40]:<40} {page.kept:>4} {page.gold:>4} {page.matched:>5} "
            f"{page.precision:>6.3f} {page.recall:>6.3f}"
        )
    lines.append(
        f"{'average of ' + str(len(scores.pages)) + ' pages':<57} {scores.precision:>6.3f} {scores.recall:>6.3f}"
    )
    if scores.pages:
        low_p, low_r = scores.worst_precision, scores.worst_recall
        lines.append(
            f"lowest precision: {low_p.precision:.3f} ({low_p.name}); lowest recall: {low_r.recall:.3f} ({low_r.name})"
        )
    return "\n".join(lines)
