"""A second stage for the tagger: where a found content starts and where it ends.

The CRF labels one token at a time and sees a few neighbours, so most of its content
mistakes are edges: a content stopped at a comma the annotator ran over, run on into the
next clause ("..., encouraging his supporters to ..."), started at "Trump's claim" instead
of at "that". Once the tagger has found a cue and its content, this stage looks at the
content's two edges again, each among the tokens around it (and the ends of the next
sentences), with what a token-level model cannot see: how far the edge moves, what it
crosses on the way (a sentence end, a clause mark, a quotation mark, another cue), what
the edge token and its neighbour are, and what the tagger labelled them.

Each edge is a choice among candidates, scored by a linear model (`Extent`) trained by
logistic regression on the edges the tagger finds in training texts it was not trained
on (`train` labels each half of the train split with a tagger trained on the other
half), so the second stage learns the first one's real mistakes, not its memory of the
training data. The weights ship beside the tagger's as `model.extent.tsv`; without that
file the tagger's own edges stand."""

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..types import Span
from .decode import Attribution
from .features import Features, _cue_words

_CACHE_LIMIT = 200_000
WINDOW = 12  # tokens an edge may move either way
SENTENCES_AHEAD = 2  # the ends of this many following sentences are candidates too
_CLAUSE = frozenset({",", ";", ":", "--", "\u2014", "\u2013", "(", ")"})
_QUOTES = frozenset({'"', "\u201c", "\u201d", "\u2018", "\u2019", "'", "\u00ab", "\u00bb"})
_OUTSIDE = "<p>"  # the word beyond a paragraph's edge
SIDES = ("start", "end")


def path_for(model: Path) -> Path:
    """Where the edge weights of the tagger weights `model` are kept."""
    return model.with_name(model.stem + ".extent.tsv")


def _moved(d: int) -> str:
    size = abs(d)
    bucket = "0" if not size else str(size) if size <= 3 else "4-6" if size <= 6 else "7-12" if size <= 12 else "13+"
    return ("-" if d < 0 else "+" if d > 0 else "") + bucket


def _sign(d: int) -> str:
    return "-" if d < 0 else "+" if d > 0 else "0"


def _few(count: int) -> str:
    return str(count) if count < 2 else "2+"


_COUNTED = ("c", "q", "k", "s")  # clause marks, quotation marks, cues, sentence starts


def _crossed_name(name: str, sign: str, value: str) -> str:
    return f"x{name}{sign}{value}"


_INFO = ("word id", "clause mark", "quotation mark", "cue word")


def _word_info(word: str, vocabulary: dict[str, int]) -> tuple[int, ...]:
    """What the edge features need of a word: its row in `vocabulary` (lower-cased;
    unknown: the vocabulary's size), and whether it is a clause mark, a quotation mark,
    a word of the cue lexicons."""
    lower = word.lower()
    return (
        vocabulary.get(lower, len(vocabulary)),
        word in _CLAUSE,
        word in _QUOTES,
        lower in _cue_words(),
    )


