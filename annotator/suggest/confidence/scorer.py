"""A trained scorer as plain JSON, and the confidences it gives.

The model is two logistic regressions over the named features of `features`:

- "accept": the probability that a reviewer accepts the suggestion as it is (neither
  rejected nor corrected) — the suggestion's **confidence**;
- "stance": the probability that the suggested stance is the one the reviewer keeps,
  learnt from the suggestions that were kept (accepted or corrected). Absent until the
  reviews hold both kinds (a stance corrected and one left alone).

Stored as {"format": 1, "heads": {"accept": {"intercept": b, "weights": {name: w}},
"stance": {...} | null}}: JSON a person can read and a database column holds, never a
pickle. Scoring needs no scikit-learn, only this module."""

import math
from dataclasses import dataclass

FORMAT = 1


def sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    exponent = math.exp(value)
    return exponent / (1.0 + exponent)


@dataclass(frozen=True)
class Head:
    intercept: float
    weights: dict[str, float]

    def probability(self, values: dict[str, float]) -> float:
        weights = self.weights
        return sigmoid(self.intercept + sum(weights.get(name, 0.0) * value for name, value in values.items()))

    def as_json(self) -> dict:
        return {"intercept": self.intercept, "weights": self.weights}

    @classmethod
    def from_json(cls, data: dict | None) -> "Head | None":
        if not data:
            return None
        return cls(intercept=float(data["intercept"]), weights={k: float(v) for k, v in data["weights"].items()})


@dataclass(frozen=True)
class Scorer:
    accept: Head
    stance: Head | None = None

    def confidence(self, values: dict[str, float]) -> float:
        return self.accept.probability(values)

    def stance_right(self, values: dict[str, float]) -> float | None:
        return self.stance.probability(values) if self.stance is not None else None

    def stance_doubt(self, values: dict[str, float]) -> float | None:
        right = self.stance_right(values)
        return None if right is None else 1.0 - right

    def as_json(self) -> dict:
        return {
            "format": FORMAT,
            "heads": {"accept": self.accept.as_json(), "stance": self.stance.as_json() if self.stance else None},
        }

    @classmethod
    def from_json(cls, data: dict) -> "Scorer":
        """ValueError when `data` is not a stored scorer of this format."""
        if not isinstance(data, dict) or data.get("format") != FORMAT or "accept" not in data.get("heads", {}):
            raise ValueError("Not a stored suggestion scorer (format 1).")
        heads = data["heads"]
        return cls(accept=Head.from_json(heads["accept"]), stance=Head.from_json(heads.get("stance")))

    @classmethod
    def constant(cls, rate: float) -> "Scorer":
        """The scorer that knows nothing but the rate: what a first model must beat."""
        rate = min(max(rate, 1e-6), 1 - 1e-6)
        return cls(accept=Head(intercept=math.log(rate / (1 - rate)), weights={}))

    def top_weights(self, count: int = 8) -> list[tuple[str, float]]:
        ordered = sorted(self.accept.weights.items(), key=lambda item: -abs(item[1]))
        return ordered[:count]
