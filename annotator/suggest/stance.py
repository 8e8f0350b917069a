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
from collections.abc import Callable
from functools import cache

from .cues import is_plain_denial_cue, is_report_denial, names_report
from .lexicon import lines

_FIRST_CLAUSE = re.compile(r"[;:]|,\s|\s(?:but|although|though|because|while|whereas)\s")
_LEAD = re.compile(r"^[\s\"'\u201c\u201d\u2018\u2019]*(?:that\s+)?", re.IGNORECASE)
# A leading conditional or concessive clause is not the main one: in "if such bombings
# took place, they were done without coordination" the main clause follows the comma.
# A leading prepositional phrase neither: "From intelligence gathered by the Force, there
# are no terrorists in Lugbe".
_SUBORDINATE = re.compile(
    r"^(?:if|even\s+if|when|whether|although|though|unless|while|from|after|before|during|despite|given|"
    r"according\s+to|based\s+on|in\s+(?:view|light)\s+of)\s[^,;:]{1,120},\s+",
    re.I,
)
_ACCUSING = re.compile(r"\baccus(?:e|ed|es|ing)\b", re.IGNORECASE)
_INSERTED = re.compile(r",\s+(?:which|who|whose|where)\b[^,;:]{1,160},\s+")
_QUOTE_MARKS = re.compile("[\"\u201c\u201d]|''")
# What a denial verb can reject without denying anything: a proposal, not a proposition.
# "denied reaching an agreement" denies an event: a gerund before the noun is no proposal.
_PROPOSAL = re.compile(
    r"^\W*(?:(?:the|a|an|his|her|their|its|this|that|any|our|my|your)\s+)?"
    r"(?:(?!(?:that|of|about|to|on|in|for|from|by|with)\b|[\w\-']+ing\b)[\w\-']+\s+){0,3}?"
    r"(?:proposals?|plans?|offers?|deals?|bids?|requests?|demands?|calls?|appeals?|resolutions?|bill|motion|"
    r"amendments?|nominations?|applications?|invitations?|ultimatum|terms|ceasefire|truce|budget|"
    r"candidacy|resignation|compromise|agreement|settlement)\b(?!\s+(?:that|of\s+reports))",
    re.IGNORECASE,
)
# Words that say something is being answered: the accusation a denial responds to. They
# are looked for as substrings of the window around a statement, only when a negation
# needs them: a regex over the whole article cost a tenth of the suggester's time.
ACCUSATION_WORDS = (
    "report", "claim", "alleg", "accus", "rumour", "rumor", "speculat", "suggestion", "suggesting", "story",
    "stories", "article", "insinuat", "charge", "blame", "criticism", "question", "asked", "denial", "denied",
    "deny", "denies",
)  # fmt: skip
# How far from the statement an accusation still counts as the thing it answers.
ANSWER_BEFORE, ANSWER_AFTER = 1500, 300


# Every pattern of denial_words.txt contains one of these: the regex runs only then.
_DENIAL_TRIGGERS = (
    "true", "false", "fake", "baseless", "unfounded", "groundless", "unsubstantiated", "fabricat", "lie",
    "nonsense", "rubbish", "inaccurate", "incorrect", "misleading", "truth", "basis", "foundation", "substance",
    "iota", "nothing", "categorically", "fantas", "speculation", "den", "refut", "reject", "dismiss", "rebut",
    "involved", "responsible", "behind", "involvement", "role", "part", "fiction", "invention", "grain", "shred",
    "ounce", "based", "distort", "debunk", "fakery", "absurd", "ludicrous", "barmy", "misinterpret", "context",
    "figment", "ridiculous", "defamatory", "slanderous", "disinform", "smear", "thin air", "spurious",
)  # fmt: skip


_TRIGGER = re.compile("|".join(_DENIAL_TRIGGERS))


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
    if ", " in text:
        # "Beijing, which has been on a reclamation binge, was not impeding navigation":
        # a relative clause or apposition between commas is no end of the main clause.
        text = _INSERTED.sub(" ", text)
    match = _FIRST_CLAUSE.search(text)
    return text[: match.start()] if match else text


def is_denial(cue: str, content: str, answering: bool | Callable[[], bool] = True) -> bool:
    """`answering` may be a function, called only when the content has a negation."""
    if cue and _ACCUSING.search(cue):
        # "accused the NDC of fabricating the news": what an accusation says is its claim,
        # whatever words of falsehood it holds.
        return False
    if cue and is_plain_denial_cue(cue):
        return not _PROPOSAL.match(content)
    if cue and is_report_denial(cue) and names_report(content):
        return True  # "described the report as false"; "described the virus as a beast" is no denial
    bare = _QUOTE_MARKS.sub("", content)
    lowered = bare.lower()
    if _TRIGGER.search(lowered) and _denial_words().search(bare):
        return True
    if not _negation().search(first_clause(bare)):
        return False
    return answering() if callable(answering) else answering


def stance(cue: str, content: str, answering: bool | Callable[[], bool] = True) -> str:
    return "denial" if is_denial(cue, content, answering) else "claim"


class Accusations:
    """Where a text names a report, claim, allegation or the like, to tell whether a
    statement at some offset answers one."""

    def __init__(self, text: str):
        self.text = text
        self._lowered: str | None = None

    def near(self, start: int, end: int) -> bool:
        if self._lowered is None:
            self._lowered = self.text.lower()
        window = self._lowered[max(0, start - ANSWER_BEFORE) : end + ANSWER_AFTER]
        return any(word in window for word in ACCUSATION_WORDS)
