"""Fitting the scorer on reviewed examples (scikit-learn's LogisticRegression).

An example is (features, accepted as is, stance kept or None): `stance kept` is None for
a rejected suggestion (there is no final stance to compare). Deterministic: same
examples in the same order, same weights (lbfgs, no random state involved)."""

from dataclasses import dataclass

from .scorer import Head, Scorer

# L2 strength: with a few dozen reviews the weights must stay modest, or one cue word
# seen twice decides everything.
C = 0.5
MIN_EXAMPLES = 10


@dataclass(frozen=True)
class Example:
    values: dict[str, float]
    accepted: bool  # accepted as it was suggested
    stance_kept: bool | None = None  # None: rejected, no final stance


class NotTrainable(ValueError):
    """Too few examples, or all with one outcome: nothing to learn from."""


def _fit(rows: list[dict[str, float]], labels: list[int]) -> Head:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer(sparse=True, sort=True)
    matrix = vectorizer.fit_transform(rows)
    model = LogisticRegression(C=C, max_iter=1000, solver="lbfgs")
    model.fit(matrix, labels)
    weights = {
        name: round(float(weight), 6)
        for name, weight in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(weight) > 1e-9
    }
    return Head(intercept=round(float(model.intercept_[0]), 6), weights=weights)


def train(examples: list[Example]) -> Scorer:
    """NotTrainable when the examples cannot teach anything."""
    if len(examples) < MIN_EXAMPLES:
        raise NotTrainable(f"{len(examples)} reviews: at least {MIN_EXAMPLES} are needed to train.")
    labels = [int(example.accepted) for example in examples]
    if len(set(labels)) < 2:
        raise NotTrainable("Every review so far had the same outcome: there is nothing to tell apart yet.")
    accept = _fit([example.values for example in examples], labels)
    kept = [example for example in examples if example.stance_kept is not None]
    stance_labels = [int(example.stance_kept) for example in kept]
    stance = _fit([e.values for e in kept], stance_labels) if len(set(stance_labels)) == 2 else None
    return Scorer(accept=accept, stance=stance)
