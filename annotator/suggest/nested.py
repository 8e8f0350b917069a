"""A report named as the object of a denial, with what it says in a relative clause:
`dismissed a U.S. intelligence report that claims Putin ordered X`, `rejected the media
report that said Iran tested a missile`, `denying a report that claimed that Apple ...`.

The relative clause finds a second attribution (source "that", cue "claims"). It is not
a statement of its own: the report is what is denied, and its words are part of the
denied content, so the denial's content runs to the end of the clause and the nested
attribution goes. Only after a denial cue and a report noun: `said that X, which Y` and
`the minister who said X` keep their relative clauses."""

import re

from .cues import is_denial_cue
from .spans import Found

# The noun the relative pronoun follows: a report or something said, seen or circulated.
_REPORT_NOUN = re.compile(
    r"\b(?:reports?|story|stories|articles?|claims?|allegations?|accusations?|charges?|rumou?rs?|speculation|"
    r"suggestions?|dossier|documentary|memo|messages?|posts?|videos?|audio|footage|information|news|statements?|"
    r"assertions?|remarks?|comments?)\s*,?\s*$",
    re.IGNORECASE,
)
_RELATIVE = frozenset({"that", "which"})


def absorb_reported_in_denials(masked: str, found: list[Found]) -> list[Found]:
    """`found`, one sentence's attributions in cue order, without the ones a denial's
    reported object says; those denials' contents extended over them."""
    dropped: set[int] = set()
    for i, item in enumerate(found):
        if item.source is None or masked[item.source[0] : item.source[1]].lower() not in _RELATIVE:
            continue
        for outer in reversed(found[:i]):
            if id(outer) in dropped or not outer.content or outer.continues is not None:
                continue
            gap = masked[outer.end : item.source[0]]
            if gap.strip(" ,") or not is_denial_cue(masked[outer.cue[0] : outer.cue[1]]):
                continue
            if not _REPORT_NOUN.search(masked, max(outer.start, outer.end - 40), outer.end):
                continue
            outer.content[-1] = (outer.content[-1][0], max(outer.end, item.end))
            dropped.add(id(item))
            break
    return [item for item in found if id(item) not in dropped] if dropped else found
