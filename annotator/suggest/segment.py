"""Paragraphs, quotations and sentences, with offsets into the original text.

Everything downstream runs on a *masked* copy of the text: the inside of every
quotation is replaced by filler of the same length, so a reporting verb or a
capitalised name inside a quote is never mistaken for the attribution around it,
and a full stop inside a quote never ends the surrounding sentence."""

import re
from dataclasses import dataclass

FILL = "\u2591"  # a character that never occurs in news text and matches no pattern

# Two apostrophes are a quotation mark in some newspaper feeds (''like this'').
_QUOTE_CHARS = re.compile(r"''|[\"\u201c\u201d\u00ab\u00bb]")
_PARAGRAPH = re.compile(r"[^\n]+")
# A sentence ends at . ! ? (possibly followed by closing quotes or brackets) and
# whitespace, when what follows can start a sentence.
_BOUNDARY = re.compile(
    r"[.!?]+[\"\u201d\u2019')\]]*\s+(?=(?:''|[\"\u201c\u2018'(\[])?[A-Z0-9\u00c0-\u00de" + FILL + "])"
    # Pages whose markup lost the space between sentences ("an outrageous
    # fabrication.According to", "Moscow.The official added"): a full stop between a word
    # of three lower-case letters or more and a capitalised word ends a sentence too
    # (not "Mr.Smith", "U.S.Army" or a domain, "example.com").
    r"|\.(?<=[a-z]{3}\.)(?=[A-Z][a-z])"
)
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Sens|Rep|Reps|Gov|Gen|Lt|Col|Sgt|Capt|Cmdr|Adm|Maj|Cpl|Pvt|St|Jr|Sr|Rev|Prof|"
    r"Pres|Supt|Det|Insp|Hon|Atty|Gens|Mt|Ft|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|No|Nos|Vol|vs|v|etc|Inc|"
    r"Corp|Co|Ltd|Bros|approx|est|Ave|Blvd|Rd|Calif|Fla|Ariz|Ark|Colo|Conn|Del|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|"
    r"Minn|Miss|Mo|Mont|Neb|Nev|Okla|Ore|Pa|Penn|Tenn|Tex|Va|Vt|Wash|Wis|Wyo|Ala|Ga|Ida|Ia)"
    r"|\b[A-Z]|(?:\b[A-Za-z]\.)+[A-Za-z])$"
)
_STARTER = re.compile(r"(?:He|She|It|They|We|I|The|But|And|In|This|That|A|If|So|Mr|Mrs|Ms)\b")


@dataclass(frozen=True, slots=True)
class Quote:
    start: int  # the opening mark
    end: int  # just after the closing mark (or the paragraph end when unclosed)
    closed: bool
    open_width: int = 1  # 2 for ''
    close_width: int = 1


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int  # exclusive, trailing whitespace excluded
    paragraph: int


@dataclass(slots=True)
class Document:
    text: str
    masked: str
    paragraphs: list[tuple[int, int]]
    quotes: list[Quote]
    sentences: list[Sentence]


def find_quotes(text: str, start: int, end: int) -> list[Quote]:
    """Quotations inside text[start:end] (one paragraph). Straight quotes toggle;
    curly ones open and close. An unclosed quote runs to the end of the paragraph,
    as a quotation continuing into the next paragraph does."""
    quotes: list[Quote] = []
    open_at = -1
    open_width = 1
    for match in _QUOTE_CHARS.finditer(text, start, end):
        char = match.group()
        position = match.start()
        if open_at < 0:
            if char in "\u201d\u00bb" and position != start:
                continue  # a stray closing mark (often a continued quotation) opens nothing
            # ... except at the start of a paragraph, where some sites print "”" to open one
            open_at = position
            open_width = len(char)
        elif char in ('"', "\u201d", "\u00bb", "''"):
            quotes.append(Quote(open_at, match.end(), True, open_width, len(char)))
            open_at = -1
        # a curly opening mark inside an open quote is a typo; keep the first opening
    if open_at >= 0:
        quotes.append(Quote(open_at, end, False, open_width, 0))
    return quotes


def _mask(text: str, quotes: list[Quote]) -> str:
    pieces: list[str] = []
    last = 0
    for quote in quotes:
        inner_start = quote.start + quote.open_width
        inner_end = quote.end - quote.close_width
        # Closing punctuation stays visible: it tells where the sentence ends and
        # whether the quotation is followed by its attribution (`"...," he said`).
        while inner_end > inner_start and text[inner_end - 1] in ".,!?;:":
            inner_end -= 1
        if inner_end <= inner_start:
            continue
        pieces.append(text[last:inner_start])
        pieces.append(FILL * (inner_end - inner_start))
        last = inner_end
    pieces.append(text[last:])
    return "".join(pieces)


def _split_sentences(masked: str, start: int, end: int, paragraph: int) -> list[Sentence]:
    sentences: list[Sentence] = []
    cursor = start
    for match in _BOUNDARY.finditer(masked, start, end):
        head = masked[max(cursor, match.start() - 12) : match.start()]
        if masked[match.start()] == "." and _ABBREVIATION.search(head):
            # "U.S. He said": an abbreviation can end a sentence too.
            if not (head.endswith(("U.S", "D.C", "U.N", "U.K")) and _STARTER.match(masked, match.end())):
                continue
        stop = match.end()
        while stop > match.start() and masked[stop - 1].isspace():
            stop -= 1
        if stop > cursor:
            sentences.append(Sentence(cursor, stop, paragraph))
        cursor = match.end()
    if cursor < end:
        sentences.append(Sentence(cursor, end, paragraph))
    return sentences


def segment(text: str) -> Document:
    paragraphs: list[tuple[int, int]] = []
    quotes: list[Quote] = []
    for match in _PARAGRAPH.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            paragraphs.append((start, end))
            quotes.extend(find_quotes(text, start, end))
    masked = _mask(text, quotes)
    sentences: list[Sentence] = []
    for index, (start, end) in enumerate(paragraphs):
        sentences.extend(_split_sentences(masked, start, end, index))
    return Document(text=text, masked=masked, paragraphs=paragraphs, quotes=quotes, sentences=sentences)