class Context:
    """What the edge features read of one text, computed once: lower-cased words, the
    tagger's labels, sentence and paragraph of every token, and running counts of what
    an edge may cross."""

    def __init__(self, features: Features, labels: list[str], tables: "_Tables | None" = None):
        """`tables`: the weights' tables, whose per-word cache then spares looking at
        every word again (the features spelled out need none)."""
        words = features.words
        n = len(words)
        self.n = n
        self._words = words
        self._lowers: list[str] | None = None
        self.labels = labels
        sentence = np.searchsorted(features.sentence_starts, np.arange(n), side="right") - 1
        self.sentence = np.maximum(sentence, 0).tolist()
        paragraph = [-1] * n
        self.paragraphs = features.paragraphs
        for k, (first, end) in enumerate(features.paragraphs):
            paragraph[first:end] = [k] * (end - first)
        self.paragraph = paragraph
        self.cache: dict = {}  # arrays computed for `tables`
        if tables is None:
            known = np.array([_word_info(word, {}) for word in words], dtype=np.intp).reshape(n, len(_INFO))
        else:
            known = tables.known(words)
            self.cache["word ids"] = known[:, 0]
        roles = [label[2:] for label in labels]
        marks = np.zeros((len(_COUNTED) + 1, n), dtype=bool)  # `_COUNTED`, then tokens outside contents
        marks[0] = known[:, 1]
        marks[1] = known[:, 2]
        marks[2] = known[:, 3] | np.fromiter((role == "CUE" for role in roles), dtype=bool, count=n)
        marks[3, [s for s in features.sentence_starts if s < n]] = True
        marks[4] = np.fromiter((role != "CNT" for role in roles), dtype=bool, count=n)
        # Running totals with a leading 0: the count over tokens a..b-1 is t[b] - t[a].
        self.running = np.zeros((len(marks), n + 1), dtype=np.intp)
        np.cumsum(marks, axis=1, out=self.running[:, 1:])
        self.totals = dict(zip((*_COUNTED, "o"), self.running.tolist(), strict=True))
        self.sentence_last = set((np.array(features.sentence_starts[1:], dtype=int) - 1).tolist()) | {n - 1}
        self.sentence_first = set(features.sentence_starts)

    @property
    def lowers(self) -> list[str]:
        if self._lowers is None:
            self._lowers = [w.lower() for w in self._words]
        return self._lowers

    def ids(self, tables: "_Tables") -> tuple[np.ndarray, np.ndarray]:
        """The row of every token's word and label in `tables`."""
        if "ids" not in self.cache:
            word_ids = self.cache.get("word ids")
            if word_ids is None:
                word_ids = tables.known(self._words)[:, 0]
            index, unknown = tables.labels, len(tables.labels)
            self.cache["ids"] = (
                word_ids,
                np.array([index.get(label, unknown) for label in self.labels], dtype=np.intp),
            )
        return self.cache["ids"]

    def word(self, i: int, paragraph: int) -> str:
        return self.lowers[i] if 0 <= i < self.n and self.paragraph[i] == paragraph else _OUTSIDE

    def label(self, i: int, paragraph: int) -> str:
        return self.labels[i] if 0 <= i < self.n and self.paragraph[i] == paragraph else _OUTSIDE

    def counts(self, a: int, b: int) -> tuple[list[int], str | None]:
        """What lies between two edges, the tokens a..b-1: how many of each `_COUNTED`
        mark, and whether the tagger labelled them content (none / some / all)."""
        t = self.totals
        counted = [t[name][b] - t[name][a] for name in _COUNTED]
        share = None
        if b > a:
            outside = t["o"][b] - t["o"][a]
            share = "none" if outside == 0 else "all" if outside == b - a else "some"
        return counted, share

    def crossed(self, a: int, b: int, sign: str) -> list[str]:
        counted, share = self.counts(a, b)
        found = [_crossed_name(name, sign, _few(count)) for name, count in zip(_COUNTED, counted, strict=True)]
        if share is not None:
            found.append(_crossed_name("o", sign, share))
        return found


def end_candidates(ctx: Context, cue: tuple[int, int], first: int, last: int) -> list[int]:
    """Tokens the content's last token may be: near the tagger's, or the end of one of
    the next sentences, in its paragraph, never past a cue that follows the content."""
    paragraph = ctx.paragraph[last]
    _, end = ctx.paragraphs[paragraph]
    limit = end - 1
    if cue[0] > last:
        limit = min(limit, cue[0] - 1)
    found = set(range(max(first, last - WINDOW), min(limit, last + WINDOW) + 1))
    ahead = 0
    for i in range(last + 1, limit + 1):
        if i in ctx.sentence_last:
            found.add(i)
            ahead += 1
            if ahead == SENTENCES_AHEAD:
                break
    return sorted(found)


def start_candidates(ctx: Context, cue: tuple[int, int], first: int, last: int) -> list[int]:
    """Tokens the content's first token may be: near the tagger's, in its paragraph,
    never before a cue that precedes the content."""
    paragraph = ctx.paragraph[first]
    begin, _ = ctx.paragraphs[paragraph]
    if cue[1] < first:
        begin = max(begin, cue[1] + 1)
    return list(range(max(begin, first - WINDOW), min(last, first + WINDOW) + 1))


