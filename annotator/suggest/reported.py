"""Reported speech without a source-first verb: `according to X`, and unnamed reports
(`followed reports that X`, `It had been reported that X`), plus the rule that keeps
one sentence's contents from overlapping."""

import re
from functools import cache

from .cues import is_denial_cue, participle_cues
from .lexicon import alternation, forms
from .segment import FILL, Document, Sentence
from .spans import CLOSE, OPEN, Found, Range, direct, strip, trim_content


@cache
def _report_patterns() -> tuple[re.Pattern, re.Pattern]:
    participles = alternation(w for w in participle_cues() if " " not in w)
    # The noun, then a participle or "that"; after a form of "be" ("is reporting that")
    # the word is a verb, which the reporting-verb rules handle.
    noun = re.compile(
        r"(?<![\w\-])(?<!\bis\s)(?<!\bare\s)(?<!\bwas\s)(?<!\bwere\s)(?<!\bbeen\s)(?<!\bbe\s)"
        r"(?:" + alternation(forms("report_nouns")) + r")(?:\s+(?:" + participles + r")(?=\s)|(?=\s+that\s))"
    )
    # `It had earlier been reported that X`: an impersonal passive, with no source at all;
    # PolNeAR leaves the "It" out of the cue ("was widely reported").
    passive = re.compile(
        r"(?<=\b[Ii]t\s)(?:has|had|is|was)\s+(?:(?:also|earlier|previously|widely|already|since|now|"
        r"repeatedly)\s+)?(?:been\s+)?(?:reported|claimed|alleged|rumou?red|suggested)(?=\s+that\s)"
    )
    return noun, passive


def _denies(masked: str, item: Found, position: int) -> bool:
    """True when `item` is a denial whose content (its object) starts with the report at `position`."""
    start = item.content[0][0]
    if not (start <= position < item.content[-1][1]) or len(masked[start:position].split()) > 4:
        return False
    cue = masked[item.cue[0] : item.cue[1]]
    return bool(is_denial_cue(cue))


def unnamed_reports(masked: str, index: int, sentence: Sentence, found: list[Found]) -> list[Found]:
    """`followed reporting indicating X`, `reports that X`, `It had been reported that X`:
    statements of unnamed reports, which no reporting verb with a source caught."""
    items = []
    for pattern in _report_patterns():
        for match in pattern.finditer(masked, sentence.start, sentence.end):
            if any(item.cue[0] < match.end() and match.start() < item.cue[1] for item in found + items):
                continue
            if any(_denies(masked, item, match.start()) for item in found):
                continue  # `denied reports that X`: the report is what is denied, not a statement
            if FILL in masked[match.start() : match.end()]:
                continue
            content = trim_content(masked, match.end(), sentence.end)
            if content is None or len(masked[content[0] : content[1]].split()) < 3:
                continue
            items.append(Found(match.span(), None, [content], direct(masked, content), index, "unnamed-report"))
    return items


_COMPLEMENTIZERS = frozenset({"that", "whether", "if"})


def limit_overlaps(masked: str, items: list[Found]) -> None:
    """Source-first content runs to the sentence end unless a later attribution in the
    same sentence starts earlier: `X said A, and Y said B`."""
    for first, second in zip(items, items[1:], strict=False):
        if first.shape not in ("source-first", "participle", "unnamed-report"):
            continue
        boundary = second.cue[0]
        for span in (second.source, second.content[0], second.antecedent):
            if span and first.cue[1] < span[0] < boundary:
                boundary = span[0]
        start, end = first.content[-1]
        if second.antecedent and boundary == second.antecedent[0]:
            # `reporting indicating A and subsequent comments from Kirby who said B`: the
            # antecedent's noun phrase is no part of A; A ends at the coordination before it.
            joint = max(masked.rfind(" and ", start, boundary), masked.rfind(", ", start, boundary))
            if joint > start:
                boundary = joint
        if start < boundary < end:
            trimmed = trim_content(masked, start, boundary)
            # `He claimed that the ICC had warned the PCB of X`: an attribution opening the
            # complement clause is nested in it; cut there, the claim would be a bare "that".
            if trimmed and masked[trimmed[0] : trimmed[1]].lower() not in _COMPLEMENTIZERS:
                first.content[-1] = trimmed


