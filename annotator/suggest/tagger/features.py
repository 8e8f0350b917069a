"""Per-token features for the tagger: the token itself, its neighbours, where it sits
(sentence, paragraph, quotation), the cue lexicons, and what the rules decided.

The rules' own spans are features, not answers: the model learns where they are right
(a rule source is usually a gold source) and where they stop short (a content the rules
cut at a comma, a cue they never heard of). Features of a word are built once per
distinct word and shared, which is what keeps featurising near the speed of the rules."""

import re
from bisect import bisect_left
from functools import cache

from ..lexicon import alternation, forms
from ..segment import segment
from .tokens import Token, tokenize

_PRONOUNS = frozenset("he she they i we it you who which that this these those".split())
_NEIGHBOURS = (-3, -2, -1, 1, 2, 3)


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
def _phrase_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """Word-bounded patterns for the entries of several words ("according to")."""
    patterns = []
    for tag, (name, fold) in _LEXICONS.items():
        phrases = [form for form in forms(name) if " " in form or "-" in form]
        if phrases:
            flags = re.IGNORECASE if fold else 0
            patterns.append((tag, re.compile(r"(?<!\w)(?:" + alternation(phrases) + r")(?!\w)", flags)))
    return tuple(patterns)


def _shape(word: str) -> str:
    shape = []
    for char in word:
        kind = "X" if char.isupper() else "x" if char.islower() else "d" if char.isdigit() else char
        if not shape or shape[-1] != kind:
            shape.append(kind)
    return "".join(shape)[:6]


_STATIC: dict[str, tuple[str, ...]] = {}
_SHIFTED: dict[tuple[str, int], tuple[str, ...]] = {}


def _static(word: str) -> tuple[str, ...]:
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


def _shifted(word: str, offset: int) -> tuple[str, ...]:
    key = (word, offset)
    found = _SHIFTED.get(key)
    if found is None:
        prefix = f"{offset}:"
        found = tuple(prefix + f for f in _static(word) if f[:2] in ("w=", "sh", "lx") or f == "cap")
        if abs(offset) > 1:
            found = found[:1]  # far neighbours: the word only
        if len(_SHIFTED) < 400_000:
            _SHIFTED[key] = found
    return found


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-6" if n < 7 else "7-12" if n < 13 else "13+"


_POS = tuple("pos=" + _bucket(n) for n in range(100))
_REM = tuple("rem=" + _bucket(n) for n in range(100))
_LC_BEFORE = tuple("lc<" + _bucket(n) for n in range(100))
_LC_AFTER = tuple("lc>" + _bucket(n) for n in range(100))
_RC_BEFORE = tuple("rc<" + _bucket(n) for n in range(100))
_RC_AFTER = tuple("rc>" + _bucket(n) for n in range(100))


def _mark(labels: list[str], starts: list[int], start: int, end: int, role: str) -> None:
    """Label the tokens inside [start, end) B-role / I-role (first one B)."""
    first = bisect_left(starts, start)
    index = first
    while index < len(starts) and starts[index] < end:
        labels[index] = ("B-" if index == first else "I-") + role
        index += 1


def rule_labels(text: str, tokens: list[Token], suggestions=None) -> tuple[list[str], list[bool]]:
    """The rules' decisions as one BIO label per token, and which tokens lie in a direct quotation."""
    if suggestions is None:
        from .. import suggest  # here, not at the top: the suggester may one day call the tagger

        suggestions = suggest(text)
    starts = [t.start for t in tokens]
    labels = ["O"] * len(tokens)
    direct = [False] * len(tokens)
    for found in suggestions:
        for piece in found.fragments:
            _mark(labels, starts, piece.start, piece.end, "CNT")
            if found.direct:
                for i in range(bisect_left(starts, piece.start), bisect_left(starts, piece.end)):
                    direct[i] = True
        if found.source is not None:
            _mark(labels, starts, found.source.start, found.source.end, "SRC")
        if found.cue is not None:
            _mark(labels, starts, found.cue.start, found.cue.end, "CUE")
    return labels, direct