def relative_features(after_cue: bool, d: int) -> list[str]:
    """How far the edge moves, and whether the content follows its cue."""
    moved = _moved(d)
    return ["d=" + moved, ("after|" if after_cue else "before|") + moved]


def end_local(ctx: Context, c: int, sign: str) -> list[str]:
    """What the candidate last token `c` and the tokens after it are."""
    p = ctx.paragraph[c]
    after, after_label = ctx.word(c + 1, p), ctx.label(c + 1, p)
    found = [
        "w=" + ctx.lowers[c],
        "n=" + after,
        "n2=" + ctx.word(c + 2, p),
        "l=" + ctx.labels[c],
        "nl=" + after_label,
        sign + "|n=" + after,
        sign + "|nl=" + after_label,
    ]
    if c in ctx.sentence_last:
        found.append("send")
    if c + 1 in ctx.sentence_last and c + 1 < ctx.n and ctx.sentence[c + 1] == ctx.sentence[c]:
        found.append("send1")
    return found


def start_local(ctx: Context, c: int, sign: str) -> list[str]:
    """What the candidate first token `c` and the tokens before it are."""
    p = ctx.paragraph[c]
    before, before_label = ctx.word(c - 1, p), ctx.label(c - 1, p)
    found = [
        "w=" + ctx.lowers[c],
        "p=" + before,
        "p2=" + ctx.word(c - 2, p),
        "l=" + ctx.labels[c],
        "pl=" + before_label,
        sign + "|p=" + before,
        sign + "|w=" + ctx.lowers[c],
        sign + "|pl=" + before_label,
    ]
    if c in ctx.sentence_first:
        found.append("sstart")
    return found


def _touches(side: str, cue: tuple[int, int], c: int) -> list[str]:
    """The content would end right before its cue, or start right after it."""
    if side == "end":
        return ["tocue"] if c + 1 == cue[0] else []
    return ["fromcue"] if c - 1 == cue[1] else []


def _between(side: str, anchor: int, c: int) -> tuple[int, int]:
    """The tokens an edge crosses moving from `anchor` to `c`: a..b-1."""
    if side == "end":
        return min(c, anchor) + 1, max(c, anchor) + 1
    return min(c, anchor), max(c, anchor)


_LOCAL = {"start": start_local, "end": end_local}


def edge_features(side: str, ctx: Context, cue: tuple[int, int], first: int, last: int, c: int) -> list[str]:
    """Every feature of candidate `c` for one edge (`side`) of the content first..last
    of the cue `cue` (token ranges, inclusive)."""
    anchor = first if side == "start" else last
    d = c - anchor
    sign = _sign(d)
    return [
        *relative_features(cue[1] < first, d),
        *_LOCAL[side](ctx, c, sign),
        *_touches(side, cue, c),
        *ctx.crossed(*_between(side, anchor, c), sign),
    ]


CANDIDATES = {"start": start_candidates, "end": end_candidates}
_SIGNS = "-0+"  # by np.sign(d) + 1
_WORD_TEMPLATES = {
    "end": ("w=", "n=", "n2=", *(sign + "|n=" for sign in _SIGNS)),
    "start": ("w=", "p=", "p2=", *(sign + "|p=" for sign in _SIGNS), *(sign + "|w=" for sign in _SIGNS)),
}
_LABEL_TEMPLATES = {
    "end": ("l=", "nl=", *(sign + "|nl=" for sign in _SIGNS)),
    "start": ("l=", "pl=", *(sign + "|pl=" for sign in _SIGNS)),
}


