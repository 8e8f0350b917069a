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
relative pronoun ("who said") is the source, its antecedent being the speaker."""

import re
from dataclasses import dataclass
from functools import cache

from .lexicon import alternation, forms
from .segment import FILL, Document, Sentence

Range = tuple[int, int]

OPEN = "(?:''|[\"\u201c])"
CLOSE = "(?:''|[\"\u201d])"
_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_TIME = (
    r"(?:(?:on\s+|last\s+|this\s+|early\s+|late\s+|next\s+)?(?:" + _DAYS + r")(?:\s+(?:morning|afternoon|evening|"
    r"night))?|yesterday|today|tonight|(?:last|this|next|earlier\s+this|late\s+last)\s+(?:week|month|year|summer|"
    r"spring|fall|winter|weekend|night))"
)
# Words that may stand between a source and its verb without belonging to either.
_BETWEEN = re.compile(
    r"(?:\s+(?:has|have|had|also|later|previously|then|once|reportedly|repeatedly|would|will|could|can|did|does|"
    r"do|may|might|must|should|further|again|first|already|even|now|still|just|only|long|once\s+again|in\s+turn|"
    r"often|always|never|sometimes|soon|(?:released|issued|put\s+out|sent|posted|published)\s+(?:a|an)\s+"
    r"(?:\w+\s+)?(?:statement|letter|memo|tweet|message|video|report)|"
    r"[a-z]+ly|" + _TIME + r"|(?:in|on|at)\s+(?:a|an|the|his|her|their|its)\s+[\w\s-]{1,30}?(?:statement|"
    r"interview|speech|briefing|post|tweet|letter|email|op-ed|conference|call|appearance|rally)),?)+\s*$"
)
_LEADING = re.compile(
    r"(?:(?:But|And|So|Yet|Still|Now|Meanwhile|However|Instead|Then|Later|Earlier|Separately|Similarly|Indeed|"
    r"Moreover|Also|Even|Thus|Finally|Ultimately|Previously|Today|Yesterday|Nonetheless|Nevertheless|Rather|Or|"
    r"Plus|Here|There|In fact|Of course|At the time|On (?:" + _DAYS + r")|as|and|but|or|so|while|because|though|"
    r"although|when|since|if|whereas|yet)\b,?\s+)+"
)
# Where a source noun phrase written before its verb begins, scanning backwards.
_CLAUSE_BREAK = re.compile(
    r"(?:[;:\u2014]|\s--\s|\s-\s|,\s|\b(?:that|and|but|because|while|when|whereas|as|after|before|since|if|"
    r"although|though|where|so|which|who|whom|until|unless|once|than|or|whether|what|is|are|was|were|has|have|had|"
    r"will|would|can|could|said|says|told)\s)"
)
_RELATIVE = re.compile(r"(?:^|[\s,])(who|which|that)\s*$")
# `$`-anchored patterns only look this far back: searching a whole sentence for a
# suffix tries every position and is what made the rules slow.
_WINDOW = 120
_PREPOSITION = re.compile(
    r"(?:on|in|at|during|to|from|with|after|before|for|by|about|over|via|through|outside|inside|ahead|"
    r"following|last|this|earlier|later|late|early|recently|yesterday|today|tonight|again|also|repeatedly|"
    r"publicly|privately|then|once|" + _DAYS + "|" + _MONTHS + r")\b"
)
_THAT = re.compile(r"\bthat\b")
# A determiner or adjective right before the cue word makes it a noun ("news reports").
_NOUN_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|his|her|their|its|our|my|your|these|those|this|news|media|press|such|of|many|some|"
    r"several|new|recent|earlier|initial|first|latest|conflicting|unconfirmed|no|any|two|three|which|whose|"
    r"United|what|all)|'s|\u2019s)\s+$"
)
_FUNCTION_END = re.compile(
    r"\b(?:to|and|or|by|as|of|for|with|not|n't|that|the|a|an|in|on|at|from|is|are|was|were|be|been|being|"
    r"would|will|could|should|can|may|might|must|did|does|do|has|have|had|who|which|also|if|but)$",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"\s*(?:[.!?;\u2014]|--|$)")
_ADDRESSEE = re.compile(
    r"\s*(?:(?:the|a|an|his|her|their|its|our|my|your|these|those|this)\s+)?"
    r"(?:(?:[A-Z][\w'\u2019.&\-]*|of|the|and|for)\s*)*"
    r"(?:reporters|journalists|supporters|lawmakers|members|voters|viewers|listeners|readers|students|"
    r"crowd|audience|host|interviewer|newspaper|paper|radio|television|network|station|magazine|"
    r"him|her|them|me|us|you|[a-z]+ers|[a-z]+ists)?"
)
_AND_END = re.compile(r"\s(?:and|but)$")
_TELL_ASK = frozenset({"told", "tells", "telling", "asked", "asks", "asking"})
_SPLIT_QUOTE = re.compile(r"\s*[,:]\s*(?=" + OPEN + ")")


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

    @property
    def start(self) -> int:
        return self.content[0][0]

    @property
    def end(self) -> int:
        return self.content[-1][1]


# "tried to make it clear", "sought to reassure": the attempt belongs to the cue.
_ATTEMPT_WORDS = ("tried", "tries", "sought", "seeks", "attempted", "wanted", "moved")
_ATTEMPT = r"(?:" + "|".join(_ATTEMPT_WORDS) + r")\s+to\s+"


@cache
def _cue_pattern() -> re.Pattern:
    words = set(forms("reporting_verbs")) | set(forms("denial_verbs"))
    # PolNeAR keeps auxiliaries and a following colon in the cue ("has said", "said:").
    return re.compile(
        r"(?<![\w\-])(?:(?:has|have|had|also|later|now|is|are|was|were)\s+(?:(?:also|repeatedly|long|since|"
        r"previously|now)\s+)?)?(?:" + _ATTEMPT + r")?(?:[Aa]ccording\s+to|" + alternation(words) + r")(?![\w\-]):?"
    )


@cache
def _participles() -> frozenset[str]:
    words = set(forms("reporting_verbs")) | set(forms("denial_verbs"))
    return frozenset(w for w in words if w.split()[0].endswith("ing"))


def _strip(text: str, start: int, end: int) -> Range:
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _quote_closes_at(masked: str, end: int) -> bool:
    return end > 0 and masked[end - 1] in "\"\u201d'" and (masked[end - 1] != "'" or masked[end - 2 : end] == "''")


def _trim_content(masked: str, start: int, end: int) -> Range | None:
    """Content runs up to its sentence's end, without the final stop or comma; a
    quotation keeps its closing mark and the punctuation inside it."""
    start, end = _strip(masked, start, end)
    while end > start and masked[end - 1] in ".,;:\u2014-":
        end -= 1
        while end > start and masked[end - 1].isspace():
            end -= 1
    tail = _TRAILING_TIME.search(masked, max(start, end - _WINDOW), end)
    if tail and tail.start() > start:
        end = tail.start()
    if end - start < 2:
        return None
    return start, end


_TRAILING_TIME = re.compile(r"(?:,?\s+(?:" + _TIME + r"|on\s+(?:" + _MONTHS + r")\s+\d+|and|or|but))+\s*$")


def _words(text: str) -> list[str]:
    return text.replace(FILL, " ").split()


def _np_start(masked: str, lo: int, end: int) -> int | None:
    """Where the noun phrase ending at `end` begins (not before `lo`), or None."""
    text = masked[lo:end]
    last = None
    for match in _CLAUSE_BREAK.finditer(text):
        last = match
    start = last.end() if last else 0
    # `the deputy chief of staff of Iran's armed forces, Brigadier-General Massoud Jazayeri`
    # is one phrase: a comma followed only by a capitalised name keeps the title before it.
    if last is not None and last.group() == ", ":
        tail = text[start:].strip()
        if tail and tail[0].isupper() and not _LEADING.match(tail) and len(tail.split()) <= 5:
            prior = None
            for match in _CLAUSE_BREAK.finditer(text, 0, last.start()):
                prior = match
            head = text[prior.end() if prior else 0 : last.start()].strip()
            if head.lower().startswith(("the ", "a ", "an ")) and len(head.split()) <= 12 and _has_role(head):
                start = prior.end() if prior else 0
    elif last is not None and last.group() == "and ":
        # `Maine Sen. Susan Collins and Texas Rep. Louis Gohmert said`: coordinated names.
        prior = None
        for match in _CLAUSE_BREAK.finditer(text, 0, last.start()):
            prior = match
        head = text[prior.end() if prior else 0 : last.start()].strip()
        if head and len(head.split()) <= 5 and all(w[0].isupper() or w.lower() in _NP_WORDS for w in head.split()):
            start = prior.end() if prior else 0
    while start < len(text) and text[start].isspace():
        start += 1
    lead = _LEADING.match(text, start)
    if lead:
        start = lead.end()
    phrase = text[start:].strip()
    if not phrase or FILL in phrase or re.search(OPEN, phrase):
        return None
    words = phrase.split()
    if len(words) > 12 or _FUNCTION_END.search(phrase, max(0, len(phrase) - 12)):
        return None
    if (
        phrase[0].islower()
        and words[0].lower() not in _LOWER_STARTS
        and words[-1].lower() not in _anonymous_heads()
        and (len(words) > 8 or last is None or last.group() != ", ")
    ):
        return None
    if any(_VERB_LIKE.fullmatch(w) and _SUBJECT_LIKE.fullmatch(words[i - 1]) for i, w in enumerate(words) if i > 0):
        return None  # `Kirby's comments followed reports`: a verb inside is no noun phrase
    return lo + start


_NP_WORDS = frozenset("both the a an his her their its of former top senior most more less very".split())
_VERB_LIKE = re.compile(r"[a-z]+ed")
_SUBJECT_LIKE = re.compile(r"[a-z]+[^s's\u2019]s|[A-Z][\w\-]*[^s'\u2019]")


@cache
def _anonymous_heads() -> frozenset[str]:
    return frozenset(form.lower() for form in forms("anonymous"))


@cache
def _role_words() -> frozenset[str]:
    return frozenset(form.lower() for form in forms("role_nouns"))


def _has_role(text: str) -> bool:
    return any(word.strip(",.").lower() in _role_words() for word in text.split())


_LOWER_STARTS = frozenset(
    "the a an his her their its our my your he she they we i it one two three four five several some many most "
    "all both each another other others few more".split()
)


def _source_before(masked: str, sentence: Sentence, cue_start: int) -> tuple[Range | None, Range | None]:
    """The source written before its cue, and the antecedent when it is a relative
    pronoun: `Pentagon chief spokesperson Rear Admiral John Kirby who said`."""
    lo = sentence.start
    head = masked[lo:cue_start]
    between = _BETWEEN.search(head, max(0, len(head) - _WINDOW))
    end = lo + (between.start() if between else len(head))
    while end > lo and masked[end - 1].isspace():
        end -= 1
    if end <= lo:
        return None, None
    relative = _RELATIVE.search(masked, max(lo, end - 8), end)
    if relative:
        pronoun = (relative.start(1), relative.end(1))
        stop = relative.start(1)
        while stop > lo and masked[stop - 1] in " ,":
            stop -= 1
        return pronoun, _antecedent(masked, lo, stop)
    if masked[end - 1] == ",":
        # `Samantha Phillips, the city's emergency director, said`: the apposition
        # belongs to the source, closing comma included.
        comma = end - 1
        for _ in range(3):
            comma = masked.rfind(", ", lo, comma)
            if comma <= lo or FILL in masked[comma:end] or len(masked[comma:end].split()) > 24:
                break
            np = _np_start(masked, lo, comma)
            if np is not None and masked[np].isupper():
                return (np, end), None
        return None, None
    if _AND_END.search(masked, max(lo, end - 5), end):
        # `Trump doubled down on his comments and said ...`: the sentence's subject speaks.
        return _subject(masked, sentence), None
    np = _np_start(masked, lo, end)
    return ((np, end), None) if np is not None else (None, None)


def _antecedent(masked: str, lo: int, stop: int) -> Range | None:
    """The noun phrase a relative pronoun stands for: capitalised words and role nouns
    back from the pronoun (`comments from Pentagon chief spokesperson Rear Admiral John Kirby`)."""
    start = stop
    for match in reversed(list(re.finditer(r"\S+", masked[lo:stop]))):
        word = match.group().strip(",")
        if match.group().endswith(",") and start != stop:
            break
        if word[:1].isupper() or word.lower() in _role_words() or word.lower() in ("the", "a", "an"):
            start = lo + match.start()
            if word.lower() in ("the", "a", "an"):
                break
        else:
            break
    return (start, stop) if start < stop else None


def _skip_adverbials(masked: str, start: int, end: int) -> int:
    """After a cue: step over `on Tuesday`, `at a briefing`, `in a statement` up to a
    `that` within reach, or to the next comma when a prepositional phrase leads."""
    probe = masked[start:end]
    stripped = probe.lstrip()
    lead = len(probe) - len(stripped)
    if not _PREPOSITION.match(stripped):
        return start
    that = _THAT.search(stripped)
    comma = stripped.find(", ")
    if that and (comma < 0 or that.start() < comma) and len(stripped[: that.start()].split()) <= 12:
        return start + lead + that.start()
    if comma >= 0 and len(stripped[:comma].split()) <= 8:
        return start + lead + comma + 1
    if _TERMINAL.fullmatch(stripped.rstrip(".!?") + ".") and len(stripped.split()) <= 8:
        return end  # `X, he said on Tuesday.`: nothing but adverbials follow
    return start


@cache
def _source_after_patterns() -> tuple[re.Pattern, re.Pattern]:
    named = re.compile(
        r"\s+((?:(?:the|a|an)\s+)?(?:[A-Z][\w'\u2019.\-]*\s*)+(?:,\s+(?:the|a|an)?\s*[^,.;" + FILL + r"]{1,80}?,?)?)"
        r"(?=\s*(?:[.,;!?]|$))"
    )
    anonymous = re.compile(
        r"\s+((?:(?:the|a|an|one|another)\s+)?(?:[\w'\u2019\-]+\s+){0,4}(?:" + alternation(forms("anonymous")) + r"))"
        r"(?=\s*(?:[.,;!?]|$))"
    )
    return named, anonymous


def _source_after(masked: str, start: int, end: int) -> tuple[Range | None, int]:
    """`..., said Smith, a spokesman for X.` : the source written after its cue."""
    for pattern in _source_after_patterns():
        match = pattern.match(masked, start, end)
        if match:
            s, e = match.span(1)
            while e > s and masked[e - 1].isspace():
                e -= 1
            return (s, e), match.end()
    return None, start


def _addressee(masked: str, start: int, end: int) -> Range | None:
    match = _ADDRESSEE.match(masked, start, end)
    if not match or match.end() == start:
        return None
    s, e = _strip(masked, start, match.end())
    return (s, e) if e > s else None


def _is_noun_use(masked: str, sentence: Sentence, cue: re.Match) -> bool:
    word = cue.group()
    if word[:1].isupper() and not word.startswith("According"):
        return True
    if word in ("said", "told") or word.startswith(("according", "According")):
        return False
    return bool(_NOUN_BEFORE.search(masked, max(sentence.start, cue.start() - 30), cue.start()))


_SEPARATOR = re.compile(r"[,?!]\s*" + CLOSE + "|" + CLOSE + r"\s*,|,|\u2014|--")


def _content_separator(masked: str, lo: int, hi: int) -> tuple[int, int] | None:
    """In `X," Kirby ` / `X, he ` / `X, ` (masked[lo:hi]): (end of content, start of source)."""
    matches = list(_SEPARATOR.finditer(masked, lo, hi))
    if not matches:
        return None
    match = matches[-1]
    candidate = masked[match.end() : hi]
    if len(candidate.split()) > 8 or FILL in candidate or re.search(OPEN, candidate):
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


def _direct(masked: str, content: Range) -> bool:
    text = masked[content[0] : content[1]]
    return bool(re.match(OPEN, text)) and text.count(FILL) >= 0.6 * len(text)


def _subject(masked: str, sentence: Sentence) -> Range | None:
    match = re.match(
        r"\s*((?:(?:The|A|An)\s+)?(?:[A-Z][\w'\u2019.\-]*\s+){0,4}[A-Z][\w'\u2019.\-]*|He|She|They|We|I|It)\b",
        masked[sentence.start : sentence.end],
    )
    if not match:
        return None
    return sentence.start + match.start(1), sentence.start + match.end(1)


def _cues(masked: str, start: int, end: int) -> list[re.Match]:
    """Cue matches in masked[start:end]. A trie-shaped regex of the cues' first words
    finds candidates (one flat alternation of hundreds of words, tried at every
    position, is what would make the suggester slow); the full pattern confirms them."""
    pattern = _cue_pattern()
    matches = []
    taken = start
    for word in _cue_first_word_pattern().finditer(masked, start, end):
        if word.start() < taken:
            continue
        match = pattern.match(masked, word.start(), end)
        if match:
            matches.append(match)
            taken = match.end()
    return matches


def _trie(words: set[str]) -> str:
    """A regex matching exactly `words`, factored by common prefixes."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict) -> str:
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        optional = "" in node
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not optional else "(?:" + "|".join(branches) + ")"
        if optional:
            body = "(?:" + "|".join(branches) + ")?"
        return body

    return render(tree)


