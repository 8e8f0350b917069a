"""What the attribution rules share: the span type, the content trimming conventions
(PolNeAR's: "that" belongs to the content, the final full stop does not, a quotation keeps
its marks), time adverbials, and `Found`, one attribution as the rules found it."""

import re
from dataclasses import dataclass

from .segment import FILL

Range = tuple[int, int]

OPEN = "(?:''|[\"\u201c])"

CLOSE = "(?:''|[\"\u201d])"

DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"

TIME = (
    r"(?:(?:on\s+|last\s+|this\s+|early\s+|late\s+|next\s+)?(?:" + DAYS + r")(?:\s+(?:morning|afternoon|evening|"
    r"night))?|yesterday|today|tonight|(?:last|this|next|earlier\s+this|late\s+last)\s+(?:week|month|year|summer|"
    r"spring|fall|winter|weekend|night))"
)

# `$`-anchored patterns only look this far back: searching a whole sentence for a
# suffix tries every position and is what made the rules slow.
WINDOW = 120

# "this" leads an adverbial only before a time ("this week"); "denied this" has it as object.
_THIS_TIME = (
    r"this(?=\s+(?:week|weekend|month|year|morning|afternoon|evening|time|season|summer|spring|autumn|fall|winter|"
    r"past|coming|last))"
)
PREPOSITION = re.compile(
    r"(?:on|in|at|during|to|from|with|after|before|for|by|about|over|via|through|outside|inside|ahead|"
    r"following|last|" + _THIS_TIME + r"|earlier|later|late|early|recently|yesterday|today|tonight|again|also|"
    r"repeatedly|publicly|privately|then|once|" + DAYS + "|" + _MONTHS + r")\b"
)

THAT = re.compile(r"\bthat\b")

TERMINAL = re.compile(r"\s*(?:[.!?;\u2014]|--|$)")


@dataclass(slots=True)
class Found:
    """One attribution as the rules found it, before names and stance are resolved."""

    cue: Range
    source: Range | None
    content: list[Range]  # one piece, or the pieces of a quotation split around its cue
    direct: bool
    sentence: int
    shape: str
    addressee: Range | None = None
    antecedent: Range | None = None  # what a relative-pronoun source ("who") stands for
    continues: "Found | None" = None  # the statement whose quotation this one continues

    @property
    def start(self) -> int:
        return self.content[0][0]

    @property
    def end(self) -> int:
        return self.content[-1][1]


def strip(text: str, start: int, end: int) -> Range:
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _quote_closes_at(masked: str, end: int) -> bool:
    return end > 0 and masked[end - 1] in "\"\u201d'" and (masked[end - 1] != "'" or masked[end - 2 : end] == "''")


def trim_content(masked: str, start: int, end: int) -> Range | None:
    """Content runs up to its sentence's end, without the final stop or comma; a
    quotation keeps its closing mark and the punctuation inside it."""
    start, end = strip(masked, start, end)
    while end > start and masked[end - 1] in ".,;:\u2014-":
        end -= 1
        while end > start and masked[end - 1].isspace():
            end -= 1
    tail = _TRAILING_TIME.search(masked, max(start, end - WINDOW), end)
    if tail and tail.start() > start:
        end = tail.start()
    if end - start < 2:
        return None
    return start, end


_TRAILING_TIME = re.compile(r"(?:,?\s+(?:" + TIME + r"|on\s+(?:" + _MONTHS + r")\s+\d+|and|or|but))+\s*$")


def _words(text: str) -> list[str]:
    return text.replace(FILL, " ").split()


def skip_adverbials(masked: str, start: int, end: int) -> int:
    """After a cue: step over `on Tuesday`, `at a briefing`, `in a statement` up to a
    `that` within reach, or to the next comma when a prepositional phrase leads."""
    probe = masked[start:end]
    stripped = probe.lstrip()
    lead = len(probe) - len(stripped)
    if not PREPOSITION.match(stripped):
        return start
    that = THAT.search(stripped)
    comma = stripped.find(", ")
    if that and (comma < 0 or that.start() < comma) and len(stripped[: that.start()].split()) <= 12:
        return start + lead + that.start()
    if comma >= 0 and len(stripped[:comma].split()) <= 8:
        return start + lead + comma + 1
    if TERMINAL.fullmatch(stripped.rstrip(".!?") + ".") and len(stripped.split()) <= 8:
        return end  # `X, he said on Tuesday.`: nothing but adverbials follow
    return start


def skip_adverbial_run(masked: str, start: int, end: int, most: int = 3) -> int:
    """`refuted on Tuesday, in his comment for Sputnik, media reports that X`: step over
    adverbials one after another while each ends at a comma."""
    position = skip_adverbials(masked, start, end)
    for _ in range(most - 1):
        if position == start or masked[position - 1] != ",":
            break
        following = skip_adverbials(masked, position, end)
        if following == position:
            break
        start, position = position, following
    return position


def direct(masked: str, content: Range) -> bool:
    text = masked[content[0] : content[1]]
    return bool(re.match(OPEN + "|\u201d", text)) and text.count(FILL) >= 0.6 * len(text)