class _Tables:
    """The edge weights as arrays: by word and template, by label and template, by how
    far an edge moves, by what it crosses."""

    def __init__(self, weights: dict[str, dict[str, float]]):
        words = {_OUTSIDE}
        labels = {_OUTSIDE}
        for side, table in weights.items():
            for name in table:
                for template in _WORD_TEMPLATES[side]:
                    if name.startswith(template):
                        words.add(name[len(template) :])
                for template in _LABEL_TEMPLATES[side]:
                    if name.startswith(template):
                        labels.add(name[len(template) :])
        self.words = {word: k for k, word in enumerate(sorted(words))}  # unknown: len(words)
        # What every word seen so far is (`_word_info`), one row per word: a text's words
        # are then looked up with one index operation.
        self._known: dict[str, int] = {}
        self._info = np.zeros((1024, len(_INFO)), dtype=np.intp)
        self._lock = threading.Lock()  # shared by the threads of a server
        self.labels = {label: k for k, label in enumerate(sorted(labels))}
        self.word = {}
        self.label = {}
        self.relative = {}
        self.touch = {}
        self.crossed = {}
        self.share = {}
        self.flags = {}
        for side in SIDES:
            table = weights.get(side, {})
            self.word[side] = np.array(
                [[table.get(t + w, 0.0) for t in _WORD_TEMPLATES[side]] for w in [*sorted(words), ""]]
            )
            self.word[side][-1] = 0.0
            self.label[side] = np.array(
                [[table.get(t + label, 0.0) for t in _LABEL_TEMPLATES[side]] for label in [*sorted(labels), ""]]
            )
            self.label[side][-1] = 0.0
            # By whether the content follows its cue and by d + 13 (-13..13; farther is 13+).
            self.relative[side] = np.array(
                [
                    [sum(table.get(f, 0.0) for f in relative_features(after, d)) for d in range(-13, 14)]
                    for after in (0, 1)
                ]
            )
            self.touch[side] = table.get("tocue" if side == "end" else "fromcue", 0.0)
            self.crossed[side] = np.array(
                [
                    [
                        [table.get(_crossed_name(name, sign, value), 0.0) for value in ("0", "1", "2+")]
                        for sign in _SIGNS
                    ]
                    for name in _COUNTED
                ]
            )
            self.share[side] = np.array(
                [
                    [table.get(_crossed_name("o", sign, value), 0.0) for value in ("none", "some", "all")]
                    for sign in _SIGNS
                ]
            )
            self.flags[side] = {name: table.get(name, 0.0) for name in ("send", "send1", "sstart")}

    def known(self, words: list[str]) -> np.ndarray:
        """`_word_info` of every word: (words, `_INFO`)."""
        with self._lock:
            known = self._known
            new = [word for word in dict.fromkeys(words) if word not in known]
            if new:
                if len(known) + len(new) > _CACHE_LIMIT:  # a long-running process: start afresh
                    known.clear()
                    new = list(dict.fromkeys(words))
                    self._info = np.zeros_like(self._info)
                info = self._info
                if len(known) + len(new) > len(info):
                    grown = np.zeros((max(2 * len(info), len(known) + len(new)), len(_INFO)), dtype=np.intp)
                    grown[: len(info)] = info
                    self._info = info = grown
                for word in new:
                    info[len(known)] = _word_info(word, self.words)
                    known[word] = len(known)
            return self._info[np.fromiter(map(known.__getitem__, words), dtype=np.intp, count=len(words))]

    def local(self, side: str, ctx: "Context") -> np.ndarray:
        """What every token's own features weigh as a candidate edge, by sign of the
        move: (3, tokens)."""
        key = ("local", side)
        if key in ctx.cache:
            return ctx.cache[key]
        ids, label_ids = ctx.ids(self)
        n = ctx.n
        outside_word, outside_label = self.words[_OUTSIDE], self.labels[_OUTSIDE]
        paragraph = np.array(ctx.paragraph)
        step = 1 if side == "end" else -1

        def shifted(values: np.ndarray, by: int, outside: int) -> np.ndarray:
            """values[i + by] where that token is in i's paragraph, else `outside`."""
            result = np.full(n, outside)
            index = np.arange(n) + by
            ok = (index >= 0) & (index < n)
            ok[ok] &= paragraph[index[ok]] == paragraph[ok]
            result[ok] = values[index[ok]]
            return result

        word, label = self.word[side], self.label[side]
        near, far = shifted(ids, step, outside_word), shifted(ids, 2 * step, outside_word)
        near_label = shifted(label_ids, step, outside_label)
        base = word[ids, 0] + word[near, 1] + word[far, 2] + label[label_ids, 0] + label[near_label, 1]
        flags = self.flags[side]
        if side == "end":
            last = np.zeros(n, dtype=bool)
            last[list(ctx.sentence_last)] = True
            sentence = np.array(ctx.sentence)
            before_last = np.zeros(n, dtype=bool)
            before_last[:-1] = last[1:] & (sentence[1:] == sentence[:-1])
            base = base + last * flags["send"] + before_last * flags["send1"]
            signed = [word[near, 3 + s] + label[near_label, 2 + s] for s in range(3)]
        else:
            first = np.zeros(n, dtype=bool)
            first[list(ctx.sentence_first & set(range(n)))] = True
            base = base + first * flags["sstart"]
            signed = [word[near, 3 + s] + word[ids, 6 + s] + label[near_label, 2 + s] for s in range(3)]
        result = ctx.cache[key] = base + np.stack(signed)
        return result