def featurize(text: str, tokens: list[Token] | None = None) -> tuple[list[Token], list[list[str]], list[int]]:
    """The tokens of `text`, one feature list per token, and the index of the first
    token of every sentence."""
    if tokens is None:
        tokens = tokenize(text)
    n = len(tokens)
    if not n:
        return tokens, [], []
    starts = [t.start for t in tokens]
    words = [t.text for t in tokens]
    document = segment(text)

    # Which tokens a lexicon entry covers: one-word entries are in the word's own
    # features ("lx="), entries of several words ("according to") are searched for.
    lexicon: list[list[str]] = [[] for _ in range(n)]
    single = _single_words()
    cue_like = [any(tag in _CUE_TAGS for tag in single.get(w.lower(), ())) for w in words]
    for tag, pattern in _phrase_patterns():
        for match in pattern.finditer(text):
            first = bisect_left(starts, match.start())
            last = bisect_left(starts, match.end())
            for i in range(first, last):
                lexicon[i].append(("lb=" if i == first else "li=") + tag)
                if tag in _CUE_TAGS:
                    cue_like[i] = True

    # Inside a quotation, or one of its marks.
    quote = [""] * n
    for q in document.quotes:
        first = bisect_left(starts, q.start)
        last = bisect_left(starts, q.end)
        for i in range(first, last):
            quote[i] = "q=in"
        if first < n and starts[first] == q.start:
            quote[first] = "q=open"
        if q.closed and last - 1 >= first:
            quote[last - 1] = "q=close"

    rules, direct = rule_labels(text, tokens)

    bounds = [(bisect_left(starts, s.start), bisect_left(starts, s.end)) for s in document.sentences]
    paragraph_starts = {bisect_left(starts, p[0]) for p in document.paragraphs}

    # Built column by column, then joined row by row: most of a row is cached tuples.
    lowers = [w.lower() for w in words]
    columns = [[_static(w) for w in words]]
    for offset in _NEIGHBOURS:
        shifted = [_shifted(w, offset) for w in words]
        edge = (f"{offset}:edge",) if offset in (-1, 1) else ()
        if offset < 0:
            columns.append([edge] * -offset + shifted[:offset])
        else:
            columns.append(shifted[offset:] + [edge] * offset)
    bigrams = [()] + [("bi=" + a + "|" + b,) for a, b in zip(lowers, lowers[1:], strict=False)]
    rules_here = [("r=" + label, "rw=" + label + "|" + lower) for label, lower in zip(rules, lowers, strict=True)]
    rules_before = [()] + [("r-1=" + label,) for label in rules[:-1]]
    rules_after = [("r+1=" + label,) for label in rules[1:]] + [()]
    lexicon_here = [tuple(tags) for tags in lexicon]
    lexicon_before = [()] + [tuple("-1" + f for f in tags) for tags in lexicon[:-1]]
    lexicon_after = [tuple("+1" + f for f in tags) for tags in lexicon[1:]] + [()]
    for column in (bigrams, lexicon_here, lexicon_after, lexicon_before):
        columns.append(column)
    place = [()] * n
    for first, last in bounds:
        lex_cues = [i for i in range(first, last) if cue_like[i]]
        rule_cues = [i for i in range(first, last) if rules[i] == "B-CUE"]
        rule_any = any(label != "O" for label in rules[first:last])
        for i in range(first, last):
            row = [_POS[min(i - first, 99)], _REM[min(last - 1 - i, 99)]]
            if quote[i]:
                row.append(quote[i])
            if i == first:
                row.append("s0")
            if i == last - 1:
                row.append("s$")
            if i in paragraph_starts:
                row.append("p0")
            if lex_cues:
                k = bisect_left(lex_cues, i)
                if k:
                    row.append(_LC_BEFORE[min(i - lex_cues[k - 1], 99)])
                k += k < len(lex_cues) and lex_cues[k] == i
                if k < len(lex_cues):
                    row.append(_LC_AFTER[min(lex_cues[k] - i, 99)])
            else:
                row.append("nolc")
            if direct[i]:
                row.append("rdir")
            if rule_cues:
                k = bisect_left(rule_cues, i + 1)
                if k:
                    row.append(_RC_BEFORE[min(i - rule_cues[k - 1], 99)])
                if k < len(rule_cues):
                    row.append(_RC_AFTER[min(rule_cues[k] - i, 99)])
            elif not rule_any:
                row.append("norule")
            place[i] = row
    columns += [rules_here, rules_before, rules_after]
    features: list[list[str] | None] = [None] * n
    covered = [False] * n
    for first, last in bounds:
        for i in range(first, last):
            covered[i] = True
    for i, parts in enumerate(zip(*columns, strict=True)):
        if covered[i]:
            row = list(place[i])
            for part in parts:
                row += part
            features[i] = row

    # A token outside every sentence (stray punctuation between them) gets its own features only.
    rows = [row if row is not None else list(_static(words[i])) for i, row in enumerate(features)]
    return tokens, rows, sorted({first for first, last in bounds if first < last} | {0})
