"""Per-token features for the tagger: the token itself, its neighbours, where it sits
(sentence, paragraph, quotation), the cue lexicons, and what the rules decided.

The rules' own spans are features, not answers: the model learns where they are right
(a rule source is usually a gold source) and where they stop short (a content the rules
cut at a comma, a cue they never heard of).

A token's features come in two parts, kept apart because that is what makes tagging
fast (see `scorer`):

- *word features*: what the word at offset -3..+3 is (its form, shape, affixes, lexicon
  tags). They depend on the word alone, so the scorer sums their weights once per
  distinct word and offset and reuses the sum;
- *context features*: everything else (position in the sentence, quotation, distance to
  a cue, the rules' labels), a short list of strings per token.

Training joins both into one list of strings per token (`rows`)."""

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from ..extract import find
from ..lexicon import forms
from ..segment import Document, segment
from ..spans import Found
from .tokens import Token, Tokens, tokenize

_PRONOUNS = frozenset("he she they i we it you who which that this these those".split())
NEIGHBOURS = (-3, -2, -1, 1, 2, 3)
_CLAUSE = frozenset({",", ";", ":", "--", "\u2014", "\u2013", "("})

_LEXICONS = {  # tag: (file, matched ignoring case)
    "rv": ("reporting_verbs", True),
    "dv": ("denial_verbs", True),
    "rn": ("report_nouns", True),
    "ol": ("outlets", False),
    "ti": ("titles", False),
    "an": ("anonymous", True),
    "ro": ("role_nouns", True),
}
_CUE_TAGS = ("rv", "dv", "rn")


@dataclass(slots=True)
class Features:
    """One text's features: `words`; `codes`, one column per context family
    (`FAMILIES`); `labelled` ("rw=": the rules' label with the word) and `bigrams`
    ("bi=": the word before with this one, none for the first token); `extra`, the
    rarer context features as strings, by token. `paragraphs`: the (first, end) token range of every paragraph,
    the sequences the model labels; `sentence_starts`: the index of the first token of
    every sentence, ascending."""

    tokens: Tokens
    words: list[str]
    codes: np.ndarray
    labelled: list[str]
    bigrams: list[str]
    extra: dict[int, list[str]]
    paragraphs: list[tuple[int, int]]
    sentence_starts: list[int]


@cache
def _single_words() -> dict[str, tuple[str, ...]]:
    """Lexicon tags of every one-word entry, by the form to look up (lower-cased where
    the lexicon ignores case). Single words are looked up per token, not searched for:
    a regex alternation of hundreds of verbs over a whole article costs more than all
    the rest of the features."""
    tags: dict[str, list[str]] = {}
    for tag, (name, fold) in _LEXICONS.items():
        for form in forms(name):
            if " " not in form and "-" not in form:
                tags.setdefault(form.lower() if fold else form, []).append(tag)
    return {form: tuple(found) for form, found in tags.items()}


@cache
def _cue_words() -> frozenset[str]:
    return frozenset(form for form, tags in _single_words().items() if any(tag in _CUE_TAGS for tag in tags))


@cache
def _phrases() -> tuple[dict, dict]:
    """The entries of several words ("according to") as token sequences, by their first
    token: those matched ignoring case (by the lower-cased token), then the others.
    Each entry: (tag, the tokens after the first, each with whether a space comes
    before it), longest first. Looked up token by token: a regex alternation of them
    over the whole text cost more than all the other features."""
    found: tuple[dict, dict] = ({}, {})
    for tag, (name, fold) in _LEXICONS.items():
        for form in forms(name):
            if " " in form or "-" in form:
                tokens = tokenize(form)
                words = [t.text.lower() if fold else t.text for t in tokens]
                spaced = [a.end < b.start for a, b in zip(tokens, tokens[1:], strict=False)]
                entry = (tag, tuple(zip(words[1:], spaced, strict=True)))
                found[0 if fold else 1].setdefault(words[0], []).append(entry)
    return tuple(
        {first: tuple(sorted(set(entries), key=lambda e: (-len(e[1]), e))) for first, entries in by_first.items()}
        for by_first in found
    )