def _token_range(starts: list[int], ends: list[int], span: Span) -> tuple[int, int]:
    return bisect_left(starts, span.start), bisect_right(ends, span.end) - 1


@dataclass
class Extent:
    """The edge weights: one table of feature weights per side."""

    weights: dict[str, dict[str, float]]

    @classmethod
    def load(cls, path: Path) -> "Extent | None":
        """The weights kept in `path`; None when there is no such file. Raises
        ValueError on a malformed line."""
        if not path.is_file():
            return None
        weights: dict[str, dict[str, float]] = {side: {} for side in SIDES}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            side, name, value = (line.split("\t") + ["", ""])[:3]
            try:
                weights[side][name] = float(value)
            except (KeyError, ValueError) as error:
                raise ValueError(f"{path}, line {number}: expected side, feature and weight, tab-separated") from error
        return cls(weights)

    def save(self, path: Path) -> None:
        lines = [
            f"{side}\t{name}\t{value!r}\n"
            for side in SIDES
            for name, value in sorted(self.weights[side].items())
            if value != 0.0
        ]
        path.write_text("".join(lines), encoding="utf-8")

    def __post_init__(self):
        self._tables = _Tables(self.weights)

    def score(self, side: str, ctx: Context, cue: tuple[int, int], first: int, last: int, c: int) -> float:
        """The sum of the weights of `edge_features`, spelled out: what training sees."""
        weights = self.weights[side]
        return sum(weights.get(f, 0.0) for f in edge_features(side, ctx, cue, first, last, c))

    def scores(self, side: str, ctx: Context, edges: list[tuple[tuple[int, int], int, int]]) -> list[np.ndarray]:
        """The score of every candidate of every edge (cue, first, last) at once: the same
        sums as `score`, from tables, one numpy operation for all (a token's own
        features, how far the edge moves, what it crosses)."""
        tables = self._tables
        local = tables.local(side, ctx)
        groups = [np.array(CANDIDATES[side](ctx, cue, first, last), dtype=np.intp) for cue, first, last in edges]
        sizes = [len(g) for g in groups]
        c = np.concatenate(groups)
        anchors = np.repeat([first if side == "start" else last for _, first, last in edges], sizes)
        after = np.repeat([cue[1] < first for cue, first, _ in edges], sizes)
        d = c - anchors
        sign = np.sign(d) + 1
        total = tables.relative[side][after.astype(np.intp), np.clip(d, -13, 13) + 13] + local[sign, c]
        if side == "end":
            touching = c + 1 == np.repeat([cue[0] for cue, _, _ in edges], sizes)
            lo, hi = np.minimum(c, anchors) + 1, np.maximum(c, anchors) + 1
        else:
            touching = c - 1 == np.repeat([cue[1] for cue, _, _ in edges], sizes)
            lo, hi = np.minimum(c, anchors), np.maximum(c, anchors)
        total += np.where(touching, tables.touch[side], 0.0)
        totals = ctx.running
        counted = np.minimum(totals[:4, hi] - totals[:4, lo], 2)
        crossed = tables.crossed[side]
        for k in range(4):
            total += crossed[k, sign, counted[k]]
        outside = totals[4, hi] - totals[4, lo]
        share = np.where(outside == 0, 0, np.where(outside == hi - lo, 2, 1))
        total += np.where(hi > lo, tables.share[side][sign, share], 0.0)
        return np.split(total, np.cumsum(sizes)[:-1]), groups

    def best(self, side: str, ctx: Context, edges: list[tuple[tuple[int, int], int, int]]) -> list[int]:
        """The best-scoring token for one edge of each content (the tagger's own on a tie)."""
        found = []
        scored, groups = self.scores(side, ctx, edges)
        for (_, first, last), scores, candidates in zip(edges, scored, groups, strict=True):
            keep = first if side == "start" else last
            top = scores.max()
            at = np.flatnonzero(candidates == keep)
            found.append(keep if len(at) and scores[at[0]] == top else int(candidates[scores.argmax()]))
        return found

    def refine(
        self,
        text: str,
        features: Features,
        labels: list[str],
        found: list[Attribution],
        only: Callable[[Attribution], bool] | None = None,
    ) -> list[Attribution]:
        """`found` with the edges of every one-piece content chosen again: the ends
        first, then the starts (which may not pass the new ends). `only`: which
        attributions to look at again (the others are kept as found)."""
        tokens = features.tokens
        starts, ends = tokens.starts, tokens.ends
        chosen = [
            k
            for k, attribution in enumerate(found)
            if len(attribution.content) == 1 and (only is None or only(attribution))
        ]
        if not chosen:
            return found
        ctx = Context(features, labels, self._tables)
        edges = []
        for k in chosen:
            cue = _token_range(starts, ends, found[k].cue)
            first, last = _token_range(starts, ends, found[k].content[0])
            edges.append((cue, first, last))
        new_ends = self.best("end", ctx, edges)
        edges = [(cue, first, last) for (cue, first, _), last in zip(edges, new_ends, strict=True)]
        new_starts = self.best("start", ctx, edges)
        result = list(found)
        for k, first, last in zip(chosen, new_starts, new_ends, strict=True):
            start, end = starts[first], ends[last]
            result[k] = Attribution(found[k].source, found[k].cue, (Span(start, end, text[start:end]),))
        return result


