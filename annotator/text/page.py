"""The page as a whole: which paragraphs are the article, found from their features and
their neighbours.

Each paragraph is first sorted by its own shape: body (a sentence, or a long run of
words), a lead-in ("The Guardian reports:"), a short line that is no sentence (a
headline, a label, a section name, a teaser), or a line already known as furniture,
metadata or caption. Then the page decides, the way content extractors score blocks:
the article is the densest run of body text; body text cut off from it by a run of
furniture and much smaller than it (a sidebar, a poll, the comments) is left out; short
lines are left out; the headline above the body becomes the title; a standfirst that
repeats the lead, and a teaser that is the start of another paragraph cut short, go.
Where the page cannot tell, the text stays and is marked.
"""

import re
from dataclasses import dataclass, field

from . import bylines, furniture

BODY = "body"
LEAD_IN = "lead-in"
SHORT = "short"
DROP = "drop"
META = "meta"
CAPTION = "caption"

HEADLINE = "headline (kept as the title)"
NO_SENTENCE = "heading or label (no sentence)"
OUTSIDE = "outside the article (after a run of page furniture)"
STANDFIRST = "standfirst repeating the lead"
CUT_COPY = "cut-off copy of another paragraph"
CAPTION_COPY = "copy of a photo caption"
AUTHOR_BIO = "author bio"
TEASER = "teaser of another story"

KEPT_CUT_OFF = "kept: the page ends in the middle of this sentence"
KEPT_NO_SENTENCE = "kept: no sentence on the page, so nothing is dropped for lacking one"

_SENTENCE_END = re.compile(r"[.!?…;][\"”’'»)\]]*$")
_COLON_END = re.compile(r":[\"”’'»)\]]*$")
_CLOSERS = "\"”’'»)]"
_LOWER = re.compile(r"\b[^\W\d_A-Z][\w'’-]*")
_LONG_WORD = re.compile(r"[^\W\d_][\w'’-]{3,}")
_INNER_SENTENCE_END = re.compile(r"[.!?][\"”’'»)\]]*\s+\S")
_TRAILING_URL = re.compile(r"\s+(?:https?://|www\.)\S+$")
_BULLET = re.compile(r"^\s*(?:[•·▪►*-]|\d+[.)])\s")
# Words that make up a label standing before a value or a widget ("Powered by:", "Published: Updated:").
_LABEL_WORDS = frozenset(
    "date name email e-mail comment comments website source sources tags tag share powered by filed under "
    "category categories posted in author related topics read more see also also watch listen advertisement "
    "published updated photo photos video videos follow".split()
)
_LONG_WITHOUT_END = 15  # words: a run this long is text even without a full stop (bullets, cut-off ends)
_GAP = 3  # furniture lines in a row that part the article from what is beside it
_SMALL = 0.25  # a run of body text beside the article is kept unless this much smaller


@dataclass
class Block:
    text: str
    kind: str
    reason: str = ""
    meta: bylines.Meta | None = None


@dataclass
class Page:
    blocks: list[Block]
    title: str = ""
    flagged: list[tuple[str, str]] = field(default_factory=list)


def words_of(text: str) -> list[str]:
    return text.split()


def shape(text: str) -> str:
    """BODY, LEAD_IN or SHORT, from the paragraph alone."""
    words = words_of(text)
    if _ends_in(text, ":"):
        if len(words) >= 4:
            return BODY
        label = [word.strip(":\"”’'»)]").casefold() for word in words]
        return SHORT if all(word in _LABEL_WORDS for word in label) else LEAD_IN
    if "http" in text or "www." in text:  # what _TRAILING_URL needs: a search costs more than these
        text = _TRAILING_URL.sub("", text)  # "… on the statement. http://www.bbc.co.uk/news/…"
    if _ends_in(text, ".!?…;"):
        # "He declined." is text; "Share." or "Reply." alone is a button.
        if len(words) < 2 or (len(words) == 2 and not _LOWER.search(text)):
            return SHORT
        return BODY
    if len(words) >= _LONG_WITHOUT_END and _LOWER.search(text):
        return BODY
    return SHORT


def _ends_in(text: str, marks: str) -> bool:
    """Whether `text` ends in one of `marks` and any closing quotes or brackets: what
    _SENTENCE_END (marks ".!?…;") and _COLON_END (":") find, read from the end instead
    of trying the pattern at every mark of the text. ("$" also matches before a final
    line break.)"""
    text = text.removesuffix("\n").rstrip(_CLOSERS)
    return bool(text) and text[-1] in marks


