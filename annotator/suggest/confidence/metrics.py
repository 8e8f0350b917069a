"""How well a scorer predicts the reviews it was not trained on, and whether a retrained
scorer may replace the live one.

Held-back reviews are a fixed fifth of them, chosen by the example's id: the same review
is held back for every retrain, so the live and the new scorer are always judged on the
same reviews, and a review never moves from testing one model to training the next.

The gate is the Brier score (the mean squared error of the predicted probability): it
rewards ranking and calibration together, and a scorer that merely says "accept" more
often does not win by it. A new scorer goes live when its score on the held-back reviews
is no worse than the live scorer's on the same reviews (with no live scorer: than the
constant acceptance rate of the training reviews).

Average precision (how well the scorer orders the held-back reviews, which is how the
queue is read) is reported beside it but does not gate. Requiring both was tried on the
dev-set replay (`python -m bench --only learning`): it refused more retrains and ended
lower (top-half acceptance 77.2 % against 77.9 % after five batches, 76.4 against 76.7 %
after ten), because on a few dozen held-back reviews average precision moves by more
than a retrain really changes the order, so a second test mostly adds refusals by
chance."""

from dataclasses import asdict, dataclass, field

from .scorer import Scorer
from .train import Example

HELD_BACK_EVERY = 5
BINS = 5
THRESHOLD = 0.5
MIN_HELD_BACK = 3


def is_held_back(key: int) -> bool:
    # Exactly one in five of any run of consecutive ids: even a few dozen reviews hold
    # back enough to judge. Ids follow the order of reviews, not their outcomes.
    return key % HELD_BACK_EVERY == 0


@dataclass
class Bin:
    low: float
    high: float
    count: int = 0
    predicted: float = 0.0  # mean predicted probability of the examples in it
    observed: float = 0.0  # share of them accepted as is


@dataclass
class Evaluation:
    count: int = 0
    accepted: int = 0
    precision: float = 0.0  # of the suggestions scored >= THRESHOLD, the share accepted as is
    recall: float = 0.0  # of those accepted as is, the share scored >= THRESHOLD
    brier: float = 0.0
    average_precision: float = 0.0
    calibration: list[Bin] = field(default_factory=list)

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict | None) -> "Evaluation | None":
        if not data:
            return None
        bins = [Bin(**item) for item in data.get("calibration", [])]
        return cls(**{**data, "calibration": bins})


def evaluate(scorer: Scorer, examples: list[Example], *, threshold: float = THRESHOLD) -> Evaluation:
    result = Evaluation(count=len(examples), calibration=[Bin(i / BINS, (i + 1) / BINS) for i in range(BINS)])
    if not examples:
        return result
    flagged = hits = squared = 0.0
    for example in examples:
        probability = scorer.confidence(example.values)
        truth = float(example.accepted)
        squared += (probability - truth) ** 2
        result.accepted += example.accepted
        if probability >= threshold:
            flagged += 1
            hits += example.accepted
        target = result.calibration[min(BINS - 1, int(probability * BINS))]
        target.count += 1
        target.predicted += probability
        target.observed += truth
    for target in result.calibration:
        if target.count:
            target.predicted = round(target.predicted / target.count, 4)
            target.observed = round(target.observed / target.count, 4)
    result.precision = round(hits / flagged, 4) if flagged else 0.0
    result.recall = round(hits / result.accepted, 4) if result.accepted else 0.0
    result.brier = squared / len(examples)  # unrounded: the gate compares it
    result.average_precision = average_precision([scorer.confidence(e.values) for e in examples], examples)
    return result


def average_precision(scores: list[float], examples: list[Example]) -> float:
    """The mean, over the examples accepted as is, of the precision among those scored at
    least as high. Tied scores count as one block (each is "at or above" the others), so
    a constant scorer gets the acceptance rate: what a queue in an order that knows
    nothing gives on average."""
    accepted = sum(example.accepted for example in examples)
    if not accepted:
        return 0.0
    ranked = sorted(zip(scores, (example.accepted for example in examples), strict=True), key=lambda pair: -pair[0])
    total = seen = hits = 0
    index = 0
    while index < len(ranked):
        end = index
        while end < len(ranked) and ranked[end][0] == ranked[index][0]:
            end += 1
        block_hits = sum(ok for _, ok in ranked[index:end])
        seen += end - index
        hits += block_hits
        total += block_hits * hits / seen
        index = end
    return total / accepted  # unrounded: the gate compares it


@dataclass(frozen=True)
class Verdict:
    live: bool
    reason: str


def gate(before: Evaluation, after: Evaluation, *, replaces: str = "the live model") -> Verdict:
    """Whether the retrained scorer (`after`) may replace the one judged as `before`."""
    if after.count < MIN_HELD_BACK:
        return Verdict(False, f"only {after.count} held-back reviews: at least {MIN_HELD_BACK} are needed to judge")
    ordering = f"; average precision {after.average_precision:.4f}, {replaces} had {before.average_precision:.4f}"
    if after.brier <= before.brier + 1e-9:
        return Verdict(
            True, f"Brier score {after.brier:.4f} on held-back reviews, {replaces} had {before.brier:.4f}{ordering}"
        )
    return Verdict(
        False,
        f"Brier score {after.brier:.4f} on held-back reviews is worse than {replaces}'s {before.brier:.4f}{ordering}",
    )
