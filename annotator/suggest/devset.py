"""Score the suggester on the real-news development set: statements, stance, speaker and
relaying outlet (format: `tests/data/suggest/realnews_dev*.jsonl`, one excerpt a line with
`text` and `statements`, each with `start`, `end`, `stance`, `speaker`, `via`).

Matching, per excerpt: a suggestion matches a gold statement when their spans share at
least half of the shorter one (a split quotation counts from its first piece to its
last); pairs are taken greedily, the largest shared fraction first, one to one.

- statements: precision = matched suggestions / suggestions, recall = matched gold / gold.
- denials (claims): a hit is a matched pair where both say denial (claim); precision over
  the suggested denials, recall over the gold ones.
- stance, speaker: accuracy over the matched pairs.
- via: over the matched gold statements that name an outlet; also how many of those got
  no outlet at all, and how many suggestions name an outlet the gold statement does not.
- responds to: over the matched gold denials whose answered claim is matched too, the
  suggestion must answer that claim's suggestion.

Speaker right (`same_speaker`): the names, normalised (case, punctuation, titles and
honorifics such as "Mr." or "Rear Admiral", a leading determiner), are equal, or the
words of one appear in order inside the other ("Peskov" in "Dmitry Peskov", "Dmitry
Peskov" in "Kremlin spokesman Dmitry Peskov"). Via right (`same_outlet`): the outlet
names are equal after casefolding, dropping a leading "the", and mapping aliases
through the outlet lexicon ("AP" = "Associated Press", "Twitter" = "X")."""

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .evaluate import Counts
from .names import strip_titles
from .relay import outlets_for
from .relay_patterns import platform
from .types import Suggestion


@dataclass
class GoldStatement:
    start: int
    end: int
    stance: str
    speaker: str | None
    via: str | None
    direct: bool | None = None
    responds_to: int | None = None


@dataclass
class Excerpt:
    id: str
    text: str
    statements: list[GoldStatement]


def is_devset(path: str | Path) -> bool:
    """True when the file's first record has `statements` (the dev-set format), False for
    PolNeAR's `attributions`."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                try:
                    return "statements" in json.loads(line)
                except ValueError:
                    return False
    return False


def load(path: str | Path, limit: int | None = None) -> Iterator[Excerpt]:
    """Excerpts from a dev-set file. Raises ValueError on a malformed line."""
    with open(path, encoding="utf-8") as handle:
        count = 0
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            if limit is not None and count >= limit:
                return
            try:
                record = json.loads(line)
                text = record["text"]
                statements = []
                for item in record["statements"]:
                    start, end = int(item["start"]), int(item["end"])
                    if not 0 <= start < end <= len(text):
                        raise ValueError(f"span {start}-{end} outside the text")
                    if item["stance"] not in ("claim", "denial"):
                        raise ValueError(f"stance {item['stance']!r} is neither claim nor denial")
                    statements.append(
                        GoldStatement(
                            start=start,
                            end=end,
                            stance=item["stance"],
                            speaker=item.get("speaker"),
                            via=item.get("via"),
                            direct=item.get("direct"),
                            responds_to=item.get("responds_to"),
                        )
                    )
            except (ValueError, KeyError, TypeError) as error:
                raise ValueError(f"{path}, line {number}: not a dev-set record ({error})") from error
            count += 1
            yield Excerpt(id=str(record.get("id", number)), text=text, statements=statements)


_PUNCT = re.compile(r"[^\w\s]")
_DETERMINER = re.compile(r"^(?:the|a|an)\s+")


def normalise_name(name: str | None) -> tuple[str, ...]:
    """The words of a speaker name that identify it: no titles, honorifics, determiner
    or punctuation, casefolded."""
    if not name:
        return ()
    bare = strip_titles(" ".join(name.split()))
    words = _PUNCT.sub(" ", _DETERMINER.sub("", bare.casefold().replace("\u2019", "'"))).split()
    return tuple(w for w in words if w not in ("mr", "mrs", "ms", "dr", "s"))


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    it = iter(longer)
    return all(word in it for word in shorter)


def same_speaker(gold: str | None, predicted: str | None) -> bool:
    a, b = normalise_name(gold), normalise_name(predicted)
    if not a or not b:
        return not a and not b
    if a == b:
        return True
    longer, shorter = (a, b) if len(a) >= len(b) else (b, a)
    return _contains(longer, shorter)


def normalise_outlet(name: str | None) -> str:
    if not name:
        return ""
    key = " ".join(name.replace("\u2019", "'").split())
    known = outlets_for(()).outlet(key) or outlets_for(()).outlet(_DETERMINER.sub("", key, count=1))
    if known is not None:
        key = known.name
    key = platform(key) or key
    return _DETERMINER.sub("", key.casefold())


def same_outlet(gold: str | None, predicted: str | None) -> bool:
    return normalise_outlet(gold) == normalise_outlet(predicted)


# Precision, recall and F1 of matched counts: the same arithmetic as the PolNeAR scorer.
Score = Counts


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 0.0


@dataclass
class Mistake:
    excerpt: str
    kind: str  # "missed", "spurious", "stance", "speaker", "via"
    gold: str
    predicted: str


@dataclass
class DevReport:
    excerpts: int = 0
    statements: Score = field(default_factory=Score)
    denials: Score = field(default_factory=Score)
    claims: Score = field(default_factory=Score)
    stance: Accuracy = field(default_factory=Accuracy)
    speaker: Accuracy = field(default_factory=Accuracy)
    via: Accuracy = field(default_factory=Accuracy)
    via_none: int = 0  # matched gold statements naming an outlet that got none
    via_unmatched: int = 0  # gold statements naming an outlet with no matching suggestion
    via_spurious: int = 0  # matched suggestions naming an outlet the gold statement does not
    responds_to: Accuracy = field(default_factory=Accuracy)  # matched gold denials answering a matched claim
    mistakes: list[Mistake] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        """The headline figures, in percent: what the floor test and the README use."""
        return {
            "statements_p": 100 * self.statements.precision,
            "statements_r": 100 * self.statements.recall,
            "denial_f1": 100 * self.denials.f1,
            "claim_f1": 100 * self.claims.f1,
            "stance": 100 * self.stance.rate,
            "speaker": 100 * self.speaker.rate,
            "via": 100 * self.via.rate,
            "responds_to": 100 * self.responds_to.rate,
        }

    def table(self) -> str:
        def prf(label: str, s: Score) -> str:
            return (
                f"{label:<22} {100 * s.precision:6.1f} {100 * s.recall:6.1f} {100 * s.f1:6.1f} "
                f"{s.gold:6d} {s.predicted:6d} {s.matched:6d}"
            )

        def acc(label: str, a: Accuracy, extra: str = "") -> str:
            return f"{label:<22} {100 * a.rate:6.1f}%  ({a.right} of {a.total}){extra}"

        return "\n".join(
            [
                f"{'measure':<22} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6} {'hit':>6}",
                prf("statements", self.statements),
                prf("denials", self.denials),
                prf("claims", self.claims),
                acc("stance (matched)", self.stance),
                acc("speaker (matched)", self.speaker),
                acc(
                    "via (gold names one)",
                    self.via,
                    f"; {self.via_none} with none suggested, {self.via_unmatched} statements unmatched, "
                    f"{self.via_spurious} outlets suggested where the gold has none",
                ),
                acc("responds to (matched)", self.responds_to),
            ]
        )


def _shared_fraction(a: tuple[int, int], b: tuple[int, int]) -> tuple[float, float]:
    """(shared / shorter, shared / longer): the second breaks ties in favour of the closer span."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    longer = max(a[1] - a[0], b[1] - b[0])
    return (shared / shorter, shared / longer) if shared > 0 and shorter > 0 else (0.0, 0.0)


