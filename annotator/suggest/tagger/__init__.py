"""A trained tagger for who said what: source, cue and content spans of attributions.

    tagged(text) -> [Attribution(source, cue, content)]

A linear-chain CRF labels every token B/I/O for source, cue and content, one paragraph
at a time; `decode` groups the labelled chunks into attributions. Its features
(`features`) are the token and its neighbours, where it sits (sentence, paragraph,
quotation), the cue lexicons, word classes learned from the training texts
(`clusters`, shipped beside the weights as `model.clusters.tsv`), and the rules' own
decisions (`extract.find`), so it learns where the rules are right and recovers what
they miss. Trained with CRFsuite on
the PolNeAR train split by `manage.py train_tagger`; the weights ship as
`model.crfsuite` (the texts never do) and are applied in numpy (`scorer`). A second
stage (`extent`, its weights in `model.extent.tsv`) then chooses again where each
content starts and ends. `combine`
puts the tagger inside `suggest`; `lm` is the hook for a local language model's
embeddings. Without the weights file `tagged` raises `TaggerUnavailable` and the rules
run as before."""

from collections.abc import Callable
from functools import cache
from pathlib import Path

from .decode import Attribution, attributions
from .features import Features, extract

__all__ = ["MODEL", "Attribution", "TaggerUnavailable", "available", "predict", "tagged"]

MODEL = Path(__file__).with_name("model.crfsuite")


class TaggerUnavailable(RuntimeError):
    """The weights file is missing (or unreadable)."""


@cache
def _load(path: Path, lm_dir: Path | None = None):
    from .scorer import Weights

    if not path.is_file():
        raise TaggerUnavailable(f"{path}: no weights file; run `manage.py train_tagger` to build it.")
    lm = None
    if lm_dir is not None:
        from .lm import Embeddings

        lm = Embeddings.load(lm_dir)
    try:
        return Weights(path, lm)
    except (OSError, ValueError) as error:
        raise TaggerUnavailable(f"{path}: cannot load the tagger's weights ({error})") from error


def _weights(model: str | Path | None, lm_dir: str | Path | None):
    return _load(Path(model or MODEL), Path(lm_dir) if lm_dir else None)


def available(model: str | Path | None = None, lm_dir: str | Path | None = None) -> bool:
    try:
        _weights(model, lm_dir)
    except TaggerUnavailable:
        return False
    return True


def tagged(
    text: str,
    *,
    model: str | Path | None = None,
    lm_dir: str | Path | None = None,
    features: Features | None = None,
    refine: Callable[[Attribution], bool] | None = None,
) -> list[Attribution]:
    """The attributions the tagger finds in `text`, ordered by cue. `model`: another
    weights file (default: the shipped `model.crfsuite`); `lm_dir`: the language model
    it was trained with (see `lm`); `features`: those of `text` when already extracted
    (`suggest` extracts them from its own rule results); `refine`: which attributions
    the second stage looks at again (default: all)."""
    weights = _weights(model, lm_dir)
    if features is None:
        features = extract(text)
    if not features.tokens:
        return []
    labels = weights.label(features)
    found = attributions(text, features.tokens, labels, features.sentence_starts)
    if weights.extent is not None:
        found = weights.extent.refine(text, features, labels, found, refine)
    return found


def predict(
    text: str, *, model: str | Path | None = None, lm_dir: str | Path | None = None
) -> dict[str, list[tuple[tuple[int, int], ...]]]:
    """The tagger's spans in the form `evaluate.evaluate` scores: pieces per role. A
    source shared by two cues is predicted twice, as PolNeAR annotates it twice."""
    predicted: dict[str, list[tuple[tuple[int, int], ...]]] = {"source": [], "cue": [], "content": []}
    for found in tagged(text, model=model, lm_dir=lm_dir):
        if found.source is not None:
            predicted["source"].append(((found.source.start, found.source.end),))
        predicted["cue"].append(((found.cue.start, found.cue.end),))
        if found.content:
            predicted["content"].append(tuple((piece.start, piece.end) for piece in found.content))
    return predicted
