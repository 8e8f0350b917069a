"""Word classes learned from the training texts alone: words that occur between the
same neighbours fall in the same class ("expects", "believes", "fears"), so a cue or a
name the tagger never saw labelled still shares weights with ones it did.

Brown clusters without their cost: each frequent word is described by the words seen
just before and just after it (positive pointwise mutual information with the commonest
words), reduced to a few dimensions, and grouped by k-means at two sizes, a coarse and
a fine class, as a Brown cluster's short and long prefixes. Everything is
deterministic (fixed seed, a fixed number of steps), so the same texts give the same
file and the same tagger weights.

The classes ship beside the weights (`model.crfsuite` -> `model.clusters.tsv`), one
word a line: `word<TAB>coarse<TAB>fine`."""

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from .tokens import Tokens

SIZES = (48, 320)  # coarse and fine classes (one setting tried, not tuned)
MIN_COUNT = 4  # rarer words get no class: their neighbours say too little
CONTEXTS = 800  # the commonest words, as neighbours that describe a word
DIMENSIONS = 48
SEED = 20
_STEPS = 25


def path_for(model: Path) -> Path:
    """Where the classes of the weights file `model` are kept."""
    return model.with_name(model.stem + ".clusters.tsv")


def learn(
    texts: Iterable[str], sizes: tuple[int, ...] = SIZES, min_count: int = MIN_COUNT
) -> dict[str, tuple[int, ...]]:
    """The class of every word seen at least `min_count` times in `texts`, by its
    lower-cased form: one class number per size in `sizes` (coarse, fine). None when
    there are fewer such words than classes. A text given twice counts once (PolNeAR
    has articles annotated twice)."""
    documents = [[word.lower() for word in Tokens.of(text).words] for text in dict.fromkeys(texts)]
    counts = Counter(word for words in documents for word in words)
    # Sorted by count, then by word: ties broken the same way on every run.
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    vocabulary = [word for word, count in ranked if count >= min_count]
    if len(vocabulary) < max(sizes):
        return {}
    row = {word: k for k, word in enumerate(vocabulary)}
    context = {word: k for k, (word, _) in enumerate(ranked[:CONTEXTS])}
    width = len(context)
    matrix = np.zeros((len(vocabulary), 2 * width))
    for words in documents:
        for i, word in enumerate(words):
            r = row.get(word)
            if r is None:
                continue
            if i and (c := context.get(words[i - 1])) is not None:
                matrix[r, c] += 1
            if i + 1 < len(words) and (c := context.get(words[i + 1])) is not None:
                matrix[r, width + c] += 1
    vectors = _reduce(_ppmi(matrix))
    return {
        word: classes
        for word, classes in zip(
            vocabulary, zip(*(_kmeans(vectors, size, SEED + size).tolist() for size in sizes), strict=True), strict=True
        )
    }


def _ppmi(matrix: np.ndarray) -> np.ndarray:
    total = matrix.sum()
    expected = matrix.sum(axis=1, keepdims=True) @ matrix.sum(axis=0, keepdims=True) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(matrix > 0, np.log(matrix / expected), 0.0)
    return np.maximum(ratio, 0.0)


def _reduce(matrix: np.ndarray) -> np.ndarray:
    """The rows projected on the leading eigenvectors of their covariance, unit length.
    Eigenvector signs are fixed (largest component positive) so runs agree."""
    centred = matrix - matrix.mean(axis=0)
    values, vectors = np.linalg.eigh(centred.T @ centred)
    top = vectors[:, np.argsort(values)[::-1][:DIMENSIONS]]
    top *= np.sign(top[np.abs(top).argmax(axis=0), np.arange(top.shape[1])])
    reduced = centred @ top
    norms = np.linalg.norm(reduced, axis=1, keepdims=True)
    return reduced / np.where(norms > 0, norms, 1.0)


def _kmeans(vectors: np.ndarray, size: int, seed: int) -> np.ndarray:
    """Lloyd's k-means from `size` rows picked with a fixed seed, for a fixed number of
    steps (spherical: rows and centres are unit length, nearest by dot product)."""
    rng = np.random.RandomState(seed)
    centres = vectors[rng.choice(len(vectors), size, replace=False)]
    for _ in range(_STEPS):
        assigned = (vectors @ centres.T).argmax(axis=1)
        sums = np.zeros_like(centres)
        np.add.at(sums, assigned, vectors)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        # A class left without members keeps its centre.
        centres = np.where(norms > 0, sums / np.where(norms > 0, norms, 1.0), centres)
    return (vectors @ centres.T).argmax(axis=1)


def save(path: Path, classes: dict[str, tuple[int, ...]]) -> None:
    lines = ["\t".join((word, *map(str, found))) + "\n" for word, found in sorted(classes.items())]
    path.write_text("".join(lines), encoding="utf-8")


def load(path: Path) -> dict[str, tuple[int, ...]]:
    """The classes kept in `path`; none when there is no such file (a model trained
    without them). Raises ValueError on a malformed line."""
    if not path.is_file():
        return {}
    classes = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        word, *found = line.split("\t")
        if not word or not found or not all(f.isdigit() for f in found):
            raise ValueError(f"{path}, line {number}: expected a word and its class numbers, tab-separated")
        classes[word] = tuple(map(int, found))
    return classes