def _phrase_matches(text: str, starts: list[int], ends: list[int], words: list[str], lowers: list[str]):
    """(tag, first token, end token) of every multi-word lexicon entry in the text: its
    tokens in a row with only spaces between them; per tag, matches do not overlap."""
    folded, exact = _phrases()
    n = len(words)
    free_from: dict[str, int] = {}  # per tag: the first token a new match may start at
    firsts = [i for i, (lower, word) in enumerate(zip(lowers, words, strict=True)) if lower in folded or word in exact]
    for i in firsts:
        for fold, entries in ((True, folded.get(lowers[i], ())), (False, exact.get(words[i], ()))):
            for tag, rest in entries:
                end = i + 1 + len(rest)
                if end > n or free_from.get(tag, 0) > i:
                    continue
                ok = True
                for j, (word, spaced) in enumerate(rest, i + 1):
                    gap = text[ends[j - 1] : starts[j]]
                    if (lowers[j] if fold else words[j]) != word or bool(gap) != spaced or gap.strip():
                        ok = False
                        break
                if ok:
                    free_from[tag] = end
                    yield tag, i, end


def _shape(word: str) -> str:
    shape = []
    for char in word:
        kind = "X" if char.isupper() else "x" if char.islower() else "d" if char.isdigit() else char
        if not shape or shape[-1] != kind:
            shape.append(kind)
    return "".join(shape)[:6]


_STATIC: dict[str, tuple[str, ...]] = {}
_SHIFTED: dict[tuple[str, int], tuple[str, ...]] = {}


def word_features(word: str, offset: int = 0) -> tuple[str, ...]:
    """The features the word at `offset` from a token gives it: all of them for the
    token itself, form, shape and lexicon tags for a next neighbour, the form alone for
    a farther one."""
    if offset:
        return _shifted(word, offset)
    found = _STATIC.get(word)
    if found is None:
        lower = word.lower()
        found = ["w=" + lower, "sh=" + _shape(word), "s3=" + lower[-3:], "p3=" + lower[:3]]
        if word[:1].isupper():
            found.append("cap")
        if lower in _PRONOUNS:
            found.append("pron")
        single = _single_words()
        tags = single.get(lower, ()) + (single.get(word, ()) if word != lower else ())
        found.extend("lx=" + tag for tag in dict.fromkeys(tags))
        found = tuple(found)
        if len(_STATIC) < 200_000:
            _STATIC[word] = found
    return found


CLUSTER_OFFSETS = (-2, -1, 0, 1, 2)


def cluster_features(classes: dict[str, tuple[int, ...]], word: str, offset: int = 0) -> tuple[str, ...]:
    """The learned word classes (`clusters`) of the word at `offset` from a token, coarse
    and fine; none for a word without a class or a far neighbour."""
    found = classes.get(word.lower())
    if found is None or offset not in CLUSTER_OFFSETS:
        return ()
    return tuple(f"{offset}:c{level}={value}" for level, value in enumerate(found))


def _shifted(word: str, offset: int) -> tuple[str, ...]:
    key = (word, offset)
    found = _SHIFTED.get(key)
    if found is None:
        prefix = f"{offset}:"
        found = tuple(prefix + f for f in word_features(word) if f[:2] in ("w=", "sh", "lx") or f == "cap")
        if abs(offset) > 1:
            found = found[:1]  # far neighbours: the word only
        if len(_SHIFTED) < 400_000:
            _SHIFTED[key] = found
    return found


_BUCKETS = ("0", "1", "2", "3", "4-6", "7-12", "13+")
# The bucket of every distance 0..99 (farther ones are 13+).
_BUCKET_OF = np.array([min(n, 4 + (n >= 7) + (n >= 13)) if n >= 4 else n for n in range(100)], dtype=np.int16)
ROLE_LABELS = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CNT", "I-CNT")
_QUOTES = ("in", "open", "close")
_CLAUSES = ("0", "1", "2", "3+")

