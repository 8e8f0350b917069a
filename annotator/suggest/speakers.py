"""Speaker spans: the noun phrase that says who speaks, before its cue (`Kirby said`,
`Samantha Phillips, the city's emergency director, said`, `... Kirby who said`) or after
it (`said Smith, a spokesman`), and the addressee of "told"."""

import re
from functools import cache

from .lexicon import alternation, forms
from .segment import FILL, Sentence
from .spans import DAYS, OPEN, TIME, WINDOW, Range, strip

# Words that may stand between a source and its verb without belonging to either.
BETWEEN = re.compile(
    r"(?:\s+(?:has|have|had|all|both|also|later|previously|then|once|reportedly|repeatedly|would|will|could|can|did|does|"
    r"do|may|might|must|should|further|again|first|already|even|now|still|just|only|long|once\s+again|in\s+turn|"
    r"often|always|never|sometimes|soon|(?:released|issued|put\s+out|sent|posted|published)\s+(?:a|an)\s+"
    r"(?:\w+\s+)?(?:statement|letter|memo|tweet|message|video|report)|"
    r"[a-z]+ly|" + TIME + r"|(?:in|on|at)\s+(?:a|an|the|his|her|their|its)\s+[\w\s-]{1,30}?(?:statement|"
    r"interview|speech|briefing|post|tweet|letter|email|op-ed|conference|call|appearance|rally|account|handle|page|"
    r"blog|broadcast|video|programme|show)),?)+\s*$"
)

LEADING = re.compile(
    r"(?:(?:But|And|So|Yet|Still|Now|Meanwhile|However|Instead|Then|Later|Earlier|Separately|Similarly|Indeed|"
    r"Moreover|Also|Even|Thus|Finally|Ultimately|Previously|Today|Yesterday|Nonetheless|Nevertheless|Rather|Or|"
    r"Plus|Here|There|In fact|Of course|At the time|Although|Though|Whereas|On (?:" + DAYS + r")|as|and|but|or|so|"
    r"while|because|though|"
    r"although|when|since|if|whereas|yet)\b,?\s+)+"
)

# Where a source noun phrase written before its verb begins, scanning backwards.
_CLAUSE_BREAK = re.compile(
    r"(?:[;:\u2014]|\s--\s|\s-\s|,\s|\b(?:that|and|but|because|while|when|whereas|as|after|before|since|if|"
    r"although|though|where|so|which|who|whom|until|unless|once|than|or|whether|what|is|are|was|were|has|have|had|"
    r"will|would|can|could|said|says|told)\s)"
)

_RELATIVE = re.compile(r"(?:^|[\s,])(who|which|that)\s*$")

FUNCTION_END = re.compile(
    r"\b(?:to|and|or|by|as|of|for|with|not|n't|that|the|a|an|in|on|at|from|is|are|was|were|be|been|being|"
    r"would|will|could|should|can|may|might|must|did|does|do|has|have|had|who|which|also|if|but)$",
    re.IGNORECASE,
)

_ADDRESSEE = re.compile(
    r"\s*(?:(?:the|a|an|his|her|their|its|our|my|your|these|those|this)\s+)?"
    r"(?:(?:[A-Z][\w'\u2019.&/\-]*|of|the|and|for)(?![\w'\u2019.&/\-])\s*)*"
    r"(?:reporters|journalists|supporters|lawmakers|members|voters|viewers|listeners|readers|students|"
    r"crowd|audience|host|interviewer|newspaper|paper|radio|television|network|station|magazine|"
    r"him|her|them|me|us|you|[a-z]+ers|[a-z]+ists)?"
)

