"""Claim or denial.

- A denial cue ("denied", "dismissed claims that", "poured cold water on") makes a
  denial, unless what is rejected is a proposal, plan or offer ("rejected the ceasefire
  proposal" is no denial). Lexicon: `denial_verbs.txt`.
- Words that deny on their own make a denial anywhere in the content ("simply untrue",
  "all lies", "no truth in", "baseless", "I know nothing about these allegations").
  Lexicon: `denial_words.txt`.
- A negated main clause ("has never been involved", "out of question") makes a denial
  when the statement answers something: a report, claim, allegation, accusation, rumour
  or suggestion is named near it (`answering`). A negative pledge with nothing to answer
  ("We will not raise taxes") stays a claim. Lexicon: `negations.txt`."""

import re
from bisect import bisect_left
from functools import cache

from .cues import is_denial_cue
from .lexicon import lines

_FIRST_CLAUSE = re.compile(r"[;:]|,\s|\s(?:but|although|though|because|while|whereas)\s")
_LEAD = re.compile(r"^[\s\"'\u201c\u201d\u2018\u2019]*(?:that\s+)?", re.IGNORECASE)
# A leading conditional or concessive clause is not the main one: in "if such bombings
# took place, they were done without coordination" the main clause follows the comma.
_SUBORDINATE = re.compile(r"^(?:if|even\s+if|when|whether|although|though|unless|while)\s[^,;:]{1,120},\s+", re.I)
_QUOTE_MARKS = re.compile("[\"\u201c\u201d]|''")
# What a denial verb can reject without denying anything: a proposal, not a proposition.
_PROPOSAL = re.compile(
    r"^\W*(?:(?:the|a|an|his|her|their|its|this|that|any|our|my|your)\s+)?(?:(?!that\b)[\w\-']+\s+){0,3}?"
    r"(?:proposals?|plans?|offers?|deals?|bids?|requests?|demands?|calls?|appeals?|resolutions?|bill|motion|"
    r"amendments?|nominations?|applications?|invitations?|ultimatum|terms|ceasefire|truce|budget|"
    r"candidacy|resignation|compromise|agreement|settlement)\b(?!\s+(?:that|of\s+reports))",
    re.IGNORECASE,
)
# Words that say something is being answered: the accusation a denial responds to.
ACCUSATION = re.compile(
    r"\b(?:reports?|reported|reporting|claims?|claimed|alleg\w+|accus\w+|rumou?rs?|rumou?red|speculat\w+|"
    r"suggestions?|suggesting|stor(?:y|ies)|articles?|insinuat\w+|charges?|blame[sd]?|criticism|questions?|"
    r"asked|denials?|denied|deny|denies)\b",
    re.IGNORECASE,
)
# How far from the statement an accusation still counts as the thing it answers.
ANSWER_BEFORE, ANSWER_AFTER = 1500, 300


@cache
def _negation() -> re.Pattern:
    alternatives = "|".join(f"(?:{line})" for line in lines("negations"))
    return re.compile(r"(?<![\w'\u2019])(?:" + alternatives + r")(?!\w)", re.IGNORECASE)


@cache
def _denial_words() -> re.Pattern:
    alternatives = "|".join(f"(?:{line})" for line in lines("denial_words"))
    return re.compile(r"(?<![\w'\u2019])(?:" + alternatives + r")(?!\w)", re.IGNORECASE)


def first_clause(content: str) -> str:
    text = _LEAD.sub("", content)
    if subordinate := _SUBORDINATE.match(text):
        text = text[subordinate.end() :]
    match = _FIRST_CLAUSE.search(text)
    return text[: match.start()] if match else text


def is_denial(cue: str, content: str, answering: bool = True) -> bool:
    if cue and is_denial_cue(cue):
        return not _PROPOSAL.match(content)
    bare = _QUOTE_MARKS.sub("", content)
    if _denial_words().search(bare):
        return True
    return answering and bool(_negation().search(first_clause(bare)))


def stance(cue: str, content: str, answering: bool = True) -> str:
    return "denial" if is_denial(cue, content, answering) else "claim"


class Accusations:
    """Where a text names a report, claim, allegation or the like, to tell whether a
    statement at some offset answers one."""

    def __init__(self, text: str):
        self.positions = [match.start() for match in ACCUSATION.finditer(text)]

    def near(self, start: int, end: int) -> bool:
        at = bisect_left(self.positions, start - ANSWER_BEFORE)
        return at < len(self.positions) and self.positions[at] < end + ANSWER_AFTER