# Context features with a small fixed set of values, one column each in
# `Features.codes`: the value's index, or -1 when the token has none.
FAMILIES: dict[str, tuple[str, ...]] = {
    "pos": tuple("pos=" + b for b in _BUCKETS),  # tokens since the sentence start
    "rem": tuple("rem=" + b for b in _BUCKETS),  # tokens to the sentence end
    "lc<": tuple("lc<" + b for b in _BUCKETS),  # since the last lexicon cue in the sentence
    "lc>": tuple("lc>" + b for b in _BUCKETS),  # to the next one
    "rc<": tuple("rc<" + b for b in _BUCKETS),  # since the rules' last cue (this one included)
    "rc>": tuple("rc>" + b for b in _BUCKETS),  # to the rules' next cue
    "q": tuple("q=" + q for q in _QUOTES),  # inside a quotation, or one of its marks
    "cl": tuple(f"cl<{c}{q}" for q in ("", *_QUOTES) for c in _CLAUSES),  # clause marks since the last cue
    "edge": ("s0", "s$"),  # first or last token of its sentence
    "nolc": ("nolc",),  # no lexicon cue in the sentence
    "norule": ("norule",),  # the rules found nothing in the sentence
    "rdir": ("rdir",),  # in a direct quotation the rules attributed
    "p0": ("p0",),  # first token of a paragraph
    "r": tuple("r=" + label for label in ROLE_LABELS),  # the rules' label of the token
    "r-1": tuple("r-1=" + label for label in ROLE_LABELS),  # ... of the token before
    "r+1": tuple("r+1=" + label for label in ROLE_LABELS),  # ... of the token after
}
_COLUMN = {name: k for k, name in enumerate(FAMILIES)}
_LABEL_INDEX = {label: k for k, label in enumerate(ROLE_LABELS)}


def _mark(labels: list[str], starts: list[int], start: int, end: int, role: str) -> None:
    """Label the tokens inside [start, end) B-role / I-role (first one B)."""
    first = bisect_left(starts, start)
    index = first
    while index < len(starts) and starts[index] < end:
        labels[index] = ("B-" if index == first else "I-") + role
        index += 1


def rule_labels(starts: list[int], found: list[Found]) -> tuple[list[str], list[bool]]:
    """The rules' decisions (`extract.find`) as one BIO label per token, and which
    tokens lie in a direct quotation. A continued quotation has no source or cue of its
    own, as `suggest` proposes it."""
    labels = ["O"] * len(starts)
    direct = [False] * len(starts)
    for item in found:
        for start, end in item.content:
            _mark(labels, starts, start, end, "CNT")
            if item.direct:
                for i in range(bisect_left(starts, start), bisect_left(starts, end)):
                    direct[i] = True
        if item.continues is None:
            if item.source is not None:
                _mark(labels, starts, item.source[0], item.source[1], "SRC")
            _mark(labels, starts, item.cue[0], item.cue[1], "CUE")
    return labels, direct


