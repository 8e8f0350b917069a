"""Which claim a denial answers (`Suggestion.responds_to`): "That is simply untrue," she
said, after the report that said it; "denied reports that the club was sold", when the
article also carries the report.

A denial answers the claim of another speaker in the same article that shares the most
content words with it (words of four letters or more, not the commonest ones); on a tie
a claim before it wins over one after, and the nearest of those. With no shared word, a
denial ("That is simply untrue") answers the nearest earlier claim of another speaker:
the accusation the article set up; a denial that names a report, claim or allegation
("denied reports that ...") with no claim before it answers the first claim after it,
where the article goes on to say what the report said. On the dev set this finds about a third of the
answered claims (`evaluate_suggester`, "responds to"): a first proposal for the
analyst, who sees and can change it."""

import re

_COMMON = frozenset(
    "that this with have been from were will would there their they them what when which about said says also "
    "into than then some more most such only other over after before just like very does could should these those "
    "being because while where here your ours they're it's don't isn't wasn't".split()
)


_ACCUSATION = re.compile("report|claim|alleg|accus|rumou?r|story|stories|article|speculat")


def _words(text: str) -> set[str]:
    return {w for w in (word.strip(_PUNCTUATION) for word in text.lower().split()) if len(w) >= 4} - _COMMON


_PUNCTUATION = ".,;:!?\"'()[]\u201c\u201d\u2018\u2019-\u2014"


def link_responses(items: list[tuple[str, str, str | None, bool, int]]) -> list[int | None]:
    """For each statement (stance, quote, speaker, is a continuation, start), the index of
    the claim it answers (denials only), or None."""
    answers: list[int | None] = [None] * len(items)
    denials = [i for i, item in enumerate(items) if item[0] == "denial"]
    if not denials:
        return answers
    claims = [
        (j, _words(quote), (speaker or "").casefold(), start)
        for j, (stance, quote, speaker, continued, start) in enumerate(items)
        if stance == "claim" and not continued
    ]
    for i in denials:
        _, quote, speaker, _, denial_start = items[i]
        said_by = (speaker or "").casefold()
        own = _words(quote)
        lowered = quote.lower()
        # "denied reports that X" before the article tells what the reports said: a
        # denial naming a report answers the claim that follows it when none precedes it.
        names_accusation = _ACCUSATION.search(lowered) is not None
        best = None
        for j, claim_words, claim_speaker, claim_start in claims:
            if said_by and said_by == claim_speaker:
                continue
            shared = len(own & claim_words)
            before = claim_start < denial_start
            if shared == 0 and not before and not names_accusation:
                continue
            # Nearest first: the latest claim before the denial, the first one after it.
            key = (shared, before, claim_start if before else -claim_start)
            if best is None or key > best[0]:
                best = (key, j)
        answers[i] = best[1] if best else None
    return answers
