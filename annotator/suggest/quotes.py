"""Direct quotations: content first (`"X," Kirby said.`), a quotation split around its cue
(`"A," he said, "B."`), a lone `Kirby said.` after a quotation, and quotations that
continue a speaker's words in later sentences and paragraphs."""

import re

from .cues import participle_cues
from .segment import FILL, Document, Sentence
from .spans import (
    CLOSE,
    OPEN,
    PREPOSITION,
    TERMINAL,
    THAT,
    WINDOW,
    Found,
    Range,
    direct,
    skip_adverbials,
    strip,
    trim_content,
)
from .speakers import BETWEEN, FUNCTION_END, LEADING, source_after, source_after_loose

_SPLIT_QUOTE = re.compile(r"\s*[,:]\s*(?=" + OPEN + ")")

_SEPARATOR = re.compile(r"[,?!]\s*" + CLOSE + "|" + CLOSE + r"\s*,|,|\u2014|--")


_APPOSED_SOURCE = re.compile(
    r"\s*(?:(?:the|a|an|his|her|its|their)?\s*[^,]{1,60},\s*[A-Z][^,]{1,60}|"
    r"(?:[A-Z][\w'\u2019.\-]*\s+){1,3}[A-Z][\w'\u2019.\-]*,\s*(?:the\s+|a\s+|an\s+)?[a-z][^,]{1,90}),\s*"
)


def content_separator(masked: str, lo: int, hi: int) -> tuple[int, int] | None:
    """In `X," Kirby ` / `X, he ` / `X, ` (masked[lo:hi]): (end of content, start of source)."""
    matches = list(_SEPARATOR.finditer(masked, lo, hi))
    head = masked[lo:hi].rstrip()
    if head and head[-1] in '"\u201d' and FILL in head:
        # `"There is no truth to this rumor" stated the spokesperson`: a quotation closed
        # right before its cue, with no comma.
        end = lo + len(head)
        if not matches or matches[-1].end() < end:
            return end, hi
    if not matches:
        return None
    match = matches[-1]
    longest = 8
    # `"X," the spokeswoman, Maria Costa, said` / `"X," Abdullah Abdullah, chairman of the
    # High Council, said`: the quotation ends at its closing mark, and the source with its
    # apposition runs from there to the cue.
    for earlier in reversed(matches[:-1]):
        if earlier.group()[0] in ",?!" and len(earlier.group()) > 1:
            between = masked[earlier.end() : hi]
            if len(between.split()) <= 16 and FILL not in between and not re.search(OPEN, between):
                if _APPOSED_SOURCE.fullmatch(between):
                    match, longest = earlier, 16
            break
    candidate = masked[match.end() : hi]
    if len(candidate.split()) > longest or FILL in candidate or re.search(OPEN, candidate):
        return None
    content = masked[lo : match.start()]
    if FILL not in content and len(content.split()) < 2:
        return None
    text = match.group()
    if text[0] in ",?!" and len(text) > 1:
        end = match.end()  # the closing quote mark belongs to the quotation
    elif text[0] in "\"\u201d'":
        end = match.start() + (2 if text.startswith("''") else 1)
    else:
        end = match.start()
    return end, match.end()


def _quote_starting(document: Document, position: int) -> Range | None:
    for quote in document.quotes:
        if quote.start == position:
            return quote.start, quote.end
    return None


def _continued_by_participle(rest: str) -> bool:
    """What follows the cue is a participle clause with a cue of its own (`, adding that`,
    `while insisting`): the sentence's source-and-cue part ends before it."""
    match = _PARTICIPLE_LEAD.match(rest.lstrip(", "))
    return match is not None and match.group(1) in participle_cues()


_PARTICIPLE_LEAD = re.compile(r"(?:(?:while|and|also|before|after|then)\s+)?([a-z]+ing)\b")


# How many words may stand between a quotation's cue and the next comma or the end.
_ADDRESS_WORDS = 8


# A clause saying when or why the words were said, after a quotation and its speaker.
_WHEN_CLAUSE = re.compile(r"(?:when|after|as|while|before|because|since|following|amid)\b")


def content_first(document: Document, sentence: Sentence, cue: re.Match, probe: int, separator) -> bool:
    masked = document.masked
    content_end, source_start = separator
    source_text = masked[source_start : cue.start()].strip()
    content_is_quote = direct(masked, (sentence.start, content_end))
    tail = masked[probe : sentence.end]
    if re.match(r"\s*[,:]?\s*" + OPEN, tail) and not content_is_quote:
        return False  # `Col. Warren, a military spokesman, said, "..."`
    if not source_text:
        # `"...," said Representative Peter Welch, ...` but not `Jason Furman, who ..., said that`
        after = skip_adverbials(masked, probe, sentence.end)
        if THAT.match(masked, after) or masked[after : after + 1] == ":":
            return False
        if content_is_quote:
            return source_after_loose(masked, after, sentence.end)[0] is not None
        named, rest = source_after(masked, after, sentence.end)
        return named is not None and (TERMINAL.match(masked, rest, sentence.end) or masked[rest : rest + 1] == ",")
    words = len(source_text.split())
    if words > (12 if "," in source_text else 8) or FUNCTION_END.search(source_text, max(0, len(source_text) - 12)):
        return False
    after = skip_adverbials(masked, probe, sentence.end)
    rest = masked[after : sentence.end]
    if not content_is_quote and _object_after_adverbials(masked, probe, after, sentence.end):
        return False  # `MOSCOW, Peskov refuted on Tuesday, in his comment for Sputnik, media reports`
    if TERMINAL.match(rest) or rest.lstrip().startswith(",") or re.match(r"\s*" + OPEN, rest):
        return True
    stripped = rest.lstrip()
    if _continued_by_participle(stripped):
        return True  # `"...," Borrell told reporters after the meeting, while adding that ...`
    if PREPOSITION.match(stripped) and not THAT.search(stripped.split(",")[0]):
        return True  # `"...," Zucker said during a discussion Thursday with ...`
    if content_is_quote and _WHEN_CLAUSE.match(stripped):
        return True  # `"...," he told News24 when asked if he had heard about the case`
    if content_is_quote:
        # `"...," Hajiyev told the Azertag news agency, responding to a question`: after a
        # quotation and its speaker, a short phrase to the next comma (who was told, where)
        # with no "that" and no quotation of its own leaves the quotation the content.
        head = stripped.split(",")[0]
        if len(head.split()) <= _ADDRESS_WORDS and not THAT.search(head) and not re.search(OPEN, head):
            return True
    if after != probe:
        return False
    named, rest_end = source_after(masked, after, sentence.end)
    return named is None and content_is_quote and TERMINAL.match(masked, rest_end, sentence.end) is not None


