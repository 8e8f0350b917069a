"""Labelling with the trained CRF's weights in numpy: the same labels CRFsuite's own
tagger gives, several times faster.

CRFsuite is given the features of every token as strings and looks each one up; most
of them depend on one word only (`features.word_features`), so here their weights are
summed once per distinct word and offset, kept, and added as whole rows. The Viterbi
search runs over all paragraphs of a text at once (each paragraph is one sequence, as
in training), one numpy step per token position instead of one per token."""

import threading
from pathlib import Path

import numpy as np

from . import clusters, extent
from .features import CLUSTER_OFFSETS, FAMILIES, NEIGHBOURS, Features, cluster_features, paragraph_ids, word_features

_OFFSETS = (0, *NEIGHBOURS)
# A word's table row: its word features at each of `_OFFSETS`, then its classes at each
# of `CLUSTER_OFFSETS` (these only within a paragraph, as in training).
_COLUMNS = len(_OFFSETS) + len(CLUSTER_OFFSETS)
_CACHE_LIMIT = 200_000


class Weights:
    """A CRFsuite model's labels, transition weights and feature weights."""

    def __init__(self, path: Path, lm=None):
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        info = tagger.info()
        self.labels: list[str] = [label for label, _ in sorted(info.labels.items(), key=lambda item: int(item[1]))]
        index = {label: k for k, label in enumerate(self.labels)}
        k = len(self.labels)
        self.transitions = np.zeros((k, k))
        for (before, after), weight in info.transitions.items():
            self.transitions[index[before], index[after]] = weight
        rows: dict[str, int] = {}
        matrix: list[np.ndarray] = []
        for (attribute, label), weight in info.state_features.items():
            row = rows.get(attribute)
            if row is None:
                row = rows[attribute] = len(matrix)
                matrix.append(np.zeros(k))
            matrix[row][index[label]] = weight
        self.rows = rows
        self.matrix = np.vstack(matrix + [np.zeros(k)])  # the last row: an unknown feature
        # The context families' weights in one table: family f's value v is row
        # offset[f] + v; a token without a value in a family (-1) gets the zero row.
        unknown = len(self.matrix) - 1
        table, offsets = [], []
        for names in FAMILIES.values():
            offsets.append(len(table))
            table.extend(rows.get(name, unknown) for name in names)
        self._families = self.matrix[table + [unknown]]
        self._offsets = np.array(offsets, dtype=np.intp)
        self._none = len(table)
        # The word classes the model was trained with, kept beside it.
        self.classes = clusters.load(clusters.path_for(path))
        # The second stage's edge weights, kept beside them too (None: the tagger's edges stand).
        self.extent = extent.Extent.load(extent.path_for(path))
        self.lm = lm
        self._lm_weights = lm.weights(rows, self.matrix) if lm is not None else None
        # What each word seen so far contributes at each offset, one row per word: a
        # text's words are then looked up with one index operation.
        self._word_rows: dict[str, int] = {}
        self._word_table = np.zeros((1024, _COLUMNS, k))
        self._lock = threading.Lock()  # the table is shared by the threads of a server

    def _word(self, word: str) -> np.ndarray:
        """The summed weights of what `word` contributes at each offset: (offsets, labels)."""
        rows, unknown, classes = self.rows, len(self.matrix) - 1, self.classes
        found = [word_features(word, offset) for offset in _OFFSETS]
        found += [cluster_features(classes, word, offset) for offset in CLUSTER_OFFSETS]
        return np.stack([self.matrix[[rows.get(f, unknown) for f in names]].sum(axis=0) for names in found])

    def _word_index(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The row of every word in the table, and the table."""
        with self._lock:
            return self._rows_of(words)

    def _rows_of(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        known = self._word_rows
        new = [word for word in dict.fromkeys(words) if word not in known]
        if new:
            if len(known) + len(new) > _CACHE_LIMIT:  # a long-running process: start afresh
                known.clear()
                new = list(dict.fromkeys(words))
                # A new table: a text being scored still reads the old one.
                self._word_table = np.zeros_like(self._word_table)
            table = self._word_table
            if len(known) + len(new) > len(table):
                grown = np.zeros((max(2 * len(table), len(known) + len(new)), *table.shape[1:]))
                grown[: len(table)] = table
                self._word_table = table = grown
            for word in new:
                table[len(known)] = self._word(word)
                known[word] = len(known)
        return np.fromiter(map(known.__getitem__, words), dtype=np.intp, count=len(words)), self._word_table

    def emissions(self, features: Features) -> np.ndarray:
        """The score of every label for every token: (tokens, labels)."""
        words = features.words
        index, by_word = self._word_index(words)
        scores = by_word[index, 0].copy()
        for position, offset in enumerate(NEIGHBOURS, 1):
            # Token i gets what the word at i + offset contributes at `offset`.
            if offset > 0:
                scores[:-offset] += by_word[index[offset:], position]
            else:
                scores[-offset:] += by_word[index[:offset], position]
        if self.classes:
            paragraph = paragraph_ids(len(words), features.paragraphs)
            for position, offset in enumerate(CLUSTER_OFFSETS, len(_OFFSETS)):
                if offset > 0:
                    same = paragraph[:-offset] == paragraph[offset:]
                    scores[:-offset][same] += by_word[index[offset:], position][same]
                elif offset < 0:
                    same = paragraph[-offset:] == paragraph[:offset]
                    scores[-offset:][same] += by_word[index[:offset], position][same]
                else:
                    scores += by_word[index, position]
        codes = features.codes.astype(np.intp)
        codes = np.where(codes >= 0, codes + self._offsets, self._none)
        scores += self._families[codes].sum(axis=1)
        rows, unknown = self.rows, len(self.matrix) - 1
        scores += self.matrix[[rows.get(f, unknown) for f in features.labelled]]
        scores[1:] += self.matrix[[rows.get(f, unknown) for f in features.bigrams]]
        for i, extra in features.extra.items():
            scores[i] += self.matrix[[rows.get(f, unknown) for f in extra]].sum(axis=0)
        if self.lm is not None:
            scores += self.lm.split(words) @ self._lm_weights
        return scores

    def label(self, features: Features) -> list[str]:
        """The best label sequence of every paragraph, as one label per token."""
        n = len(features.words)
        labels = ["O"] * n
        if not n or not features.paragraphs:
            return labels
        scores = self.emissions(features)
        paragraphs = sorted(features.paragraphs, key=lambda p: p[0] - p[1])  # longest first
        lengths = np.array([end - first for first, end in paragraphs])
        width = int(lengths[0])
        k = len(self.labels)
        padded = np.zeros((len(paragraphs), width, k))
        for row, (first, end) in enumerate(paragraphs):
            padded[row, : end - first] = scores[first:end]
        active_at = np.searchsorted(-lengths, -np.arange(width), side="left").tolist()  # paragraphs longer than t
        best = padded[:, 0].copy()
        back = np.zeros((len(paragraphs), width, k), dtype=np.intp)
        candidates = np.empty((len(paragraphs), k, k))
        transitions = self.transitions
        for t in range(1, width):
            m = active_at[t]
            step = candidates[:m]
            np.add(best[:m, :, None], transitions, out=step)  # (paragraphs, before, after)
            step.argmax(axis=1, out=back[:m, t])
            step.max(axis=1, out=best[:m])
            best[:m] += padded[:m, t]
        last = best.argmax(axis=1).tolist()
        back_lists = back.tolist()
        names = self.labels
        for row, (first, end) in enumerate(paragraphs):
            current = last[row]
            steps = back_lists[row]
            for t in range(end - first - 1, -1, -1):
                labels[first + t] = names[current]
                current = steps[t][current]
        return labels
