"""Training the tagger on PolNeAR-format records, reproducibly: the CRF, its word
classes, and the second stage's edge weights (`extent`).

L-BFGS in CRFsuite has no random state: the same records in the same order with the
same parameters give the same model file, byte for byte. The edge model is trained on
two CRFs of half the texts each (split by a checksum of the text, not at random) and
fitted by scikit-learn's L-BFGS logistic regression, deterministic too; training takes
about twice as long as the CRF alone."""

import tempfile
import zlib
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pycrfsuite

from . import clusters, extent
from .decode import attributions
from .features import Features, extract, rows
from .tokens import Token, tokenize

# Chosen on PolNeAR dev: strong L1 drops the features that do not help, which both
# keeps the weights file small and scored best. Dev exact F1 source/cue/content, the
# tagger alone, article-long sequences: c1=0.05 -> 65.6/61.9/38.3 in 12 MB; c1=0.3 ->
# 68.9/65.5/48.6 in 8.6 MB; c1=1.0 -> 70.2/66.7/50.0 in 4.3 MB. Paragraph sequences
# with the clause features: c1=1.0 -> 69.3/65.9/50.4 in 4.4 MB; c1=2.0 ->
# 68.8/65.9/50.7 in 3.0 MB; with lexicon phrases matched by token, c1=2.0 ->
# 69.4/66.3/51.5 in 2.75 MB. Retrained after the rules changed: 69.8/64.9/50.5 in 3.6 MB;
# c1=1.0 with 150 iterations: 70.9/66.9/51.1 in 3.4 MB. With the learned word classes
# (`clusters`, read within the paragraph): c1=2.0 -> 70.9/67.1/52.1 in 2.55 MB
# (shipped, BIO; with decoding that keeps a continued quotation in its paragraph);
# c1=1.0, 150 iterations -> 69.9/65.8/50.2 in 3.9 MB; BILOU labels -> 71.1/67.1/52.5 in
# 3.2 MB (within noise of BIO, a quarter larger). Classes read across paragraph edges too trained
# to 70.0/65.1/50.4 in 3.9 MB.
SCHEME = "BIO"
PARAMS = {
    "c1": 2.0,
    "c2": 0.01,
    "max_iterations": 90,
    "feature.possible_transitions": True,
    "feature.minfreq": 5,
}


def bilou(labels: list[str]) -> list[str]:
    """BIO labels as BILOU: a chunk of one token is U, the last token of a longer one L.
    The model then learns where a span ends as well as where it starts."""
    result = list(labels)
    n = len(labels)
    for i, label in enumerate(labels):
        if label == "O":
            continue
        following = labels[i + 1] if i + 1 < n else "O"
        ends = following[:2] != "I-" or following[2:] != label[2:]
        if ends:
            result[i] = ("U-" if label[:2] == "B-" else "L-") + label[2:]
    return result


def gold_labels(tokens: list[Token], attributions: Iterable[dict], scheme: str = "BIO") -> list[str]:
    """One label per token from PolNeAR attributions, BIO (or BILOU, `scheme`). Content
    is marked first, so in the rare overlap (a source inside another attribution's
    content) the source wins."""
    from bisect import bisect_left

    starts = [t.start for t in tokens]
    labels = ["O"] * len(tokens)
    attributions = list(attributions)
    for role, tag in (("content", "CNT"), ("source", "SRC"), ("cue", "CUE")):
        for attribution in attributions:
            span = attribution.get(role)
            if not span:
                continue
            for piece in span.get("fragments") or [span]:
                first = bisect_left(starts, int(piece["start"]))
                index = first
                while index < len(tokens) and tokens[index].end <= int(piece["end"]):
                    labels[index] = ("B-" if index == first else "I-") + tag
                    index += 1
    return bilou(labels) if scheme == "BILOU" else labels


def train(
    records: Iterable[dict],
    path: str | Path,
    params: dict | None = None,
    lm=None,
    classes_path: str | Path | None = None,
    extent_path: str | Path | None = None,
) -> int:
    """Train on `records` ({"text", "attributions"}) and write the model to `path`, the
    word classes learned from the same texts to `classes_path`, and the second stage's
    edge weights (`extent`) to `extent_path` (by default beside it, where the tagger
    looks: `clusters.path_for`, `extent.path_for`). `lm`: the `lm.Embeddings` whose
    vectors are features too. Returns the number of articles trained on."""
    records = list(records)
    classes = clusters.learn(record["text"] for record in records)
    texts: list[tuple[dict, Features, list[list[str]] | list[dict], list[str]]] = []
    for record in records:
        tokens = tokenize(record["text"])
        if not tokens:
            continue
        features = extract(record["text"], tokens=tokens)
        items, labels = rows(features, classes), gold_labels(tokens, record["attributions"], SCHEME)
        if lm is not None:
            items = [_with_values(row, vector) for row, vector in zip(items, lm.features(features.words), strict=True)]
        texts.append((record, features, items, labels))
    if not texts:
        raise ValueError("no text to train on")
    params = PARAMS | (params or {})
    _fit_crf(texts, path, params)
    clusters.save(Path(classes_path) if classes_path else clusters.path_for(Path(path)), classes)
    edges = _fit_extent(texts, params)
    edges.save(Path(extent_path) if extent_path else extent.path_for(Path(path)))
    return len(texts)


