"""The hook for a pretrained language model: its token embeddings become real-valued
features of the tagger: the embedding of the token itself, each dimension k as two
features, `lm<k>+` (its value when positive) and `lm<k>-` (minus its value when
negative). CRFsuite counts a feature's frequency as the sum of its values and drops
the rare ones (`feature.minfreq`), which would drop every dimension that is mostly
negative; split by sign, both halves count up.

A model directory (setting `ANNOTATOR_SUGGEST_LM_DIR`, or `train_tagger --lm-dir`) holds:

- `vocab.txt`: one token a line, UTF-8; the line number is the token's row;
- `embeddings.npy`: a float matrix of shape (tokens in vocab.txt, dimensions), saved
  with `numpy.save`;
- `config.json` (optional): `{"lowercase": true}` when the vocabulary is lower-cased.

A word not in the vocabulary gets the zero vector. Export static embeddings this way
from any model (a transformer's input embeddings, word2vec, fastText); nothing is
downloaded at run time and nothing large is installed by default. A tagger trained
with a model directory must be run with the same one: its `lm*` weights are learned
for those vectors (without them the tagger runs, and scores as if every vector were
zero)."""

import json
from pathlib import Path

import numpy as np

PREFIX = "lm"


class LanguageModelError(ValueError):
    """The model directory is missing a file or its files disagree."""


class Embeddings:
    def __init__(self, vocab: dict[str, int], vectors: np.ndarray, lowercase: bool = False):
        if vectors.ndim != 2 or vectors.shape[0] != len(vocab):
            raise LanguageModelError(
                f"embeddings.npy has shape {vectors.shape}; expected ({len(vocab)}, dimensions) for vocab.txt"
            )
        self.vocab = vocab
        # One zero row more, for the words the vocabulary lacks.
        self.vectors = np.vstack([vectors.astype(np.float64), np.zeros((1, vectors.shape[1]))])
        self.lowercase = lowercase
        dimensions = vectors.shape[1]
        self.names = tuple(f"{PREFIX}{k}+" for k in range(dimensions)) + tuple(
            f"{PREFIX}{k}-" for k in range(dimensions)
        )

    @classmethod
    def load(cls, directory: str | Path) -> "Embeddings":
        directory = Path(directory)
        vocab_file, vectors_file = directory / "vocab.txt", directory / "embeddings.npy"
        for needed in (vocab_file, vectors_file):
            if not needed.is_file():
                raise LanguageModelError(
                    f"{needed}: missing (a language-model directory needs vocab.txt and embeddings.npy)"
                )
        words = vocab_file.read_text(encoding="utf-8").split("\n")
        if words and words[-1] == "":
            words.pop()
        config_file = directory / "config.json"
        config = json.loads(config_file.read_text(encoding="utf-8")) if config_file.is_file() else {}
        try:
            vectors = np.load(vectors_file, allow_pickle=False)
        except ValueError as error:
            raise LanguageModelError(f"{vectors_file}: not a numpy array file ({error})") from error
        return cls({word: row for row, word in enumerate(words)}, vectors, bool(config.get("lowercase")))

    def rows(self, words: list[str]) -> np.ndarray:
        unknown = len(self.vocab)
        vocab = self.vocab
        if self.lowercase:
            return np.fromiter((vocab.get(w.lower(), unknown) for w in words), dtype=np.intp, count=len(words))
        return np.fromiter((vocab.get(w, unknown) for w in words), dtype=np.intp, count=len(words))

    def split(self, words: list[str]) -> np.ndarray:
        """Every token's embedding split by sign: (tokens, 2 * dimensions), in the order
        of `names`."""
        vectors = self.vectors[self.rows(words)]
        return np.hstack([np.maximum(vectors, 0.0), np.maximum(-vectors, 0.0)])

    def features(self, words: list[str]) -> list[dict[str, float]]:
        """Every token's embedding as named values: what CRFsuite trains on."""
        names = self.names
        return [
            {name: value for name, value in zip(names, row, strict=True) if value} for row in self.split(words).tolist()
        ]

    def weights(self, rows: dict[str, int], matrix: np.ndarray) -> np.ndarray:
        """The model's weights for the features of `names`: (2 * dimensions, labels),
        zero for a feature the model has none for."""
        unknown = len(matrix) - 1
        return matrix[[rows.get(name, unknown) for name in self.names]]