_INTRO_BEFORE_NAME = re.compile(
    r"(?:in|on|at|during|after|before|with|speaking|writing)\s+[a-z][^A-Z]{0,50}?\s+"
    r"(?=(?:[A-Z][\w'\u2019.\-]*\s+)*[A-Z][\w'\u2019.\-]*$)"
)
# Two capitalised words, neither of them a role: how a person's name looks.
_PERSON_NAME = re.compile(
    r"\b(?!(?:Executive|Member|Chief|Head|Minister|Director|Secretary|President|Officer)\b)"
    r"[A-Z][a-z\u00e0-\u00ff'\u2019\-]+\s+(?!(?:Executive|Member|Chief|Head|Minister|Director|"
    r"Secretary|President|Officer|for|of)\b)[A-Z][a-z\u00e0-\u00ff'\u2019\-]+"
)
_AND_END = re.compile(r"\s(?:and|but)$")
_SUBORDINATE = re.compile(r"(?:When|If|As|While|After|Before|Since|Although|Though|Because|Once|Until|Unless|Where)\b")


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
        if tail and tail[0].isupper() and not LEADING.match(tail) and len(tail.split()) <= 5:
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
    lead = LEADING.match(text, start)
    if lead:
        start = lead.end()
    phrase = text[start:].strip()
    if not phrase or FILL in phrase or re.search(OPEN, phrase):
        return None
    if intro := _INTRO_BEFORE_NAME.match(phrase):
        # `in an interview this week Councillor Nigel Young`: the name after the adverbial
        start += len(text[start:]) - len(text[start:].lstrip()) + intro.end()
        phrase = phrase[intro.end() :]
    words = phrase.split()
    if len(words) > 12 or FUNCTION_END.search(phrase, max(0, len(phrase) - 12)):
        return None
    if (
        phrase[0].islower()
        and words[0].lower() not in _LOWER_STARTS
        and not (words[0].lower() in _role_words() and len(words) > 1 and words[1][:1].isupper())
        and words[-1].lower() not in _anonymous_heads()
        and (len(words) > 8 or last is None or last.group() != ", ")
    ):
        return None
    if any(
        _VERB_LIKE.fullmatch(w)
        and not (w == "based" and words[i - 1][:1].isupper())  # "the Elmina based club"
        and _SUBJECT_LIKE.fullmatch(words[i - 1])
        for i, w in enumerate(words)
        if i > 0
    ):
        return None  # `Kirby's comments followed reports`: a verb inside is no noun phrase
    if words[0].endswith("ed") and words[0] in _cue_words():
        # `IBM on Monday, dismissed rumours surrounding a report claiming`: a verb phrase;
        # `which alleged Dong told`: the name after the verb is the subject
        if len(words) < 2 or not words[1][:1].isupper():
            return None
        start += len(text[start:]) - len(text[start:].lstrip()) + len(words[0]) + 1
    return lo + start


_NP_WORDS = frozenset("both the a an his her their its of former top senior most more less very".split())

_VERB_LIKE = re.compile(r"[a-z]+ed")

_SUBJECT_LIKE = re.compile(r"[a-z]+[^s's\u2019]s|[A-Z][\w\-]*[^s'\u2019]")


@cache
def _anonymous_heads() -> frozenset[str]:
    return frozenset(form.lower() for form in forms("anonymous"))


@cache
def _cue_words() -> frozenset[str]:
    return frozenset(form for name in ("reporting_verbs", "denial_verbs") for form in forms(name) if " " not in form)


@cache
def _role_words() -> frozenset[str]:
    return frozenset(form.lower() for form in forms("role_nouns"))


def _has_role(text: str) -> bool:
    return any(word.strip(",.").lower() in _role_words() for word in text.split())


_LOWER_STARTS = frozenset(
    "the a an his her their its our my your he she they we i it one two three four five several some many most "
    "all both each another other others few more".split()
)


def source_before(masked: str, sentence: Sentence, cue_start: int) -> tuple[Range | None, Range | None]:
    """The source written before its cue, and the antecedent when it is a relative
    pronoun: `Pentagon chief spokesperson Rear Admiral John Kirby who said`."""
    lo = sentence.start
    head = masked[lo:cue_start]
    between = BETWEEN.search(head, max(0, len(head) - WINDOW))
    found = _source_ending(masked, sentence, lo + (between.start() if between else len(head)))
    if found[0] is None and between is not None and head.rstrip().endswith(","):
        # `Maria Costa, who joined the ministry last year, said`: the time closes the
        # apposition, it stands not between the source and its verb.
        found = _source_ending(masked, sentence, lo + len(head))
    return found


def _source_ending(masked: str, sentence: Sentence, end: int) -> tuple[Range | None, Range | None]:
    lo = sentence.start
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
        found = None
        for _ in range(3):
            comma = masked.rfind(", ", lo, comma)
            if comma <= lo or FILL in masked[comma:end] or len(masked[comma:end].split()) > 24:
                break
            np = _np_start(masked, lo, comma)
            if np is not None and masked[np].isupper():
                if _PERSON_NAME.search(masked, np, comma) or found is not None:
                    return (np, end), None
                # `Councillor Nigel Young, Executive Member for Regeneration, who ..., said`:
                # a role in capitals may itself be the apposition of a name before it.
                found = (np, end)
        np = _np_start(masked, lo, end - 1) if found is None else None
        if (
            np is not None
            and masked[np].isupper()
            and not masked[lo:np].strip()
            and not _SUBORDINATE.match(masked, np)  # `When BBC's Peter Okwoche, asked him`
        ):
            # `Premier League side Techiman Eleven Wonders, has refuted claims`: a stray
            # comma between the sentence's subject and its verb, no apposition before it.
            return (np, end - 1), None
        return found, None
    if _AND_END.search(masked, max(lo, end - 5), end):
        # `Trump doubled down on his comments and said ...`: the sentence's subject speaks.
        return subject(masked, sentence), None
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