def is_title_case(text: str) -> bool:
    """A headline's casing: one sentence whose long words all start in capitals."""
    if _INNER_SENTENCE_END.search(text):
        return False
    long_words = _LONG_WORD.findall(text)
    return len(long_words) >= 3 and all(word[0].isupper() for word in long_words)


def analyse(blocks: list[Block]) -> Page:
    """Decide, for blocks already sorted by shape and rule, which are the article."""
    page = Page(blocks)
    _repeated_headlines(page)
    _cut_copies(page)
    main = _main_run(page)
    _title(page, main)
    _standfirst(page)
    _short_lines(page)
    _author_bio(page)
    if not any(block.kind in (BODY, LEAD_IN) for block in page.blocks):
        _keep_all_uncertain(page)
    return page


def _repeated_headlines(page: Page) -> None:
    # A Title Case line that the page prints twice near the top is its headline, even
    # when it ends in a question mark ("… Are You Really Journalists?’").
    seen: dict[str, int] = {}
    for index, block in enumerate(page.blocks[:12]):
        key = " ".join(block.text.split()).casefold()
        if key in seen and block.kind in (BODY, SHORT, DROP) and len(words_of(block.text)) <= 25:
            first = page.blocks[seen[key]]
            between = page.blocks[seen[key] + 1 : index]
            if first.kind != BODY:
                pass
            elif not _ends_in(first.text, ".!?…;:"):
                first.kind = SHORT  # printed twice and no sentence: a headline, however long
            elif is_title_case(first.text) and all(b.kind == META for b in between):
                first.kind = SHORT  # "… Are You Really Journalists?’" twice in a row over the article
        seen.setdefault(key, index)


def _cut_copies(page: Page) -> None:
    # A teaser that is the lead cut short, or the end of a repeated body cut by the store.
    texts = None  # every block's words, made when a first paragraph may be cut off
    for index, block in enumerate(page.blocks):
        if block.kind not in (BODY, SHORT) or _ends_in(block.text, ".!?…;"):
            continue
        mine = block.text.casefold().split()
        if len(mine) < 6:
            continue
        if texts is None:
            texts = [(i, b.text.casefold().split()) for i, b in enumerate(page.blocks)]
        for other_index, other in texts:
            if other_index != index and len(other) > len(mine) and other[: len(mine) - 1] == mine[:-1]:
                if other[len(mine) - 1].startswith(mine[-1]):
                    block.kind, block.reason = DROP, CUT_COPY
                    break


def _main_run(page: Page) -> tuple[int, int] | None:
    """The run of body text with the most characters, as (first, last) block index; runs
    beside it that are much smaller and parted from it by furniture are dropped."""
    runs: list[list[int]] = []
    gap = _GAP
    for index, block in enumerate(page.blocks):
        if block.kind in (BODY, LEAD_IN):
            if gap >= _GAP or not runs:
                runs.append([])
            runs[-1].append(index)
            gap = 0
        elif block.text.strip():
            gap += 1
    if not runs:
        return None

    def size(run: list[int]) -> int:
        return sum(len(page.blocks[i].text) for i in run if page.blocks[i].kind == BODY)

    main = max(runs, key=size)
    last_line = max(i for i, b in enumerate(page.blocks) if b.text.strip())
    for run in runs:
        if run is main or size(run) >= _SMALL * size(main):
            continue
        if (
            run[-1] == last_line
            and not _ends_in(page.blocks[run[-1]].text, ".!?…;")
            and not any(furniture.is_list_header(b.text) for b in page.blocks[run[0] - _GAP : run[0]])
        ):
            # The page was cut off in the middle of this text: the article goes on, keep it.
            page.flagged.append((page.blocks[run[-1]].text, KEPT_CUT_OFF))
            continue
        for index in run:
            block = page.blocks[index]
            block.kind, block.reason = DROP, OUTSIDE
    kept = [index for run in runs for index in run if page.blocks[index].kind in (BODY, LEAD_IN)]
    return (min(kept), max(kept)) if kept else None


def _title(page: Page, main: tuple[int, int] | None) -> None:
    # The headline is the headline-like line nearest above the article (navigation
    # headlines and widgets come first); a line printed twice counts where it last stands.
    end = main[0] if main else len(page.blocks)
    last_seen: dict[str, int] = {}
    for index, block in enumerate(page.blocks[:end]):
        last_seen[block.text.casefold()] = index
    header = [b for b in page.blocks[:end] if _headline_like(b) and not _bare_name(b.text)]
    if not header:
        return
    chosen = max(header, key=lambda b: last_seen[b.text.casefold()])
    page.title = chosen.text
    key = chosen.text.casefold()
    for block in page.blocks:
        if block.text.casefold() == key:
            block.kind, block.reason = DROP, HEADLINE