@cache
def _cue_first_word_pattern() -> re.Pattern:
    words = set(forms("reporting_verbs")) | set(forms("denial_verbs"))
    aux = {"has", "have", "had", "also", "later", "now", "is", "are", "was", "were"}
    firsts = {w.split()[0] for w in words} | aux | set(_ATTEMPT_WORDS) | {"according", "According"}
    return re.compile(r"(?<![\w\-])" + _trie(firsts) + r"(?![\w\-])")


def find(document: Document) -> list[Found]:
    masked = document.masked
    found: list[Found] = []
    for index, sentence in enumerate(document.sentences):
        in_sentence: list[Found] = []
        for cue in _cues(masked, sentence.start, sentence.end):
            if _is_noun_use(masked, sentence, cue):
                continue
            item = _attribute(document, index, sentence, cue, in_sentence)
            if item is not None:
                in_sentence.append(item)
        in_sentence.extend(_unnamed_reports(masked, index, sentence, in_sentence))
        in_sentence.sort(key=lambda item: item.cue[0])
        _limit_overlaps(masked, in_sentence)
        found.extend(in_sentence)
    _continue_quotes(document, found)
    return found


@cache
def _report_patterns() -> tuple[re.Pattern, re.Pattern]:
    participles = alternation(w for w in _participles() if " " not in w)
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


