"""Reporting cues: the verbs of `reporting_verbs.txt` and `denial_verbs.txt`, with their
auxiliaries ("has said"), and the test that tells a verb from a noun ("news reports")."""

import re
from functools import cache

from .lexicon import alternation, forms
from .segment import Sentence
from .spans import Range

# A determiner or adjective right before the cue word makes it a noun ("news reports").
_NOUN_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|his|her|their|its|our|my|your|these|those|this|news|media|press|such|of|many|some|"
    r"several|new|recent|earlier|initial|first|latest|conflicting|unconfirmed|no|any|two|three|which|whose|"
    r"multiple|numerous|various|other|similar|previous|local|foreign|international|"
    r"United|what|all)|'s|\u2019s)\s+$"
)

# "tried to make it clear", "sought to reassure": the attempt belongs to the cue.
_ATTEMPT_WORDS = (
    "tried",
    "tries",
    "sought",
    "seeks",
    "attempted",
    "wanted",
    "moved",
    # "was quick to dismiss claims that": the eagerness belongs to the cue too.
    "quick",
    "swift",
    "keen",
    "hastened",
    "rushed",
)

# "took to Twitter on Monday night to rubbish claims": the purpose belongs to the cue too.
_ATTEMPT = r"(?:(?:" + "|".join(_ATTEMPT_WORDS) + r")\s+to\s+|took\s+to\s+(?:[\w\-]+\s+){1,6}?to\s+)"


@cache
def _cue_pattern() -> re.Pattern:
    words = set(forms("reporting_verbs")) | set(forms("denial_verbs"))
    # PolNeAR keeps auxiliaries and a following colon in the cue ("has said", "said:").
    return re.compile(
        r"(?<![\w\-])(?:(?:has|have|had|also|later|now|is|are|was|were)\s+(?:(?:also|repeatedly|long|since|"
        r"previously|now|all|both)\s+)?)?(?:" + _ATTEMPT + r")?(?:[Aa]ccording\s+to|" + alternation(words) + r")"
        r"(?![\w\-]):?"
    )


# The object that makes "denounced", "called", "slammed" a denial cue.
REPORT_OBJECT = (
    r"(?:(?:the|these|those|this|that|such|all|any|recent|latest|earlier|new|media|news|press|his|her|their|its|"
    r"what\s+(?:he|she|it|they|we)\s+(?:called|described\s+as))\s+){0,3}(?:[\w\-\u2019']+\s+){0,2}?"
    r"(?:reports?|stor(?:y|ies)|claims?|allegations?|accusations?|rumou?rs?|articles?|speculation|suggestions?|"
    r"reporting|coverage)\b"
)


# "calling them completely false": a pronoun for the report, judged false right after it.
_JUDGED_PRONOUN = (
    r"(?:them|it|this|these|those)\s+(?:[\w\-]+\s+){0,2}?(?:false|untrue|fake|baseless|unfounded|lies|nonsense|"
    r"rubbish|fabricat\w*|inaccurate|incorrect|misleading|ridiculous|absurd|groundless)\b"
)


@cache
def _report_denial_pattern() -> re.Pattern:
    """`denounced the report`, `called the story a fabrication`: the verb is the cue."""
    return re.compile(
        r"(?<![\w\-])(?:(?:has|have|had|also|later|now)\s+)?(?:" + _ATTEMPT + r")?"
        r"(?:" + alternation(forms("denial_if_report")) + r")(?=\s+(?:" + REPORT_OBJECT + r"|" + _JUDGED_PRONOUN + r"))"
    )


def is_report_denial(cue: str) -> bool:
    """A cue `cues` found by the report-object rule ("denounced", "has called")."""
    words = cue.split()
    return bool(words) and (words[-1] in _report_denial_forms() or " ".join(words[-3:]) in _report_denial_forms())


@cache
def _report_denial_forms() -> frozenset[str]:
    return frozenset(forms("denial_if_report"))


@cache
def _denial_cue() -> re.Pattern:
    return re.compile(r"\b(?:" + alternation(forms("denial_verbs")) + r")\b", re.IGNORECASE)


def is_plain_denial_cue(cue: str) -> bool:
    """ "denied", "poured cold water on": a denial whatever its object."""
    return bool(_denial_cue().search(cue))


@cache
def _report_object_start() -> re.Pattern:
    # "described as malicious, allegations against ...": the judgement may come first.
    # "has described as 'false and unwarranted' accusations": a quoted judgement, no comma.
    return re.compile(
        r"\W*(?:as\s+(?:[^,.;]{1,40},\s*|[\"'\u2018\u201c][^\"'\u2019\u201d]{1,40}[\"'\u2019\u201d]\s+))?"
        + REPORT_OBJECT,
        re.IGNORECASE,
    )


