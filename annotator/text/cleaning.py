"""From scraped text to article body: the cleaning pipeline.

In order: repair mojibake, normalise whitespace and line breaks, drop what is not
article text (appeals, page furniture, stray numbers and symbols, colour codes, photo
credits), collapse repeated paragraphs and blocks, and set the photo caption apart.
The result says what was dropped and why, so an analyst can check the cleaner's work.
"""

import re
from dataclasses import dataclass, field

from . import boilerplate
from .mojibake import repair_line

# A line that ends mid-sentence, followed by one that starts in lower case, is one
# paragraph hard-wrapped by an e-mail client or a fixed-width export.
_ENDS_SENTENCE = re.compile(r"[.!?:;\"”’')\]»…|]$")
_WRAP_MIN_WORDS = 4


@dataclass(frozen=True)
class Dropped:
    text: str
    reason: str


@dataclass
class CleanResult:
    body: str
    caption: str = ""
    dropped: list[Dropped] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        return self.body.split("\n\n") if self.body else []


def clean_text(raw: str) -> CleanResult:
    """Clean one article's text. Paragraphs of the body are separated by a blank line."""
    body: list[str] = []
    captions: list[str] = []
    dropped: list[Dropped] = []
    seen: set[str] = set()
    for paragraph in _paragraphs(raw):
        reason = boilerplate.junk_reason(paragraph)
        if reason is None:
            fingerprint = paragraph.casefold()
            if fingerprint in seen:
                reason = boilerplate.REPEATED
            else:
                seen.add(fingerprint)
                (captions if boilerplate.caption_credit(paragraph) else body).append(paragraph)
                continue
        dropped.append(Dropped(paragraph, reason))
    return CleanResult(body="\n\n".join(body), caption="\n\n".join(captions), dropped=dropped)


def _paragraphs(raw: str):
    """Whitespace-normalised paragraphs: a blank line ends one, and so does a line break,
    unless the break looks like hard wrapping inside a sentence."""
    current: list[str] = []
    for line in raw.splitlines():
        line = repair_line(line)
        if not line:
            if current:
                yield " ".join(current)
                current = []
            continue
        if current and _continues(current[-1], line):
            current.append(line)
            continue
        if current:
            yield " ".join(current)
        current = [line]
    if current:
        yield " ".join(current)


def _continues(previous: str, line: str) -> bool:
    return line[0].islower() and _ENDS_SENTENCE.search(previous) is None and previous.count(" ") + 1 >= _WRAP_MIN_WORDS