def _unnamed_reports(masked: str, index: int, sentence: Sentence, found: list[Found]) -> list[Found]:
    """`followed reporting indicating X`, `reports that X`, `It had been reported that X`:
    statements of unnamed reports, which no reporting verb with a source caught."""
    items = []
    for pattern in _report_patterns():
        for match in pattern.finditer(masked, sentence.start, sentence.end):
            if any(item.cue[0] < match.end() and match.start() < item.cue[1] for item in found + items):
                continue
            if FILL in masked[match.start() : match.end()]:
                continue
            content = _trim_content(masked, match.end(), sentence.end)
            if content is None or len(masked[content[0] : content[1]].split()) < 3:
                continue
            items.append(Found(match.span(), None, [content], _direct(masked, content), index, "unnamed-report"))
    return items


def _limit_overlaps(masked: str, items: list[Found]) -> None:
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
            trimmed = _trim_content(masked, start, boundary)
            if trimmed:
                first.content[-1] = trimmed


def _cue_range(cue: re.Match) -> Range:
    text = cue.group()
    if text.endswith(" to comment"):  # "declined to comment": the annotators mark "declined"
        return cue.start(), cue.start() + text.index(" ")
    return cue.start(), cue.end()


def _attribute(document: Document, index: int, sentence: Sentence, cue: re.Match, previous: list[Found]):
    masked = document.masked
    cue_range = _cue_range(cue)
    word = " ".join(cue.group().rstrip(":").split()).split()[-1]
    if cue.group().lower().startswith("according"):
        return _according_to(document, index, sentence, cue_range)
    before = masked[sentence.start : cue.start()]
    addressee = _addressee(masked, cue.end(), sentence.end) if word in _TELL_ASK else None
    probe = addressee[1] if addressee else cue.end()

    # A participle after a comma (`he said, adding that ...`) shares the subject.
    if word in _participles() and before.rstrip().endswith(","):
        source = previous[-1].source if previous else _subject(masked, sentence)
        content = _trim_content(masked, _skip_adverbials(masked, probe, sentence.end), sentence.end)
        if content is None or source is None:
            return None
        return Found(cue_range, source, [content], _direct(masked, content), index, "participle", addressee)

    # Content first: what precedes the cue ends in a comma or a quotation, and only
    # the source, adverbials or a continuation of the quotation follow the cue.
    separator = _content_separator(masked, sentence.start, cue.start())
    if separator is not None and _content_first(document, sentence, cue, probe, separator):
        return _content_first_found(document, index, sentence, cue, cue_range, probe, separator, addressee)

    # Source first.
    source, antecedent = _source_before(masked, sentence, cue.start())
    if source is None and previous and before.strip() == "":
        source = previous[-1].source
    content_start = _skip_adverbials(masked, probe, sentence.end)
    content = _trim_content(masked, content_start, sentence.end)
    if content is None:
        if source is not None and index > 0:
            return _content_from_previous(document, index, sentence, cue_range, source)
        return None
    if source is None:
        return None
    found = Found(cue_range, source, [content], _direct(masked, content), index, "source-first", addressee)
    found.antecedent = antecedent
    return found


