"""A report named as the object of a denial, with what it says in a relative clause:
`dismissed a U.S. intelligence report that claims Putin ordered X`, `rejected the media
report that said Iran tested a missile`, `denying a report that claimed that Apple ...`.

The relative clause finds a second attribution (source "that", cue "claims"). It is not
a statement of its own: the report is what is denied, and its words are part of the
denied content, so the denial's content runs to the end of the clause and the nested
attribution goes. Only after a denial cue and a report noun: `said that X, which Y` and
`the minister who said X` keep their relative clauses.

The same holds for a participle right after the denied report (`denies media reports
alleging that he is cooperating with a party`, `refuted media reports claiming that a
meeting was canceled`): the reports are no speaker of their own there, what they allege
is what is denied."""

import re

from .cues import is_denial_cue
from .spans import Found

# The noun the relative pronoun follows: a report or something said, seen or circulated.
_REPORT_NOUN = re.compile(
    r"\b(?:reports?|story|stories|articles?|claims?|allegations?|accusations?|charges?|rumou?rs?|speculation|"
    r"suggestions?|dossier|documentary|memo|messages?|posts?|videos?|audio|footage|information|news|statements?|"
    r"assertions?|remarks?|comments?)(?:\s+of\s+[\w\-]+)?\s*,?\s*$",  # "allegations of corruption which said"
    re.IGNORECASE,
)
_RELATIVE = frozenset({"that", "which"})
_ANAPHORIC = re.compile(r"(?:these|those|such|the\s+same)\b", re.IGNORECASE)


def absorb_reported_in_denials(masked: str, found: list[Found]) -> list[Found]:
    """`found`, one sentence's attributions in cue order, without the ones a denial's
    reported object says; those denials' contents extended over them."""
    dropped: set[int] = set()
    for i, item in enumerate(found):
        if item.source is None:
            continue
        if masked[item.source[0] : item.source[1]].lower() not in _RELATIVE:
            _absorb_participle(masked, found[:i], item, dropped)
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


def _absorb_participle(masked: str, before: list[Found], item: Found, dropped: set[int]) -> None:
    """`denied reports claiming that X`: `item` (cue "claiming", source "reports") ends the
    report a denial before it names."""
    cue = masked[item.cue[0] : item.cue[1]]
    if not cue.endswith("ing") or " " in cue.strip() or item.source is None:
        return
    if not _REPORT_NOUN.search(masked, max(item.source[0], item.cue[0] - 40), item.cue[0]):
        return
    for outer in reversed(before):
        if id(outer) in dropped or not outer.content or outer.continues is not None:
            continue
        inside = outer.start <= item.source[0] <= outer.end + 1  # source "reports", inside the object
        if not (inside or not masked[outer.end : item.cue[0]].strip()):  # or the object cut before the cue
            return
        if not is_denial_cue(masked[outer.cue[0] : outer.cue[1]]):
            return
        if _ANAPHORIC.match(masked, outer.content[-1][0]):
            # `dismissed these claims suggesting that the story was fabricated`: reports
            # named before; the participle is the speaker's own next statement.
            return
        outer.content[-1] = (outer.content[-1][0], max(outer.end, item.end))
        dropped.add(id(item))
        return