def _object_after_adverbials(masked: str, probe: int, after: int, end: int) -> bool:
    """Two adverbials or more after the cue, each closed by a comma, then a word with no
    comma before it: the verb's object follows, so nothing before the cue is its content."""
    if after == probe or masked[after - 1] != ",":
        return False
    steps = 0
    while steps < 3:
        following = skip_adverbials(masked, after, end)
        if following == after or masked[following - 1] != ",":
            break
        after = following
        steps += 1
    rest = masked[after:end].lstrip()
    return steps > 0 and bool(rest) and rest[0].isalpha() and not _continued_by_participle(rest)


def content_first_found(document, index, sentence, cue, cue_range, probe, separator, addressee) -> Found | None:
    masked = document.masked
    content_end, source_start = separator
    content = trim_content(masked, sentence.start, content_end)
    if content is None:
        return None
    source = strip(masked, source_start, cue.start())
    lead = LEADING.match(masked, source[0], source[1])
    if lead:
        source = (lead.end(), source[1])
    between = BETWEEN.search(masked, max(source[0], source[1] - WINDOW), source[1])
    if between:
        source = (source[0], between.start())
    after = skip_adverbials(masked, probe, sentence.end)
    rest = after
    if source[1] <= source[0]:
        source, rest = source_after_loose(masked, after, sentence.end)
    if source is None:
        return None
    pieces = [content]
    split = _SPLIT_QUOTE.match(masked, rest, sentence.end)
    if split is None:
        split = re.compile(r"[^" + FILL + r"\"\u201c']*?[,:]\s*(?=" + OPEN + ")").match(masked, rest, sentence.end)
    if split:
        quote = _quote_starting(document, split.end())
        if quote is not None:
            piece = trim_content(masked, quote[0], min(quote[1], sentence.end))
            if piece:
                pieces.append(piece)
    return Found(cue_range, source, pieces, direct(masked, content), index, "content-first", addressee)


def content_from_previous(document, index, sentence, cue_range, source):
    """`Kirby said.` alone after a quotation: the quotation is the content."""
    previous = document.sentences[index - 1]
    if previous.paragraph != sentence.paragraph:
        return None
    content = trim_content(document.masked, previous.start, previous.end)
    if content is None or not direct(document.masked, content):
        return None
    return Found(cue_range, source, [content], True, index, "content-before-sentence")


def continue_quotes(document: Document, found: list[Found]) -> list[Found]:
    """`"X," he said. "Y."`: a quotation-only sentence right after a statement, in the
    same paragraph, continues the speaker's words; so does a paragraph that opens with a
    quotation mark and has no cue of its own, after a paragraph whose last statement it
    is (`They released a statement saying that X.` / `"Y."`: reported speech, then the
    speaker's own words). Each continuation is a statement of its own (its own stance), of the
    same speaker, returned with `continues` pointing at the statement it continues."""
    masked = document.masked
    sentences = document.sentences
    taken = {item.sentence for item in found}
    last_in_paragraph: dict[int, Found] = {}
    for item in found:
        paragraph = sentences[item.sentence].paragraph
        current = last_in_paragraph.get(paragraph)
        if current is None or item.sentence >= current.sentence:
            last_in_paragraph[paragraph] = item
    continued: list[Found] = []
    for item in sorted(found, key=lambda f: f.sentence):
        if item.sentence + 1 >= len(sentences):
            continue
        # The content may sit in a later sentence (`saying:` and the next paragraph).
        last = item.sentence
        while last + 1 < len(sentences) and sentences[last + 1].start < item.end:
            last += 1
        paragraph = sentences[last].paragraph
        index = last + 1
        taken.add(last)
        parent = item
        while index < len(sentences) and index not in taken:
            sentence = sentences[index]
            if sentence.paragraph != paragraph:
                # A new paragraph continues only when it opens with a quotation and the
                # statement continued was the last one of its paragraph.
                if (
                    sentence.paragraph != paragraph + 1
                    or last_in_paragraph.get(paragraph, item) is not item
                    or not _quote_only(masked, sentence)
                ):
                    break
                paragraph = sentence.paragraph
            if not _quote_only(masked, sentence):
                break
            piece = trim_content(masked, sentence.start, sentence.end)
            if piece:
                parent = Found(item.cue, item.source, [piece], True, index, "continued", continues=parent)
                continued.append(parent)
                taken.add(index)
            index += 1
    return continued


_OPENS = re.compile(OPEN + "|\u201d")


def _quote_only(masked: str, sentence) -> bool:
    # A paragraph may open with "”" on some sites (see `segment.find_quotes`).
    if _OPENS.match(masked, sentence.start, sentence.end) is None:
        return False
    return masked.count(FILL, sentence.start, sentence.end) >= 0.8 * (sentence.end - sentence.start)
