"""Tokens with offsets into the original text: what the tagger labels one by one.

The split is chosen so PolNeAR's span edges fall on token edges (99.8 % of train pieces
do): a possessive or a contraction is its own token ("Obama" + "'s", "did" + "n't"), a
punctuation mark is one token, and an abbreviation such as "U.S." keeps its full stops."""

import re
from collections.abc import Sequence
from typing import NamedTuple

_TOKEN = re.compile(r"[A-Za-z]\.(?:[A-Za-z]\.)+|\w+(?:[-&]\w+)*|n['\u2019]t\b|['\u2019](?:s|ll|re|ve|d|m)\b|[^\w\s]")


class Token(NamedTuple):  # a tuple: an article has thousands, made in a blink
    start: int
    end: int
    text: str


def tokenize(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


class Tokens(Sequence[Token]):
    """The tokens of a text as three lists (starts, ends, words), a `Token` made only
    when one is asked for: the tagger needs the lists, and making thousands of tuples
    cost a tenth of its time."""

    __slots__ = ("ends", "starts", "words")

    def __init__(self, starts: list[int], ends: list[int], words: list[str]):
        self.starts, self.ends, self.words = starts, ends, words

    @classmethod
    def of(cls, text: str) -> "Tokens":
        matches = list(_TOKEN.finditer(text))
        return cls([m.start() for m in matches], [m.end() for m in matches], [m.group() for m in matches])

    @classmethod
    def of_list(cls, tokens: Sequence[Token]) -> "Tokens":
        if isinstance(tokens, Tokens):
            return tokens
        return cls([t.start for t in tokens], [t.end for t in tokens], [t.text for t in tokens])

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return Token(self.starts[index], self.ends[index], self.words[index])
