"""From scraped text to article body: the cleaning pipeline.

In order: repair the scraper's marks (its date prefix, line-break placeholders, tags,
glued paragraphs) and mojibake, normalise whitespace and line breaks, sort every
paragraph by the rules that know furniture, appeals, credits, bylines, dates and
captions, then let the page decide which paragraphs are the article (page.py): the
densest run of body text, without headings, labels, sidebars and comments. The result
says what was dropped and why, what was kept only because the cleaner was unsure, and
the title, author, date and outlet the page stated.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from . import boilerplate, bylines, furniture, page, repair
from .mojibake import repair_line
from .plain import is_plain_paragraph

# A line that ends mid-sentence, followed by one that starts in lower case, is one
# paragraph hard-wrapped by an e-mail client or a fixed-width export.
_ENDS_SENTENCE = re.compile(r"[.!?:;\"”’')\]»…|]$")
_SENTENCE_ENDS = frozenset(".!?:;\"”’')]»…|")
_WRAP_MIN_WORDS = 4
# A block of lines of nearly one width is hard-wrapped text, whatever case lines start in.
_WRAP_MIN_LINES = 4
_WRAP_MIN_WIDTH = 35
_WRAP_MAX_WIDTH = 100


@dataclass(frozen=True)
class Dropped:
    text: str
    reason: str


@dataclass
class CleanResult:
    body: str
    caption: str = ""
    dropped: list[Dropped] = field(default_factory=list)
    # Kept although the cleaner was unsure, with why: worth a look before annotating.
    flagged: list[Dropped] = field(default_factory=list)
    title: str = ""
    author: str = ""
    published: dt.date | None = None
    outlet: str = ""

    @property
    def paragraphs(self) -> list[str]:
        return self.body.split("\n\n") if self.body else []


def clean_text(raw: str, *, fast: bool = True) -> CleanResult:
    """Clean one article's text. Paragraphs of the body are separated by a blank line.

    `fast` skips, for each paragraph and line, the rules and repairs that provably
    cannot apply to it (annotator/text/plain.py): the result is the same either way,
    and `fast=False` runs everything, as the reference the fast path is tested against."""
    raw, stored_date = repair.scraper_date(raw)
    if not fast or repair.may_hold_placeholders(raw):
        raw = repair.placeholders_to_breaks(raw)
    blocks = _sorted_blocks(_paragraphs(raw, fast=fast), fast=fast)
    analysed = page.analyse(blocks)

    body: list[str] = []
    captions: list[str] = []
    dropped: list[Dropped] = []
    for block in analysed.blocks:
        if block.kind == page.CAPTION:
            captions.append(block.text)
        elif block.kind in (page.BODY, page.LEAD_IN):
            body.append(block.text)
        else:
            reason = block.meta.describe() if block.meta and block.kind == page.META else block.reason
            dropped.append(Dropped(block.text, reason))
    result = CleanResult(
        body="\n\n".join(body),
        caption="\n\n".join(captions),
        dropped=dropped,
        flagged=[Dropped(text, reason) for text, reason in analysed.flagged],
        title=analysed.title,
    )
    _read_metadata(result, analysed.blocks, stored_date, fast=fast)
    return result


def _sorted_blocks(paragraphs, *, fast: bool = True) -> list[page.Block]:
    """Each paragraph with what the rules know of it, in page order."""
    blocks: list[page.Block] = []
    seen: set[str] = set()
    in_comments = False
    has_body = False
    for paragraph in paragraphs:
        # No rule can name a plain paragraph: only the repeats and the comments are left.
        plain = fast and not in_comments and is_plain_paragraph(paragraph)
        meta = None if plain else bylines.outlet_tag(paragraph)
        if meta is not None:  # "(Reuters)" alone: the wire that carried the text
            blocks.append(page.Block(paragraph, page.META, meta.kind, meta))
            continue
        reason = None if plain else boilerplate.junk_reason(paragraph)
        if reason is None:
            fingerprint = paragraph.casefold()
            if fingerprint in seen:
                reason = boilerplate.REPEATED
            seen.add(fingerprint)
        if reason is not None:
            blocks.append(page.Block(paragraph, page.DROP, reason))
            continue
        if not plain:
            block = _ruled_block(paragraph, in_comments=in_comments, has_body=has_body)
            if block is not None:
                in_comments = in_comments or block.reason == furniture.COMMENT_SECTION
                blocks.append(block)
                continue
        kind = page.shape(paragraph)
        has_body = has_body or kind == page.BODY
        blocks.append(page.Block(paragraph, kind))
    return blocks


def _ruled_block(paragraph: str, *, in_comments: bool, has_body: bool) -> page.Block | None:
    """The block a rule makes of `paragraph` (a comment, a caption, a metadata line,
    furniture), or None when no rule names it."""
    if in_comments or (has_body and furniture.is_comment_header(paragraph)):
        return page.Block(paragraph, page.DROP, furniture.COMMENT_SECTION)
    if boilerplate.caption_credit(paragraph):
        return page.Block(paragraph, page.CAPTION)
    meta = bylines.date_line(paragraph) or bylines.byline(paragraph) or bylines.credit(paragraph)
    if meta is not None:
        return page.Block(paragraph, page.META, meta.kind, meta)
    reason = furniture.furniture_reason(paragraph)
    if reason is not None:
        return page.Block(paragraph, page.DROP, reason)
    return None


def _read_metadata(result: CleanResult, blocks: list[page.Block], stored_date: str | None, *, fast: bool) -> None:
    metas = [block.meta for block in blocks if block.meta is not None]
    result.author = next((m.author for m in metas if m.kind == bylines.BYLINE and m.author), "")
    result.author = result.author or next((m.author for m in metas if m.author), "")
    if not result.author and (not fast or bylines.may_name_wire_author("\n".join(b.text for b in blocks))):
        result.author = next(filter(None, (bylines.wire_author(b.text) for b in blocks)), "")
    result.outlet = next((m.outlet for m in metas if m.outlet), "")
    if stored_date:
        result.published = dt.date.fromisoformat(stored_date)
    else:
        result.published = next((m.published for m in metas if m.published), None)


def _paragraphs(raw: str, *, fast: bool = True):
    """Whitespace-normalised paragraphs: a blank line ends one, and so does a line break,
    unless the break looks like hard wrapping inside a sentence. A paragraph the scraper
    glued to the next is cut apart, and one it split mid-sentence is joined."""
    previous_open = ""  # the last paragraph, when it ended mid-sentence, to join across a blank line
    for block in _blocks(raw, fast=fast):
        lines = [
            part
            for line in block
            for part in (repair.unglue(line) if not fast or repair.may_be_glued(line) else (line,))
        ]
        wrapped = _is_wrapped(lines)
        current: list[str] = []
        paragraphs: list[str] = []
        for line in lines:
            if current and (_continues(current[-1], line) or (wrapped and _wraps(current[-1], line))):
                current.append(line)
                continue
            if current:
                paragraphs.append(" ".join(current))
            current = [line]
        if current:
            paragraphs.append(" ".join(current))
        if (
            previous_open
            and paragraphs
            and _continues(previous_open, paragraphs[0])
            and len(previous_open.split()) >= 8
        ):
            paragraphs[0] = f"{previous_open} {paragraphs[0]}"
        elif previous_open:
            yield previous_open
        previous_open = ""
        if paragraphs and not _ends_sentence(paragraphs[-1]):
            previous_open = paragraphs.pop()
        yield from paragraphs
    if previous_open:
        yield previous_open


def _blocks(raw: str, *, fast: bool = True):
    """Runs of repaired, non-empty lines between blank lines."""
    block: list[str] = []
    for line in raw.splitlines():
        # Tags may be written as entities ("&lt;b&gt;"): strip them once decoded. An empty
        # line (every other line of most texts) stays empty.
        if line or not fast:
            line = repair.strip_tags(repair_line(line, fast=fast))
        if line:
            block.append(line)
        elif block:
            yield block
            block = []
    if block:
        yield block


def _is_wrapped(lines: list[str]) -> bool:
    if len(lines) < _WRAP_MIN_LINES:
        return False
    widths = sorted(len(line) for line in lines[:-1])
    median = widths[len(widths) // 2]
    if not _WRAP_MIN_WIDTH <= median <= _WRAP_MAX_WIDTH:
        return False
    near = sum(1 for width in widths if 0.7 * median <= width <= 1.2 * median)
    return near >= 0.5 * len(widths) and max(widths) <= 1.6 * median


def _wraps(previous: str, line: str) -> bool:
    # In a hard-wrapped block a line goes on until a sentence ends, whatever case the next
    # starts in; a stray mark on a line of its own is no part of the text.
    return not _ends_sentence(previous) and len(previous.split()) >= 2 and len(line.split()) >= 2


def _continues(previous: str, line: str) -> bool:
    return line[0].islower() and not _ends_sentence(previous) and previous.count(" ") + 1 >= _WRAP_MIN_WORDS


def _ends_sentence(text: str) -> bool:
    """`_ENDS_SENTENCE.search(text) is not None` by its last character: the search would
    try the pattern at every mark of the text. (Its "$" also matches before a final line
    break, which these texts never end in.)"""
    text = text.removesuffix("\n")
    return bool(text) and text[-1] in _SENTENCE_ENDS
