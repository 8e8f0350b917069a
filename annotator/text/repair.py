"""Repairs to a scraped text's layout, made before it is split into paragraphs.

Scrapers leave their own marks in the text: line-break placeholders written as text
("[BR]", "<br>", a literal backslash-n), stray tags, their own date prefix, and
paragraphs glued together where the markup between them was thrown away
("…a baseless fabrication.According to the ministry…"). Each repair here only moves or
removes what the scraper added; the article's words stay as they were.
"""

import re

# " date 2018-07-27 Minister …": the store's own date, written before the page text.
_SCRAPER_DATE = re.compile(r"\A\s*date (\d{4}-\d{2}-\d{2})\b[ \t]*")

# Line-break placeholders written into the text. Two or more in a row end a paragraph;
# one on its own is a line break, which inside a sentence joins the two halves.
_PLACEHOLDER = r"(?:\[(?:BR|NL|LF|CR|NEWLINE|P)\]|<\s*br\s*/?\s*>|<\s*/?\s*p\s*>|\\r\\n|\\n|\\r)"
_PLACEHOLDERS = re.compile(rf"(?:[ \t]*{_PLACEHOLDER}[ \t]*)+", re.IGNORECASE)
_ENDS_SENTENCE = re.compile(r"[.!?…:;][\"”’'»)\]]*$")

# A tag that survived as text: "<a href=NEWS.rin.ru'>", "</strong>".
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s+[^<>]{0,200})?/?>")

# Sentence end glued to the next sentence's capital: "fabrication.According". Not after an
# abbreviation or initial ("U.S.Army", "p.m.The", "Sen.Warren", "J.Smith"), nor in a URL.
_GLUED = re.compile(r"(?<=[a-z0-9%)\]][.!?])([\"”’»]?)(?=[\"“‘«]?[A-Z][a-z])")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sen rep gov gen lt col maj sgt capt cmdr adm st mt ft jr sr rev hon pres supt atty dept "
    "univ inc corp co ltd bros no nos vs etc al approx est fig vol jan feb mar apr jun jul aug sep sept oct nov "
    "dec mon tue tues wed thu thur thurs fri sat sun ave blvd rd".split()
)
_WORD_BEFORE = re.compile(r"([\w.]+)[.!?]$")
# A call to action glued to the end of the text before it: "…criminal prosecutionsGet our …".
_GLUED_APPEAL = re.compile(
    r"(?<=[a-z])(?=(?:Get|Sign up|Subscribe|Follow|Join|Download|Read more|Click here|Listen|Watch)\b"
    r"[^.!?\n]{0,40}\b(?:our|us|your|free|newsletters?|e-?mails?|app|podcasts?)\b)"
)


def scraper_date(text: str) -> tuple[str, str | None]:
    """`text` without the store's " date YYYY-MM-DD " prefix, and that date if it was there."""
    found = _SCRAPER_DATE.match(text)
    if found is None:
        return text, None
    return text[found.end() :], found.group(1)


def placeholders_to_breaks(text: str) -> str:
    """Line-break placeholders written as text become real breaks: a run of two or more
    ends a paragraph, a single one ends a line only where a sentence ends, and is a space
    inside a sentence (where the scraper broke a paragraph that was one)."""

    def replace(found: re.Match) -> str:
        count = len(re.findall(_PLACEHOLDER, found.group(0), re.IGNORECASE))
        if count >= 2:
            return "\n\n"
        before = text[: found.start()].rstrip()
        return "\n" if not before or _ENDS_SENTENCE.search(before) else " "

    return _PLACEHOLDERS.sub(replace, text)


def may_hold_placeholders(text: str) -> bool:
    """False only when `placeholders_to_breaks(text)` is `text`: every placeholder is
    written with a bracket, an angle bracket or a backslash."""
    return "[" in text or "<" in text or "\\" in text


def strip_tags(line: str) -> str:
    """`line` without tags left in it as text, whitespace normalised."""
    return " ".join(_TAG.sub(" ", line).split()) if "<" in line else line


def unglue(line: str) -> list[str]:
    """`line` cut where the scraper glued two paragraphs: a sentence end directly followed
    by the next sentence's capital, or a call to action glued to the last word."""
    if len(line) < 40:
        return [line]
    cuts = []
    for found in _GLUED.finditer(line):
        if _is_abbreviation_or_link(line, found.start()):
            continue
        cut = found.end(1)
        # A straight quote after the full stop closes the sentence when its quotes are
        # still open, and opens the next one when they are balanced.
        if found.group(1) == '"' and line[: found.start()].count('"') % 2 == 0:
            cut = found.start(1)
        cuts.append(cut)
    for found in _GLUED_APPEAL.finditer(line):
        cuts.append(found.start())
    if not cuts:
        return [line]
    parts, start = [], 0
    for cut in sorted(set(cuts)):
        parts.append(line[start:cut].strip())
        start = cut
    parts.append(line[start:].strip())
    return [part for part in parts if part]


# What _GLUED and _GLUED_APPEAL need, checked without their look-behinds (which make
# them try every position): a sentence end before a capital, or a lower-case letter
# before the capital a call to action's verb opens with (the pattern starts with the
# rarer capital, which the search finds fast).
_MAYBE_GLUED = re.compile(r"[.!?][\"”’»]?[\"“‘«]?[A-Z]")
_MAYBE_GLUED_APPEAL = re.compile(r"[CDFGJLRSW](?<=[a-z][CDFGJLRSW])")


def may_be_glued(line: str) -> bool:
    """False only when `unglue(line)` is `[line]`."""
    return len(line) >= 40 and (_MAYBE_GLUED.search(line) is not None or _MAYBE_GLUED_APPEAL.search(line) is not None)


def _is_abbreviation_or_link(line: str, end: int) -> bool:
    # `end` is just past the glued sentence's full stop.
    head = line[:end]
    found = _WORD_BEFORE.search(head)
    if found is None:
        return True
    word = found.group(1)
    if "." in word or len(word) == 1 or word.casefold() in _ABBREVIATIONS:
        return True
    token_start = line.rfind(" ", 0, end) + 1
    token = line[token_start : line.find(" ", end) if " " in line[end:] else len(line)]
    return "://" in token or token.casefold().startswith("www.") or "@" in token
