"""Chance-corrected agreement on nominal labels given by two coders to the same units.

Krippendorff's alpha comes from the `krippendorff` package (a maintained implementation
of the coincidence-matrix computation), imported when first needed. Cohen's kappa is
the few lines below, the textbook formula: scikit-learn's `cohen_kappa_score` gives the
same figures (a test compares the two on random labels) but would pull scikit-learn and
SciPy, about 100 MiB, into every web worker that imports this module, for one formula.

Both coefficients are undefined when chance agreement is total (every label the same
kind): they are then None, never a number made up for the occasion."""

from collections import Counter
from collections.abc import Hashable, Sequence


def observed_agreement(first: Sequence[Hashable], second: Sequence[Hashable]) -> float | None:
    if not first:
        return None
    return sum(a == b for a, b in zip(first, second, strict=True)) / len(first)


def cohen_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float | None:
    """(p_o - p_e) / (1 - p_e): p_o the share of units labelled alike, p_e the share
    expected by chance from each coder's own label frequencies."""
    if len(first) != len(second):
        raise ValueError("Both coders must label the same units.")
    if not first or len(set(first) | set(second)) < 2:
        return None  # one label in all: chance agreement is total
    n = len(first)
    freq_a, freq_b = Counter(first), Counter(second)
    expected = sum(freq_a[label] * freq_b[label] for label in freq_a) / (n * n)
    if expected == 1:
        return None
    return (observed_agreement(first, second) - expected) / (1 - expected)


def krippendorff_alpha(first: Sequence[Hashable], second: Sequence[Hashable]) -> float | None:
    """Nominal alpha, 1 - D_o / D_e, over units both coders labelled."""
    if len(first) != len(second):
        raise ValueError("Both coders must label the same units.")
    labels = sorted(set(first) | set(second), key=str)
    if len(labels) < 2:  # one label in all: no expected disagreement to compare with
        return None
    import krippendorff  # numpy with it: only the processes that compute agreement load them
    import numpy as np

    code = {label: i for i, label in enumerate(labels)}
    data = np.array([[code[x] for x in first], [code[x] for x in second]], dtype=float)
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
