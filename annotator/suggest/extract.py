"""Find attributions: for each reporting cue, its source (who) and its content (what).

The rules work sentence by sentence on the masked text (see `segment`), so quotations
are opaque blocks. These shapes cover most news attribution:

- content first: `"X," Kirby told reporters.` / `X, he said.` / `X, said Smith, a spokesman.`
- source first: `Kirby said (on Tuesday) (that) X.` / `Iranian officials denied X.`
- according to: `According to X, Y.` / `Y, according to X.`
- unnamed reports: `followed reports that X` / `reporting indicating X` / `It had been
  reported that X`, with no source span (as PolNeAR marks them).

A quotation split around its cue (`"X," he said. "Y."`) gives one content in pieces.
Span conventions (what a source or content includes) follow the PolNeAR annotation
guidelines: "that" belongs to the content, the final full stop does not, a quotation
keeps its marks, an apposition belongs to the source with its closing comma, and a
relative pronoun ("who said") is the source, its antecedent being the speaker.

This module runs the stages; each rule family has its own module: `cues` (reporting
words), `speakers` (who: the source span), `quotes` (direct quotations, split and
continued), `reported` (according to, unnamed reports), `spans` (content trimming),
then `relay` (through which outlet) and `stance` (claim or denial) in `suggest`."""

import re

from .cues import cue_span, cues, is_denial_cue, is_noun_use, participle_cues
from .nested import absorb_reported_in_denials
from .quotes import content_first, content_first_found, content_from_previous, content_separator, continue_quotes
from .reported import according_to, limit_overlaps, quoted_as_saying, unnamed_reports
from .segment import Document, Sentence
from .spans import OPEN, Found, direct, skip_adverbial_run, skip_adverbials, trim_content
from .speakers import find_addressee, source_before, subject

_AND_END = re.compile(r"(?:^|\s)(?:and|but)(?:\s+(?:also|then|later))?$")
# `he said, adding that`, `X told reporters, while adding that`: the participle shares the subject.
_PARTICIPLE_AFTER = re.compile(r",\s*(?:(?:while|before|after|and|also|then)\s+)?$")
_TELL_ASK = frozenset({"told", "tells", "telling", "asked", "asks", "asking"})


def find(document: Document) -> list[Found]:
    masked = document.masked
    found: list[Found] = []
    for index, sentence in enumerate(document.sentences):
        in_sentence: list[Found] = []
        quoting = quoted_as_saying(document, index, sentence)
        if quoting is not None:
            in_sentence.append(quoting)
        for cue in cues(masked, sentence.start, sentence.end):
            if is_noun_use(masked, sentence, cue):
                continue
            if quoting is not None and quoting.cue[0] - 60 <= cue.start() < quoting.cue[1]:
                continue  # the quoting's own verbs: "the agency cited ... as saying"
            if in_sentence and _object_of_denial(masked, in_sentence[-1], cue):
                continue  # "to rubbish claims that X": "claims" is what is denied, no cue
            item = _attribute(document, index, sentence, cue, in_sentence)
            if item is not None:
                in_sentence.append(item)
        in_sentence.extend(unnamed_reports(masked, index, sentence, in_sentence))
        in_sentence.sort(key=lambda item: item.cue[0])
        limit_overlaps(masked, in_sentence)
        found.extend(absorb_reported_in_denials(masked, in_sentence))
    found.extend(continue_quotes(document, found))
    return found


def _attribute(document: Document, index: int, sentence: Sentence, cue: re.Match, previous: list[Found]):
    masked = document.masked
    cue_range = cue_span(cue)
    word = " ".join(cue.group().rstrip(":").split()).split()[-1]
    if cue.group().lower().startswith("according"):
        return according_to(document, index, sentence, cue_range)
    before = masked[sentence.start : cue.start()]
    addressee = find_addressee(masked, cue.end(), sentence.end) if word in _TELL_ASK else None
    probe = addressee[1] if addressee else cue.end()

    # A participle after a comma (`he said, adding that ...`) shares the subject.
    if word in participle_cues() and _PARTICIPLE_AFTER.search(before):
        # `rejected the report that said X, saying Y`: not the relative clause's "that".
        sharing = next((p for p in reversed(previous) if not _relative_source(masked, p)), None)
        source = sharing.source if sharing else subject(masked, sentence)
        content = trim_content(masked, skip_adverbials(masked, probe, sentence.end), sentence.end)
        if content is None:
            content = _quotation_after_colon(document, index, sentence, probe)
        if content is None:
            return None  # with no subject found the statement stays, its speaker for the analyst
        found = Found(cue_range, source, [content], direct(masked, content), index, "participle", addressee)
        found.antecedent = sharing.antecedent if sharing else None
        return found

    # Content first: what precedes the cue ends in a comma or a quotation, and only
    # the source, adverbials or a continuation of the quotation follow the cue.
    separator = content_separator(masked, sentence.start, cue.start())
    if separator is not None and content_first(document, sentence, cue, probe, separator):
        return content_first_found(document, index, sentence, cue, cue_range, probe, separator, addressee)

    # Source first.
    source, antecedent = source_before(masked, sentence, cue.start())
    if previous and (before.strip() == "" and source is None or _AND_END.search(before.rstrip())):
        # `Sambague moved to dismiss X and claimed Y`: the subject of the first cue speaks.
        source, antecedent = previous[-1].source, previous[-1].antecedent
    content_start = skip_adverbial_run(masked, probe, sentence.end)
    content = trim_content(masked, content_start, sentence.end)
    if content is None:
        content = _quotation_after_colon(document, index, sentence, probe)
    if content is None:
        if source is not None and index > 0:
            return content_from_previous(document, index, sentence, cue_range, source)
        return None
    if source is None:
        return None
    found = Found(cue_range, source, [content], direct(masked, content), index, "source-first", addressee)
    found.antecedent = antecedent
    return found


_REPORT_OBJECT_WORDS = frozenset({"claims", "reports", "allegations", "accusations", "rumours", "rumors"})


def _object_of_denial(masked: str, item: Found, cue: re.Match) -> bool:
    return (
        cue.group() in _REPORT_OBJECT_WORDS
        and item.cue[1] <= cue.start()
        and len(masked[item.cue[1] : cue.start()].split()) <= 2
        and is_denial_cue(masked[item.cue[0] : item.cue[1]])
    )


def _relative_source(masked: str, item: Found) -> bool:
    return item.source is not None and masked[item.source[0] : item.source[1]].lower() in ("that", "which")


def _quotation_after_colon(document: Document, index: int, sentence: Sentence, probe: int) -> tuple[int, int] | None:
    """`Ahmed dismissed the reports, saying:` and the quotation opening the next sentence
    or paragraph: that quotation is the content."""
    masked = document.masked
    rest = masked[probe : sentence.end].strip()
    colon = rest == ":" or (rest == "" and masked[:probe].rstrip().endswith(":"))
    if not colon or index + 1 >= len(document.sentences):
        return None
    following = document.sentences[index + 1]
    if following.paragraph > sentence.paragraph + 1 or not re.match(
        r"\s*(?:" + OPEN + "|\u201d)", masked[following.start :]
    ):
        return None
    return trim_content(masked, following.start, following.end)