def extract(
    text: str,
    *,
    tokens: Sequence[Token] | None = None,
    document: Document | None = None,
    found: list[Found] | None = None,
) -> Features:
    """The features of `text`. `document` and `found` (the rules' attributions) are
    computed when not given; `suggest` passes its own so the rules run once."""
    tokens = Tokens.of(text) if tokens is None else Tokens.of_list(tokens)
    n = len(tokens)
    if not n:
        return Features(tokens, [], np.zeros((0, len(FAMILIES)), dtype=np.int16), [], [], {}, [], [])
    if document is None:
        document = segment(text)
    if found is None:
        found = find(document)
    starts_list, words = tokens.starts, tokens.words
    lowers = [w.lower() for w in words]
    codes = np.full((n, len(FAMILIES)), -1, dtype=np.int16)
    index = np.arange(n)

    # The rules' labels: of the token, its neighbours, and with the word itself.
    rules, direct = rule_labels(starts_list, found)
    label_codes = np.fromiter(map(_LABEL_INDEX.__getitem__, rules), dtype=np.int16, count=n)
    codes[:, _COLUMN["r"]] = label_codes
    codes[1:, _COLUMN["r-1"]] = label_codes[:-1]
    codes[:-1, _COLUMN["r+1"]] = label_codes[1:]
    labelled = ["rw=" + label + "|" + lower for label, lower in zip(rules, lowers, strict=True)]
    bigrams = ["bi=" + before + "|" + lower for before, lower in zip(lowers, lowers[1:], strict=False)]
    extra: dict[int, list[str]] = defaultdict(list)
    extra[0].append("-1:edge")
    extra[n - 1].append("1:edge")

    # Lexicon entries of several words ("according to") are matched token by token;
    # one-word entries are in the word features ("lx=").
    cue_words = _cue_words()
    cue_like = np.array([lower in cue_words for lower in lowers], dtype=bool)
    for tag, first, last in _phrase_matches(text, starts_list, tokens.ends, words, lowers):
        for i in range(first, last):
            extra[i].append(("lb=" if i == first else "li=") + tag)
            if i + 1 < n:
                extra[i + 1].append(("-1lb=" if i == first else "-1li=") + tag)
            if i:
                extra[i - 1].append(("+1lb=" if i == first else "+1li=") + tag)
            if tag in _CUE_TAGS:
                cue_like[i] = True

    quote = np.full(n, -1, dtype=np.int16)
    for q in document.quotes:
        first, last = bisect_left(starts_list, q.start), bisect_left(starts_list, q.end)
        quote[first:last] = 0
        if first < n and starts_list[first] == q.start:
            quote[first] = 1
        if q.closed and last - 1 >= first:
            quote[last - 1] = 2

    paragraphs = [(bisect_left(starts_list, s), bisect_left(starts_list, e)) for s, e in document.paragraphs]
    firsts = [first for first, end in paragraphs if first < end]
    codes[firsts, _COLUMN["p0"]] = 0
    bounds = [(bisect_left(starts_list, s.start), bisect_left(starts_list, s.end)) for s in document.sentences]
    bounds = [(first, last) for first, last in bounds if first < last]
    if bounds:
        _place(codes, index, bounds, quote, label_codes, np.array(direct), cue_like, words)
    return Features(
        tokens=tokens,
        words=words,
        codes=codes,
        labelled=labelled,
        bigrams=bigrams,
        extra=dict(extra),
        paragraphs=[(first, end) for first, end in paragraphs if end > first],
        sentence_starts=sorted({first for first, last in bounds} | {0}),
    )