def _content_first(document: Document, sentence: Sentence, cue: re.Match, probe: int, separator) -> bool:
    masked = document.masked
    content_end, source_start = separator
    source_text = masked[source_start : cue.start()].strip()
    content_is_quote = _direct(masked, (sentence.start, content_end))
    tail = masked[probe : sentence.end]
    if re.match(r"\s*[,:]?\s*" + OPEN, tail) and not content_is_quote:
        return False  # `Col. Warren, a military spokesman, said, "..."`
    if not source_text:
        # `"...," said Representative Peter Welch, ...` but not `Jason Furman, who ..., said that`
        after = _skip_adverbials(masked, probe, sentence.end)
        if _THAT.match(masked, after) or masked[after : after + 1] == ":":
            return False
        if content_is_quote:
            return _source_after_loose(masked, after, sentence.end)[0] is not None
        named, rest = _source_after(masked, after, sentence.end)
        return named is not None and (_TERMINAL.match(masked, rest, sentence.end) or masked[rest : rest + 1] == ",")
    if len(source_text.split()) > 8 or _FUNCTION_END.search(source_text, max(0, len(source_text) - 12)):
        return False
    after = _skip_adverbials(masked, probe, sentence.end)
    rest = masked[after : sentence.end]
    if _TERMINAL.match(rest) or rest.lstrip().startswith(",") or re.match(r"\s*" + OPEN, rest):
        return True
    stripped = rest.lstrip()
    if _PREPOSITION.match(stripped) and not _THAT.search(stripped.split(",")[0]):
        return True  # `"...," Zucker said during a discussion Thursday with ...`
    if after != probe:
        return False
    named, rest_end = _source_after(masked, after, sentence.end)
    return named is None and content_is_quote and _TERMINAL.match(masked, rest_end, sentence.end) is not None