def names_report(content: str) -> bool:
    """The content opens with a report, story, claim or allegation: what makes
    "described", "called" or "slammed" deny ("described the report as false")."""
    return _report_object_start().match(content) is not None


def is_denial_cue(cue: str) -> bool:
    """A cue that makes its statement a denial: "denied", "poured cold water on", or a
    verb such as "denounced" that only is a cue with a report as its object."""
    return bool(_denial_cue().search(cue)) or is_report_denial(cue)


@cache
def participle_cues() -> frozenset[str]:
    # "slamming the rumours as ridiculous", "calling them fake": a report-object verb is a
    # participle cue too (its object decides whether it is a cue at all).
    words = set(forms("reporting_verbs")) | set(forms("denial_verbs")) | set(forms("denial_if_report"))
    return frozenset(w for w in words if w.split()[0].endswith("ing"))


_VERB_AFTER = re.compile(
    r"\s+(?:of|had|have|has|were|are|was|is|said|say|says|suggested|suggest|claimed|indicated|showed|emerged|"
    r"surfaced|circulated|circulating|published|based)\b"
)


_PASSIVE_ASKED = re.compile(r"\b(?:when|if|after|before|once|upon|being|was|were|been)\s+$")


def is_noun_use(masked: str, sentence: Sentence, cue: re.Match) -> bool:
    word = cue.group()
    if word[:1].isupper() and not word.startswith("According"):
        return True
    if word in ("said", "told") or word.startswith(("according", "According")):
        return False
    if word.split()[-1] == "asked" and (
        word.startswith(("is ", "are ", "was ", "were "))
        or _PASSIVE_ASKED.search(masked, max(sentence.start, cue.start() - 12), cue.start())
    ):
        return True  # `he told News24 when asked if ...`, `she was asked whether`: a question put, no statement
    # `Fake reports had suggested`, `reports of their split`: a verb or "of" after it
    # makes the cue word a noun.
    if word.endswith("s") and _VERB_AFTER.match(masked, cue.end(), sentence.end):
        return True
    if word in _NOUN_FORMS and _INDEFINITE_BEFORE.search(masked, max(sentence.start, cue.start() - 40), cue.start()):
        return True  # `in a brief WhatsApp reply to NST`: "a" and a word or two before it make a noun
    return bool(_NOUN_BEFORE.search(masked, max(sentence.start, cue.start() - 30), cue.start()))


# Cue words that are also nouns in their base form.
_NOUN_FORMS = frozenset(
    {"reply", "comment", "response", "answer", "claim", "report", "note", "post", "tweet", "remark"}
)
_INDEFINITE_BEFORE = re.compile(r"\b(?:a|an)\s+(?:[\w\-]+\s+){1,2}$")


def cues(masked: str, start: int, end: int) -> list[re.Match]:
    """Cue matches in masked[start:end]. A trie-shaped regex of the cues' first words
    finds candidates (one flat alternation of hundreds of words, tried at every
    position, is what would make the suggester slow); the full pattern confirms them."""
    pattern = _cue_pattern()
    matches = []
    taken = start
    for word in _cue_first_word_pattern().finditer(masked, start, end):
        if word.start() < taken:
            continue
        match = pattern.match(masked, word.start(), end) or _report_denial_pattern().match(masked, word.start(), end)
        if match:
            matches.append(match)
            taken = match.end()
    if masked.find("read", start, end) >= 0:
        matches.extend(m for m in _DOCUMENT_READS.finditer(masked, start, end) if not _overlaps(m, matches))
        matches.sort(key=lambda m: m.start())
    return matches


# `"...," the statement read.`: "read" is a cue only with a written text as its subject.
_DOCUMENT_READS = re.compile(
    r"(?:"
    + "|".join(
        rf"(?<={noun} )"
        for noun in ("statement", "letter", "post", "message", "note", "notice", "release", "tweet", "caption")
    )
    + r")(?:read|reads)\b"
)


def _overlaps(match: re.Match, others: list[re.Match]) -> bool:
    return any(other.start() < match.end() and match.start() < other.end() for other in others)


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
    firsts = (
        {w.split()[0] for w in words | set(forms("denial_if_report"))}
        | aux
        | set(_ATTEMPT_WORDS)
        | {"took"}
        | {"according", "According"}
    )
    return re.compile(r"(?<![\w\-])" + _trie(firsts) + r"(?![\w\-])")


def cue_span(cue: re.Match) -> Range:
    text = cue.group()
    if text.endswith(" to comment"):  # "declined to comment": the annotators mark "declined"
        return cue.start(), cue.start() + text.index(" ")
    return cue.start(), cue.end()