def according_to(document: Document, index: int, sentence: Sentence, cue: Range) -> Found | None:
    masked = document.masked
    comma = masked.find(",", cue[1], sentence.end)
    source = strip(masked, cue[1], comma if comma >= 0 else sentence.end)
    while source[1] > source[0] and masked[source[1] - 1] in ".!?":
        source = (source[0], source[1] - 1)
    if source[1] <= source[0] or len(masked[source[0] : source[1]].split()) > 14:
        return None
    pieces = []
    if masked[sentence.start : cue[0]].strip():
        first = trim_content(masked, sentence.start, cue[0])
        if first:
            pieces.append(first)
    if comma >= 0:
        second = trim_content(masked, comma + 1, sentence.end)
        if second:
            pieces.append(second)
    if not pieces:
        return None
    return Found(cue, source, pieces, direct(masked, pieces[0]), index, "according-to")


# `"X," the agency cited the spokesman as saying.` / `Kyodo quoted a source as saying X.`:
# the one quoted speaks; the one quoting (an outlet, as a rule) relays.
_AS_SAYING = re.compile(
    r"(?P<cue>(?:cited|quoted|quotes|cites))\s+(?P<source>[^,;:]{2,100}?)\s+"
    r"(?P<tail>as\s+(?:saying|stating|writing|telling(?:\s+(?:a|an|the|his|her|their|its)\s+[^,;:"
    + FILL
    + r"]{1,60}?(?=\s*[.,]|\s+that\b))?))"
)
_QUOTE_BEFORE = re.compile(r"\s*(?P<quote>" + OPEN + FILL + r"*[,.!?]?" + CLOSE + r"?)\s*,?\s")


# `"X," Nzimande was quoted as saying by EWN.` / `X, his agent was quoted as saying on
# Friday.`: the passive, its subject the one quoted.
_PASSIVE_AS_SAYING = re.compile(
    r"(?<![\w\-])(?:was|were|is|are|has\s+been|had\s+been)\s+(?:quoted|cited)\s+as\s+(?:saying|stating|writing)\b"
)


def _passive_quoted(document: Document, index: int, sentence: Sentence) -> Found | None:
    masked = document.masked
    match = _PASSIVE_AS_SAYING.search(masked, sentence.start, sentence.end)
    if match is None:
        return None
    quote = _QUOTE_BEFORE.match(masked, sentence.start, match.start())
    if quote is not None:
        content = trim_content(masked, quote.start("quote"), quote.end("quote"))
        source = strip(masked, quote.end(), match.start())
    else:
        comma = masked.rfind(", ", sentence.start, match.start())
        if comma <= sentence.start:
            return None
        content = trim_content(masked, sentence.start, comma)
        source = strip(masked, comma + 1, match.start())
    words = masked[source[0] : source[1]].split()
    if content is None or not words or len(words) > 8 or FILL in masked[source[0] : source[1]]:
        return None
    return Found(match.span(), source, [content], direct(masked, content), index, "quoted-as-saying")


def quoted_as_saying(document: Document, index: int, sentence: Sentence) -> Found | None:
    masked = document.masked
    if masked.find(" as ", sentence.start, sentence.end) < 0:
        return None
    match = _AS_SAYING.search(masked, sentence.start, sentence.end)
    if match is None:
        return _passive_quoted(document, index, sentence)
    cue = (match.start("cue"), match.end("tail"))
    source = strip(masked, *match.span("source"))
    quote = _QUOTE_BEFORE.match(masked, sentence.start, match.start())
    comma = masked.rfind(", ", sentence.start, match.start())
    rest = masked[match.end("tail") : sentence.end]
    if quote is not None:
        content = trim_content(masked, quote.start("quote"), quote.end("quote"))
    elif comma > sentence.start and len(rest.split()) <= 4 and not re.search(r"\bthat\b", rest):
        # `Allegations are fantasies, the agency cited Lavrov as saying on Tuesday.`
        content = trim_content(masked, sentence.start, comma)
    else:
        content = trim_content(masked, match.end("tail"), sentence.end)
    if content is None or source[1] <= source[0]:
        return None
    return Found(cue, source, [content], direct(masked, content), index, "quoted-as-saying")