def source_after(masked: str, start: int, end: int) -> tuple[Range | None, int]:
    """`..., said Smith, a spokesman for X.` : the source written after its cue."""
    for pattern in _source_after_patterns():
        match = pattern.match(masked, start, end)
        if match:
            s, e = match.span(1)
            while e > s and masked[e - 1].isspace():
                e -= 1
            return (s, e), match.end()
    return None, start


# `told Japanese public broadcaster NHK that X`, `told the news site example.gr that X`:
# whatever stands between "told" and a near "that" is who was told.
_ADDRESSEE_BEFORE_THAT = re.compile(r"\s*(?:(?!that\b)[^\s,;:\u2014\"\u201c" + FILL + r"]+\s+){1,8}?(?=that\s)")


@cache
def _media_addressee() -> re.Pattern:
    """`told broadcaster KBS`, `told the daily Ethnos`: an outlet named next to its media noun."""
    return re.compile(
        r"\s*(?:(?:the|a|an)\s+)?(?:[\w\-]+\s+){0,3}?(?:" + alternation(forms("media_nouns")) + r")\s+"
        r"(?:[A-Z][\w'\u2019&.\-]*(?:\s+[A-Z][\w'\u2019&.\-]*)*|[\w\-]+(?:\.[\w\-]+)+)"
    )


def find_addressee(masked: str, start: int, end: int) -> Range | None:
    match = (
        _ADDRESSEE_BEFORE_THAT.match(masked, start, end)
        or _media_addressee().match(masked, start, end)
        or _ADDRESSEE.match(masked, start, end)
    )
    if not match or match.end() == start:
        return None
    s, e = strip(masked, start, match.end())
    return (s, e) if e > s else None


_SUBJECT = re.compile(
    r"((?:(?:The|A|An|Its|His|Her|Their)\s+)?(?:[A-Z][\w'\u2019.\-]*\s+){0,4}[A-Z][\w'\u2019.\-]*|"
    r"(?:The|A|An|Its|His|Her|Their)\s+(?:[\w'\u2019\-]+\s+){0,3}?[\w'\u2019\-]+|He|She|They|We|I|It)"
    r"(?=\s+(?:(?:has|have|had|also|later|then|again|now|once|would|will|[a-z]+ly)\s+)*[a-z]+(?:ed|s)\b)"
)
_CAPITALISED_START = re.compile(
    r"((?:(?:The|A|An)\s+)?(?:[A-Z][\w'\u2019.\-]*\s+){0,4}[A-Z][\w'\u2019.\-]*|He|She|They|We|I|It)\b"
)
# An introductory phrase before the subject: `At his press conference on Wednesday, AMLO ...`
_INTRO = re.compile(r"(?:[^,;:" + FILL + r"]{1,80},\s+){1,3}")


def subject(masked: str, sentence: Sentence) -> Range | None:
    """The subject of the sentence's first verb: `The ministry condemned X, emphasizing
    that Y`, `At a briefing on Monday, the minister said X and added Y`."""
    start = sentence.start
    while start < sentence.end and masked[start].isspace():
        start += 1
    lead = LEADING.match(masked, start, sentence.end)
    if lead:
        start = lead.end()
    match = _SUBJECT.match(masked, start, sentence.end)
    if match is None:
        intro = _INTRO.match(masked, start, sentence.end)
        if intro:
            match = _SUBJECT.match(masked, intro.end(), sentence.end)
    if match is None:
        match = _CAPITALISED_START.match(masked, start, sentence.end)
        if match and _not_subject(match.group(1)) and (intro := _INTRO.match(masked, start, sentence.end)):
            # `Commenting on the allegations, Russia's embassy called them ...`: the
            # subject follows the participle's phrase.
            match = _CAPITALISED_START.match(masked, intro.end(), sentence.end)
    if not match or _not_subject(match.group(1)):
        return None
    return match.start(1), match.end(1)


def _not_subject(phrase: str) -> bool:
    first = phrase.split()[0].strip(",\u201a")
    return first in _NOT_SUBJECTS or (first.endswith("ing") and len(phrase.split()) == 1)


_NOT_SUBJECTS = frozenset(
    "At In On For With From By After Before During As When While If Since Under Though Although Because Get "
    # connectives that open a sentence: "Although, the agent ... said", "But, said X"
    "But And Yet So Despite Moreover Furthermore Nevertheless Nonetheless Instead Indeed Thus Therefore Hence "
    "Besides Otherwise Additionally Similarly Likewise Finally Separately Elsewhere Overall Commenting Speaking "
    "Responding Reacting Asked Addressing Writing".split()
)


def source_after_loose(masked: str, start: int, end: int) -> tuple[Range | None, int]:
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