def match(gold: list[GoldStatement], predicted: list[Suggestion]) -> list[tuple[int, int]]:
    """(gold index, suggestion index) pairs sharing >= 50% of the shorter span, greedily."""
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            fraction, closeness = _shared_fraction((g.start, g.end), (p.start, p.end))
            if fraction >= 0.5:
                pairs.append((-fraction, -closeness, i, j))
    pairs.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matched = []
    for _, _, i, j in pairs:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            matched.append((i, j))
    return sorted(matched)


def score_excerpt(excerpt: Excerpt, predicted: list[Suggestion], report: DevReport) -> None:
    gold = excerpt.statements
    pairs = match(gold, predicted)
    report.excerpts += 1
    report.statements.gold += len(gold)
    report.statements.predicted += len(predicted)
    report.statements.matched += len(pairs)
    for stance, score in (("denial", report.denials), ("claim", report.claims)):
        score.gold += sum(g.stance == stance for g in gold)
        score.predicted += sum(p.stance == stance for p in predicted)
        score.matched += sum(gold[i].stance == stance and predicted[j].stance == stance for i, j in pairs)
    text = excerpt.text

    def show(start: int, end: int) -> str:
        return text[start:end][:90]

    for i, j in pairs:
        g, p = gold[i], predicted[j]
        report.stance.total += 1
        report.stance.right += g.stance == p.stance
        if g.stance != p.stance:
            report.mistakes.append(Mistake(excerpt.id, "stance", f"{g.stance}: {show(g.start, g.end)}", p.stance))
        report.speaker.total += 1
        if same_speaker(g.speaker, p.speaker):
            report.speaker.right += 1
        else:
            report.mistakes.append(Mistake(excerpt.id, "speaker", str(g.speaker), str(p.speaker)))
        if g.via:
            report.via.total += 1
            report.via.right += same_outlet(g.via, p.via)
            report.via_none += p.via is None
            if not same_outlet(g.via, p.via):
                report.mistakes.append(Mistake(excerpt.id, "via", g.via, str(p.via)))
        elif p.via:
            report.via_spurious += 1
            report.mistakes.append(Mistake(excerpt.id, "via", "None", p.via))
    pred_of = dict(pairs)
    for i, j in pairs:
        target = gold[i].responds_to
        if gold[i].stance == "denial" and target is not None and target in pred_of:
            report.responds_to.total += 1
            report.responds_to.right += predicted[j].responds_to == pred_of[target]
    matched_gold = {i for i, _ in pairs}
    matched_pred = {j for _, j in pairs}
    for i, g in enumerate(gold):
        if i not in matched_gold:
            report.via_unmatched += bool(g.via)
            report.mistakes.append(Mistake(excerpt.id, "missed", f"{g.stance}: {show(g.start, g.end)}", ""))
    for j, p in enumerate(predicted):
        if j not in matched_pred:
            report.mistakes.append(Mistake(excerpt.id, "spurious", "", f"{p.stance}: {show(p.start, p.end)}"))


def evaluate(excerpts: Iterable[Excerpt], predict: Callable[[str], list[Suggestion]]) -> DevReport:
    report = DevReport()
    for excerpt in excerpts:
        score_excerpt(excerpt, predict(excerpt.text), report)
    return report