def examples(features: Features, labels: list[str], found: list[Attribution], gold: list[tuple[int, int]]):
    """Training examples from one text: for every one-piece content the tagger found
    that overlaps a one-piece gold content (`gold`: character spans), each side's
    candidates as (side, group, features, is the gold edge), the group holding one edge's
    candidates. Edges whose gold token is not a candidate give none."""
    tokens = features.tokens
    starts, ends = tokens.starts, tokens.ends
    ctx = Context(features, labels)
    for attribution in found:
        if len(attribution.content) != 1:
            continue
        piece = attribution.content[0]
        overlaps = [(min(piece.end, e) - max(piece.start, s), s, e) for s, e in gold]
        amount, gold_start, gold_end = max(overlaps, default=(0, 0, 0))
        if amount <= 0:
            continue
        cue = _token_range(starts, ends, attribution.cue)
        first, last = _token_range(starts, ends, piece)
        target_first = bisect_left(starts, gold_start)
        target_last = bisect_right(ends, gold_end) - 1
        if target_first >= len(starts) or starts[target_first] != gold_start or ends[target_last] != gold_end:
            continue  # the gold edge is inside a token
        for side, target, anchor in (("end", target_last, (first, last)), ("start", target_first, (first, last))):
            if side == "start":
                # The start is chosen after the end, so it learns from the gold end.
                anchor = (first, target_last if target_last >= first else last)
            candidates = CANDIDATES[side](ctx, cue, *anchor)
            if target not in candidates:
                continue
            yield side, [(edge_features(side, ctx, cue, *anchor, c), c == target) for c in candidates]
