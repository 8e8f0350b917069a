"""The cleaner's fast path: recognising, cheaply, a paragraph no rule can name.

Most paragraphs of a news text are plain body text, yet the cleaner asks every rule
about each of them (outlet tags, junk, comment headers, captions, date lines, bylines,
credits, furniture, calls to action), some forty regular expressions, most of which
search the whole paragraph. Each rule module states a cheap necessary condition for its
rules to fire (`may_be_*`): the length its patterns need, a mark or a word every one of
its patterns contains. A paragraph that meets none of them is sorted by its shape alone,
and gets exactly what the rules would have given it: tests/text/test_fast_path.py checks
every condition against its rules, and the fast cleaning against the full one, on
generated and real texts.
"""

import re
from functools import reduce
from operator import or_

from . import boilerplate, bylines, furniture

# The only characters re.IGNORECASE matches to an ASCII letter that str.lower() does not
# turn into it (dotted capital I, dotless i, long s): the words the conditions look for in
# the lower-cased paragraph would miss them, so a paragraph with one takes the full path.
FOLDS_APART = ("\u0130", "\u0131", "\u017f")

# The word lists the conditions search for, one bit each. Searching each paragraph for
# some sixty words costs a scan of it per word; a paragraph's words are nearly all
# words seen before, so what each word of the page holds is worked out once and kept.
HINT, LABEL, PHRASE, VERB, CHANNEL = 1, 2, 4, 8, 16


def _longer_first(phrase: str) -> bool:
    words = phrase.split()
    return len(words[0]) > len(words[-1])


_LABELS = tuple({label.lower() for label in boilerplate.CREDIT_LABELS})
# A phrase that occurs in the paragraph has its first word at the end of one of the
# paragraph's whitespace-separated words, and its last at the start of one: the longer
# of the two is looked for (a one-word phrase anywhere in a word).
_PHRASE_ENDS = tuple({p.split()[0] for p in furniture.STOCK_PHRASES if " " in p and _longer_first(p)})
_PHRASE_STARTS = tuple({p.split()[-1] for p in furniture.STOCK_PHRASES if " " in p and not _longer_first(p)})
_PHRASE_WORDS = tuple(p for p in furniture.STOCK_PHRASES if " " not in p)
_RUN = re.compile(r"\w+")
_MAX_KEPT = 50_000  # distinct words kept, about 5 MB at most


def _word_bits(word: str) -> int:
    """The lists one whitespace-separated lower-case word holds a word of."""
    bits = 0
    if any(hint in word for hint in boilerplate.STRONG_HINTS):
        bits |= HINT
    if any(label in word for label in _LABELS):
        bits |= LABEL
    if word.endswith(_PHRASE_ENDS) or word.startswith(_PHRASE_STARTS) or any(p in word for p in _PHRASE_WORDS):
        bits |= PHRASE
    # Whitespace is no word character: the paragraph's runs are its words' runs.
    runs = set(_RUN.findall(word))
    if not runs.isdisjoint(furniture.CTA_VERB_WORDS):
        bits |= VERB
    if not runs.isdisjoint(furniture.CTA_CHANNEL_WORDS):
        bits |= CHANNEL
    return bits


class _KnownWords(dict):
    def __missing__(self, word: str) -> int:
        if len(self) >= _MAX_KEPT:
            self.clear()
        bits = self[word] = _word_bits(word)
        return bits


_KNOWN = _KnownWords()


def vocabulary_bits(lowered: str) -> int:
    """The lists (HINT, LABEL, ...) whose words may occur in `lowered`: a bit is clear
    only when none of its list's words does."""
    return reduce(or_, map(_KNOWN.__getitem__, lowered.split()), 0)


def is_plain_paragraph(paragraph: str) -> bool:
    """True when no rule of the cleaner applies to `paragraph`: it is body text or a
    short line by its shape (page.shape), and the page decides the rest."""
    if not paragraph.isascii() and any(char in paragraph for char in FOLDS_APART):
        return False
    lowered = paragraph.lower()
    tokens = lowered.split()  # as many as the paragraph's: no case mapping makes or takes a space
    words = len(tokens)
    bits = reduce(or_, map(_KNOWN.__getitem__, tokens), 0)
    return not (
        boilerplate.may_be_junk(paragraph, lowered, words, hinted=bool(bits & HINT), labelled=bool(bits & LABEL))
        or boilerplate.may_be_caption(paragraph, labelled=bool(bits & LABEL))
        or furniture.may_be_furniture(
            paragraph, lowered, words, phrased=bool(bits & PHRASE), called=bits & (VERB | CHANNEL) == VERB | CHANNEL
        )
        or bylines.may_be_metadata(paragraph, lowered)
    )