def _content_first_found(document, index, sentence, cue, cue_range, probe, separator, addressee) -> Found | None:
    masked = document.masked
    content_end, source_start = separator
    content = _trim_content(masked, sentence.start, content_end)
    if content is None:
        return None
    source = _strip(masked, source_start, cue.start())
    lead = _LEADING.match(masked, source[0], source[1])
    if lead:
        source = (lead.end(), source[1])
    between = _BETWEEN.search(masked, max(source[0], source[1] - _WINDOW), source[1])
    if between:
        source = (source[0], between.start())
    after = _skip_adverbials(masked, probe, sentence.end)
    rest = after
    if source[1] <= source[0]:
        source, rest = _source_after_loose(masked, after, sentence.end)
    if source is None:
        return None
    pieces = [content]
    split = _SPLIT_QUOTE.match(masked, rest, sentence.end)
    if split is None:
        split = re.compile(r"[^" + FILL + r"\"\u201c']*?[,:]\s*(?=" + OPEN + ")").match(masked, rest, sentence.end)
    if split:
        quote = _quote_starting(document, split.end())
        if quote is not None:
            piece = _trim_content(masked, quote[0], min(quote[1], sentence.end))
            if piece:
                pieces.append(piece)
    return Found(cue_range, source, pieces, _direct(masked, content), index, "content-first", addressee)