def _fit_crf(texts, path: str | Path, params: dict) -> None:
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params(params)
    for _, features, items, labels in texts:
        # One sequence per paragraph, as the scorer labels them: hardly any content
        # runs over a paragraph break (1 piece in 23,288 in PolNeAR train).
        for first, end in features.paragraphs:
            trainer.append(pycrfsuite.ItemSequence(items[first:end]), labels[first:end])
    trainer.train(str(path))


FOLDS = 2


def _fold(record: dict) -> int:
    """The half of the training texts a record falls in, by its text: an article
    annotated twice stays in one half, so no tagger labels a text it was trained on."""
    return zlib.crc32(record["text"].encode("utf-8")) % FOLDS


def _fit_extent(texts, params: dict) -> extent.Extent:
    """The second stage, trained on the edges the tagger finds in texts it did not see:
    each half of the texts labelled by a tagger trained on the other half."""
    groups: dict[str, list[tuple[list[str], bool]]] = {side: [] for side in extent.SIDES}
    with tempfile.TemporaryDirectory() as folder:
        for fold in range(FOLDS):
            held_out = [text for text in texts if _fold(text[0]) == fold]
            rest = [text for text in texts if _fold(text[0]) != fold]
            if not held_out or not rest:
                continue
            model = Path(folder) / f"fold{fold}.crfsuite"
            _fit_crf(rest, model, params)
            tagger = pycrfsuite.Tagger()
            tagger.open(str(model))
            for record, features, items, _ in held_out:
                labels = ["O"] * len(items)
                for first, end in features.paragraphs:
                    labels[first:end] = tagger.tag(pycrfsuite.ItemSequence(items[first:end]))
                found = attributions(record["text"], features.tokens, labels, features.sentence_starts)
                for side, group in extent.examples(features, labels, found, _one_piece_contents(record)):
                    groups[side].extend(group)
            tagger.close()
    return extent.Extent({side: _logistic(groups[side]) for side in extent.SIDES})


def _one_piece_contents(record: dict) -> list[tuple[int, int]]:
    """The gold contents in one piece, trimmed of surrounding whitespace as scored."""
    text, found = record["text"], []
    for attribution in record["attributions"]:
        content = attribution.get("content")
        if content and not content.get("fragments"):
            start, end = int(content["start"]), int(content["end"])
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                found.append((start, end))
    return found


# The edge model's logistic regression: inverse L2 penalty (C=1 and C=4 scored the same
# on dev, 16 a little less); features seen in fewer candidates are left out, and weights
# are kept to 4 decimals, which keeps the file small (every feature kept: 4 MB).
EXTENT_C = 1.0
EXTENT_MIN_COUNT = 5


def _logistic(examples: list[tuple[list[str], bool]]) -> dict[str, float]:
    """Feature weights that tell a gold edge from the other candidates (none when the
    examples hold only one kind: the tagger's own edges then stand)."""
    if len({gold for _, gold in examples}) < 2:
        return {}
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    seen = Counter(name for names, _ in examples for name in set(names))
    if not any(count >= EXTENT_MIN_COUNT for count in seen.values()):
        return {}
    vectorizer = DictVectorizer(sparse=True, sort=True)
    matrix = vectorizer.fit_transform(
        [{name: 1 for name in names if seen[name] >= EXTENT_MIN_COUNT} for names, _ in examples]
    )
    model = LogisticRegression(C=EXTENT_C, max_iter=2000, solver="lbfgs")
    model.fit(matrix, [int(gold) for _, gold in examples])
    weights = (
        (name, round(float(weight), 4))
        for name, weight in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
    )
    return {name: weight for name, weight in weights if weight}


def _with_values(row: list[str], values: dict[str, float]) -> dict[str, float]:
    """A token's features as CRFsuite's named values: 1 per occurrence of each string
    feature (a feature listed twice counts twice, as in a list), plus the embedding."""
    named: dict[str, float] = {}
    for feature in row:
        named[feature] = named.get(feature, 0.0) + 1.0
    named.update(values)
    return named
