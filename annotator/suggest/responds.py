"""Which claim a denial answers (`Suggestion.responds_to`): "That is simply untrue," she
said, after the report that said it; "denied reports that the club was sold", when the
article also carries the report.

A denial answers the claim of another speaker in the same article that shares the most
content words with it (words of four letters or more, not the commonest ones); on a tie
a claim before it wins over one after, and the nearest of those. With no shared word, a
denial ("That is simply untrue") answers the nearest earlier claim of another speaker:
the accusation the article set up. On the dev set this finds about a third of the
answered claims (`evaluate_suggester`, "responds to"): a first proposal for the
analyst, who sees and can change it."""

import re

from .types import Suggestion

_WORD = re.compile(r"[^\W\d_]{4,}")
_COMMON = frozenset(
    "that this with have been from were will would there their they them what when which about said says also "
    "into than then some more most such only other over after before just like very does could should these those "
    "being because while where here your ours they're it's don't isn't wasn't".split()
)


def _words(text: str) -> set[str]:
    return {w for w in (m.group().casefold() for m in _WORD.finditer(text)) if w not in _COMMON}


def _same_speaker(a: Suggestion, b: Suggestion) -> bool:
    return a.speaker is not None and b.speaker is not None and a.speaker.casefold() == b.speaker.casefold()


def link_responses(suggestions: list[Suggestion]) -> list[int | None]:
    """For each suggestion, the index of the claim it answers (denials only), or None."""
    words = [_words(s.quote) for s in suggestions]
    answers: list[int | None] = [None] * len(suggestions)
    for i, denial in enumerate(suggestions):
        if denial.stance != "denial":
            continue
        best = None
        for j, claim in enumerate(suggestions):
            if j == i or claim.stance != "claim" or _same_speaker(denial, claim) or claim.continues is not None:
                continue
            shared = len(words[i] & words[j])
            before = claim.start < denial.start
            if shared == 0 and not before:
                continue
            key = (shared, before, claim.start)
            if best is None or key > best[0]:
                best = (key, j)
        answers[i] = best[1] if best else None
    return answers
