"""Score the suggester against gold attributions in the PolNeAR JSON Lines format.

Matching, per article and per role (source, cue, content), one gold span to at most
one predicted span and back:

- A span is its list of pieces: the `fragments` of a discontinuous gold span when
  present, else `[start, end)`; a prediction's pieces are its content fragments (a
  quotation split around its cue) or its one span. Each piece is trimmed of surrounding
  whitespace, nothing else.
- **exact**: the predicted pieces equal the gold pieces, character for character. This
  is span-level and stricter than the token-level exact match of the published PolNeAR
  results (a token tagger is credited token by token; here a span missing one word, or
  keeping a final full stop the annotator left out, counts as wrong).
- **overlap**: the predicted and gold pieces share at least one character; pairs are
  matched greedily, largest overlap first, one to one.

Gold attributions with a null source (or cue) have no gold span for that role, so a
prediction there counts against precision only. Precision = matched predictions /
predictions, recall = matched gold spans / gold spans, micro-averaged over all articles.
Articles annotated by several annotators are scored once per annotation."""

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROLES = ("source", "cue", "content")
Pieces = tuple[tuple[int, int], ...]


@dataclass
class Article:
    id: str
    text: str
    gold: dict[str, list[Pieces]]


@dataclass
class Counts:
    predicted: int = 0
    gold: int = 0
    matched: int = 0

    def add(self, other: "Counts") -> None:
        self.predicted += other.predicted
        self.gold += other.gold
        self.matched += other.matched

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """Counts per (match, role), match being "exact" or "overlap"."""

    counts: dict[tuple[str, str], Counts] = field(
        default_factory=lambda: {(m, r): Counts() for m in ("exact", "overlap") for r in ROLES}
    )
    articles: int = 0

    def add(self, other: "Report") -> None:
        for key, value in other.counts.items():
            self.counts[key].add(value)
        self.articles += other.articles

    def f1(self, match: str, role: str) -> float:
        return self.counts[(match, role)].f1

    def table(self) -> str:
        lines = [f"{'role':<8} {'match':<8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6} {'hit':>6}"]
        for role in ROLES:
            for match in ("exact", "overlap"):
                c = self.counts[(match, role)]
                lines.append(
                    f"{role:<8} {match:<8} {100 * c.precision:6.1f} {100 * c.recall:6.1f} {100 * c.f1:6.1f} "
                    f"{c.gold:6d} {c.predicted:6d} {c.matched:6d}"
                )
        return "\n".join(lines)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _trimmed(text: str, pieces: Pieces) -> Pieces:
    trimmed = sorted(_trim(text, start, end) for start, end in pieces)
    return tuple(p for p in trimmed if p[1] > p[0])


def pieces_of(text: str, span: dict) -> Pieces:
    raw = span.get("fragments") or [span]
    pieces = tuple(sorted(_trim(text, int(p["start"]), int(p["end"])) for p in raw))
    return tuple(p for p in pieces if p[1] > p[0])


def load(path: str | Path, limit: int | None = None) -> Iterator[Article]:
    """Articles from a PolNeAR JSON Lines file. Raises ValueError on a malformed line."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if limit is not None and number > limit:
                return
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = record["text"]
                gold: dict[str, list[Pieces]] = {role: [] for role in ROLES}
                for attribution in record["attributions"]:
                    for role in ROLES:
                        span = attribution.get(role)
                        if span:
                            pieces = pieces_of(text, span)
                            if pieces:
                                gold[role].append(pieces)
            except (ValueError, KeyError, TypeError) as error:
                raise ValueError(f"{path}, line {number}: not a PolNeAR attribution record ({error})") from error
            yield Article(id=str(record.get("id", number)), text=text, gold=gold)


def _overlap(a: Pieces, b: Pieces) -> int:
    total = 0
    for s1, e1 in a:
        for s2, e2 in b:
            total += max(0, min(e1, e2) - max(s1, s2))
    return total


def match_counts(gold: list[Pieces], predicted: list[Pieces]) -> tuple[Counts, Counts]:
    """(exact, overlap) counts for one role of one article."""
    remaining: dict[Pieces, int] = {}
    for pieces in gold:
        remaining[pieces] = remaining.get(pieces, 0) + 1
    exact = 0
    for pieces in predicted:
        if remaining.get(pieces):
            remaining[pieces] -= 1
            exact += 1
    pairs = []
    for i, g in enumerate(gold):
        g_lo, g_hi = g[0][0], g[-1][1]
        for j, p in enumerate(predicted):
            if p[-1][1] <= g_lo or p[0][0] >= g_hi:
                continue
            amount = _overlap(g, p)
            if amount:
                pairs.append((-amount, i, j))
    pairs.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for _, i, j in pairs:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
    return (
        Counts(predicted=len(predicted), gold=len(gold), matched=exact),
        Counts(predicted=len(predicted), gold=len(gold), matched=len(used_gold)),
    )


Predictor = Callable[[str], dict[str, list[Pieces]]]


def score_article(article: Article, predicted: dict[str, list[Pieces]]) -> Report:
    report = Report(articles=1)
    for role in ROLES:
        pieces = [_trimmed(article.text, p) for p in predicted.get(role, [])]
        exact, overlap = match_counts(article.gold[role], [p for p in pieces if p])
        report.counts[("exact", role)] = exact
        report.counts[("overlap", role)] = overlap
    return report


def evaluate(articles: Iterable[Article], predict: Predictor) -> tuple[Report, list[tuple[str, Report]]]:
    """The total report and one report per article, in input order."""
    total = Report()
    per_article = []
    for article in articles:
        report = score_article(article, predict(article.text))
        total.add(report)
        per_article.append((article.id, report))
    return total, per_article


def predict_with_suggester(text: str, tagger=None) -> dict[str, list[Pieces]]:
    """The suggester's spans; `tagger`: its `TaggerOptions`, None for the rules alone."""
    from . import suggest

    predicted: dict[str, list[Pieces]] = {role: [] for role in ROLES}
    suggestions = suggest(text, tagger=tagger)
    # PolNeAR annotates a quotation continued over several sentences (`"A," he said.
    # "B."`) as one content in pieces; the suggester proposes one statement each.
    contents: dict[int, list[tuple[int, int]]] = {}
    for number, suggestion in enumerate(suggestions):
        root = number
        while suggestions[root].continues is not None:
            root = suggestions[root].continues
        contents.setdefault(root, []).extend((piece.start, piece.end) for piece in suggestion.fragments)
    for suggestion in suggestions:
        if suggestion.source is not None:
            predicted["source"].append(((suggestion.source.start, suggestion.source.end),))
        if suggestion.cue is not None:
            predicted["cue"].append(((suggestion.cue.start, suggestion.cue.end),))
    predicted["content"].extend(tuple(sorted(pieces)) for pieces in contents.values())
    return predicted