def _place(codes, index, bounds, quote, label_codes, direct, cue_like, words) -> None:
    """Where every token of a sentence sits in it, and how far the nearest cue is, by
    the lexicons and by the rules. Tokens outside every sentence (stray punctuation
    between them) get none of these. All columns at once: a loop over tokens in Python
    cost more than the rest of the tagger."""
    n = len(index)
    sentence_of = np.full(n, -1)
    first_of = np.zeros(n, dtype=np.intp)
    last_of = np.zeros(n, dtype=np.intp)
    for k, (first, last) in enumerate(bounds):
        sentence_of[first:last] = k
        first_of[first:last] = first
        last_of[first:last] = last
    inside = sentence_of >= 0
    column = _COLUMN

    def put(name, values, where):
        codes[where, column[name]] = values[where]

    put("pos", _BUCKET_OF[np.minimum(index - first_of, 99)], inside)
    put("rem", _BUCKET_OF[np.clip(last_of - 1 - index, 0, 99)], inside)
    put("q", quote, inside & (quote >= 0))
    codes[[first for first, _ in bounds], column["edge"]] = 0
    codes[[last - 1 for _, last in bounds], column["edge"]] = 1
    put("rdir", np.zeros(n, dtype=np.int16), inside & direct)

    # The last lexicon cue before a token (strictly), and the next one after it.
    at_cue = np.where(cue_like, index, -1)
    before_incl = np.maximum.accumulate(at_cue)
    before = np.concatenate(([-1], before_incl[:-1]))
    after_incl = np.minimum.accumulate(np.where(cue_like, index, n)[::-1])[::-1]
    after = np.concatenate((after_incl[1:], [n]))
    has_before = inside & (before >= first_of)
    has_after = inside & (after < last_of)
    put("lc<", _BUCKET_OF[np.minimum(index - before, 99)], has_before)
    put("lc>", _BUCKET_OF[np.minimum(np.maximum(after - index, 0), 99)], has_after)
    cues_so_far = np.cumsum(cue_like)
    in_sentence = np.array([cues_so_far[last - 1] - (cues_so_far[first - 1] if first else 0) for first, last in bounds])
    no_cue = np.zeros(n, dtype=bool)
    no_cue[inside] = in_sentence[sentence_of[inside]] == 0
    put("nolc", np.zeros(n, dtype=np.int16), no_cue)

    # Clause marks (commas, dashes...) since the last lexicon cue, this token included:
    # content after a cue mostly runs to the end of the sentence, but a second clause
    # often ends it. Combined with where the token is in a quotation.
    marks = np.cumsum(np.fromiter((w in _CLAUSE for w in words), dtype=bool, count=n))
    counted = inside & ~cue_like & (before_incl >= first_of)
    clauses = np.minimum(marks - marks[np.maximum(before_incl, 0)], 3)
    put("cl", (clauses + 4 * (quote + 1)).astype(np.int16), counted)

    # The rules' cues: the last one at or before the token, the next one after it.
    rule_cue = label_codes == ROLE_LABELS.index("B-CUE")
    rule_before = np.maximum.accumulate(np.where(rule_cue, index, -1))
    rule_after_incl = np.minimum.accumulate(np.where(rule_cue, index, n)[::-1])[::-1]
    rule_after = np.concatenate((rule_after_incl[1:], [n]))
    put("rc<", _BUCKET_OF[np.minimum(index - rule_before, 99)], inside & (rule_before >= first_of))
    put("rc>", _BUCKET_OF[np.minimum(np.maximum(rule_after - index, 0), 99)], inside & (rule_after < last_of))
    labelled = np.cumsum(label_codes != 0)
    in_sentence = np.array([labelled[last - 1] - (labelled[first - 1] if first else 0) for first, last in bounds])
    nothing = np.zeros(n, dtype=bool)
    nothing[inside] = in_sentence[sentence_of[inside]] == 0
    put("norule", np.zeros(n, dtype=np.int16), nothing)


def paragraph_ids(n: int, paragraphs: list[tuple[int, int]]) -> np.ndarray:
    """The paragraph of each of `n` tokens (-1: in none). A token's word classes are
    read only from neighbours in its own paragraph, the sequence it is labelled in."""
    ids = np.full(n, -1)
    for k, (first, end) in enumerate(paragraphs):
        ids[first:end] = k
    return ids


def rows(features: Features, classes: dict[str, tuple[int, ...]] | None = None) -> list[list[str]]:
    """Every token's features as one list of strings: what CRFsuite trains on.
    `classes`: the learned word classes (`clusters`), if any."""
    words = features.words
    n = len(words)
    names = list(FAMILIES.values())
    paragraph = paragraph_ids(n, features.paragraphs).tolist()
    result = []
    for i, (word, codes) in enumerate(zip(words, features.codes.tolist(), strict=True)):
        row = [names[f][code] for f, code in enumerate(codes) if code >= 0]
        row.append(features.labelled[i])
        if i:
            row.append(features.bigrams[i - 1])
        row += features.extra.get(i, ())
        row += word_features(word)
        for offset in NEIGHBOURS:
            j = i + offset
            if 0 <= j < n:
                row += word_features(words[j], offset)
        if classes:
            for offset in CLUSTER_OFFSETS:
                j = i + offset
                if 0 <= j < n and paragraph[j] == paragraph[i]:
                    row += cluster_features(classes, words[j], offset)
        result.append(row)
    return result


def featurize(text: str, tokens: list[Token] | None = None) -> tuple[list[Token], list[list[str]], list[int]]:
    """The tokens of `text`, one feature list per token, and the index of the first
    token of every sentence."""
    features = extract(text, tokens=tokens)
    return features.tokens, rows(features), features.sentence_starts