def _source_after_loose(masked: str, start: int, end: int) -> tuple[Range | None, int]:
    """The source after an inverted cue, with its apposition or relative clause, up to
    the sentence end or a quotation: `said Representative Peter Welch, Democrat of
    Vermont, who replaced Mr. Sanders.` A comma closing it belongs to it."""
    match = _SOURCE_AFTER.match(masked, start, end)
    if not match:
        return None, start
    s, e = match.span(1)
    while e > s and (masked[e - 1].isspace() or masked[e - 1] in ".;:"):
        if masked[e - 1] == "." and _ABBREVIATED.search(masked, s, e):
            break
        e -= 1
    if e <= s or len(masked[s:e].split()) > 30:
        return None, start
    first = masked[s:e].split()[0].lower()
    if not (masked[s].isupper() or first in _LOWER_STARTS or first.endswith("s")):
        return None, start
    return (s, e), match.end()


_SOURCE_AFTER = re.compile(r"\s*([^" + FILL + r"\"\u201c]+?)(?=\s*(?:" + OPEN + r"|$))")
_ABBREVIATED = re.compile(r"(?:\b[A-Z]\.|\b(?:Jr|Sr|Inc|Co|Corp|Ltd|Calif|Fla|Tex|Mass|Ore|Ky|Ill|Pa|Va|D\.C|U\.S)\.)$")


