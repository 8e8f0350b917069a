"""Claim or denial: a denial cue ("denied", "ruled out") or a negated main clause in the
content ("has never been involved", "out of question"). Lexicons: `denial_verbs.txt`,
`negations.txt`."""

import re
from functools import cache

from .lexicon import forms, lines

_FIRST_CLAUSE = re.compile(r"[;:]|,\s|\s(?:but|although|though|because|while|whereas)\s")
_LEAD = re.compile(r"^[\s\"'\u201c\u201d\u2018\u2019]*(?:that\s+)?", re.IGNORECASE)
# A leading conditional or concessive clause is not the main one: in "if such bombings
# took place, they were done without coordination" the main clause follows the comma.
_SUBORDINATE = re.compile(r"^(?:if|even\s+if|when|whether|although|though|unless|while)\s[^,;:]{1,120},\s+", re.I)


@cache
def _negation() -> re.Pattern:
    alternatives = "|".join(f"(?:{line})" for line in lines("negations"))
    return re.compile(r"(?<![\w'\u2019])(?:" + alternatives + r")(?!\w)", re.IGNORECASE)


@cache
def _denial_cue() -> re.Pattern:
    words = sorted(forms("denial_verbs"), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\b", re.I)


def first_clause(content: str) -> str:
    text = _LEAD.sub("", content)
    if subordinate := _SUBORDINATE.match(text):
        text = text[subordinate.end() :]
    match = _FIRST_CLAUSE.search(text)
    return text[: match.start()] if match else text


def is_denial(cue: str, content: str) -> bool:
    if cue and _denial_cue().search(cue):
        return True
    clause = first_clause(content).replace('"', "").replace("\u201c", "").replace("\u201d", "").replace("''", "")
    return bool(_negation().search(clause))


def stance(cue: str, content: str) -> str:
    return "denial" if is_denial(cue, content) else "claim"
