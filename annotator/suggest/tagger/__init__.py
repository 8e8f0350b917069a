"""A trained tagger for who said what: source, cue and content spans of attributions.

    tagged(text) -> [Attribution(source, cue, content)]

A linear-chain CRF (CRFsuite) labels every token B/I/O for source, cue and content;
`decode` groups the labelled chunks into attributions. Its features are the token and
its neighbours, where it sits (sentence, paragraph, quotation), the cue lexicons, and
the rules' own decisions (`annotator.suggest.suggest`), so it learns where the rules are
right and recovers what they miss. Trained on the PolNeAR train split by
`manage.py train_tagger`; the weights ship as `model.crfsuite` (the texts never do).
Without that file `tagged` raises `TaggerUnavailable` and the rules run as before."""

import threading
from functools import cache
from pathlib import Path

from .decode import Attribution, attributions
from .features import featurize

__all__ = ["MODEL", "Attribution", "TaggerUnavailable", "available", "predict", "tagged"]

MODEL = Path(__file__).with_name("model.crfsuite")


class TaggerUnavailable(RuntimeError):
    """The weights file is missing (or unreadable)."""


class _Tagger:
    def __init__(self, path: Path):
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open(str(path))
        except (OSError, ValueError) as error:
            raise TaggerUnavailable(f"{path}: cannot load the tagger's weights ({error})") from error
        # A CRFsuite tagger holds its current sequence: one caller at a time.
        self._lock = threading.Lock()

    def labels(self, features: list[list[str]]) -> list[str]:
        with self._lock:
            return self._tagger.tag(features)


@cache
def _load(path: Path) -> _Tagger:
    if not path.is_file():
        raise TaggerUnavailable(f"{path}: no weights file; run `manage.py train_tagger` to build it.")
    return _Tagger(path)


def available(model: str | Path | None = None) -> bool:
    try:
        _load(Path(model or MODEL))
    except TaggerUnavailable:
        return False
    return True


def tagged(text: str, *, model: str | Path | None = None) -> list[Attribution]:
    """The attributions the tagger finds in `text`, ordered by cue. `model`: another
    weights file (default: the shipped `model.crfsuite`)."""
    tagger = _load(Path(model or MODEL))
    tokens, features, sentence_starts = featurize(text)
    if not tokens:
        return []
    return attributions(text, tokens, tagger.labels(features), sentence_starts)


def predict(text: str, *, model: str | Path | None = None) -> dict[str, list[tuple[tuple[int, int], ...]]]:
    """The tagger's spans in the form `evaluate.evaluate` scores: pieces per role. A
    source shared by two cues is predicted twice, as PolNeAR annotates it twice."""
    predicted: dict[str, list[tuple[tuple[int, int], ...]]] = {"source": [], "cue": [], "content": []}
    for found in tagged(text, model=model):
        if found.source is not None:
            predicted["source"].append(((found.source.start, found.source.end),))
        predicted["cue"].append(((found.cue.start, found.cue.end),))
        if found.content:
            predicted["content"].append(tuple((piece.start, piece.end) for piece in found.content))
    return predicted