def _headline_like(block: Block) -> bool:
    if block.kind != SHORT:
        return False
    words = words_of(block.text)
    if not 3 <= len(words) <= 25 or _BULLET.match(block.text):
        return False
    digits = sum(char.isdigit() for char in block.text)
    return digits < len(block.text) / 5 and any(char.isalpha() for char in block.text)


def _standfirst(page: Page) -> None:
    # Just below the headline, a summary that says again what the lead says.
    if not page.title:
        return
    after_title = max(i for i, b in enumerate(page.blocks) if b.reason == HEADLINE)
    body = [i for i, b in enumerate(page.blocks) if i > after_title and b.kind == BODY]
    if len(body) < 2:
        return
    first, lead = page.blocks[body[0]], page.blocks[body[1]]
    if len(words_of(first.text)) > 60:
        return
    mine = {w.casefold() for w in _LONG_WORD.findall(first.text)}
    theirs = {w.casefold() for w in _LONG_WORD.findall(lead.text)}
    if not mine:
        return
    shared = len(mine & theirs) / len(mine)
    # A lead that merely shares the topic is no copy: the standfirst says it again from
    # the same opening words, or is set apart from the lead by a byline or a date, or
    # is nearly the lead itself.
    same_opening = first.text.casefold().split()[:3] == lead.text.casefold().split()[:3]
    set_apart = any(b.text.strip() for b in page.blocks[body[0] + 1 : body[1]])
    if shared >= 0.8 or (shared >= 0.4 and (same_opening or set_apart)):
        first.kind, first.reason = DROP, STANDFIRST


def _short_lines(page: Page) -> None:
    blocks = page.blocks
    last = max((i for i, b in enumerate(blocks) if b.text.strip()), default=-1)
    for index, block in enumerate(blocks):
        if block.kind == LEAD_IN and not _body_follows(blocks, index):
            block.kind, block.reason = DROP, NO_SENTENCE
        elif block.kind == SHORT:
            if index == last and _cut_off_sentence(blocks, index):
                block.kind = BODY
                page.flagged.append((block.text, KEPT_CUT_OFF))
            else:
                block.kind, block.reason = DROP, NO_SENTENCE


def _body_follows(blocks: list[Block], index: int) -> bool:
    return any(b.kind == BODY for b in blocks[index + 1 : index + 4])


def _cut_off_sentence(blocks: list[Block], index: int) -> bool:
    # The store cut the page mid-sentence: the last line continues the body above it.
    text = blocks[index].text
    previous = next((b for b in reversed(blocks[:index]) if b.text.strip()), None)
    lower = [word for word in words_of(text) if word[:1].islower()]
    return (
        previous is not None
        and previous.kind == BODY
        and len(words_of(text)) >= 4
        and ("," in text or len(lower) >= 2 or text[:1] in "\"“‘'")
    )


def _author_bio(page: Page) -> None:
    # "James Forsyth is Political Editor of the Spectator." under an article by James Forsyth.
    names = {b.meta.author for b in page.blocks if b.meta and b.meta.author}
    names |= {b.text for b in page.blocks if b.reason == NO_SENTENCE and _bare_name(b.text)}
    if not names:
        return
    for block in page.blocks[len(page.blocks) // 2 :]:
        if block.kind != BODY or len(words_of(block.text)) > 50:
            continue
        for name in names:
            if re.match(rf"{re.escape(name)} (?:is|was|writes|has been)\b", block.text):
                block.kind, block.reason = DROP, AUTHOR_BIO
                block.meta = bylines.Meta(bylines.BYLINE, author=name)
                break


def _bare_name(text: str) -> bool:
    words = words_of(text)
    return 2 <= len(words) <= 4 and all(re.fullmatch(r"[A-Z][a-z'’-]+|[A-Z]{1,3}", word) for word in words)


def _keep_all_uncertain(page: Page) -> None:
    # Nothing on the page reads as a sentence: dropping every short line would leave
    # nothing, so keep what no rule named as furniture and say so.
    restored = {block.text.casefold() for block in page.blocks if block.kind == CAPTION}
    for block in page.blocks:
        key = block.text.casefold()
        if key in restored:
            continue
        if block.reason in (NO_SENTENCE, HEADLINE, CUT_COPY) or block.kind in (SHORT, META):
            block.kind, block.reason = BODY, ""
            page.flagged.append((block.text, KEPT_NO_SENTENCE))
            restored.add(key)
    page.title = ""