def _content_from_previous(document, index, sentence, cue_range, source):
    """`Kirby said.` alone after a quotation: the quotation is the content."""
    previous = document.sentences[index - 1]
    if previous.paragraph != sentence.paragraph:
        return None
    content = _trim_content(document.masked, previous.start, previous.end)
    if content is None or not _direct(document.masked, content):
        return None
    return Found(cue_range, source, [content], True, index, "content-before-sentence")


def _according_to(document: Document, index: int, sentence: Sentence, cue: Range) -> Found | None:
    masked = document.masked
    comma = masked.find(",", cue[1], sentence.end)
    source = _strip(masked, cue[1], comma if comma >= 0 else sentence.end)
    while source[1] > source[0] and masked[source[1] - 1] in ".!?":
        source = (source[0], source[1] - 1)
    if source[1] <= source[0] or len(masked[source[0] : source[1]].split()) > 14:
        return None
    pieces = []
    if masked[sentence.start : cue[0]].strip():
        first = _trim_content(masked, sentence.start, cue[0])
        if first:
            pieces.append(first)
    if comma >= 0:
        second = _trim_content(masked, comma + 1, sentence.end)
        if second:
            pieces.append(second)
    if not pieces:
        return None
    return Found(cue, source, pieces, _direct(masked, pieces[0]), index, "according-to")


def _continue_quotes(document: Document, found: list[Found]) -> None:
    """`"X," he said. "Y."`: quotation-only sentences right after a direct quote, in the
    same paragraph, continue that quote."""
    masked = document.masked
    taken = {item.sentence for item in found}
    for item in found:
        if not item.direct or item.shape != "content-first":
            continue
        index = item.sentence + 1
        paragraph = document.sentences[item.sentence].paragraph
        while index < len(document.sentences) and index not in taken:
            sentence = document.sentences[index]
            if sentence.paragraph != paragraph:
                break
            text = masked[sentence.start : sentence.end]
            if not re.match(OPEN, text) or text.count(FILL) < 0.8 * len(text):
                break
            piece = _trim_content(masked, sentence.start, sentence.end)
            if piece:
                item.content.append(piece)
            index += 1
