"""The tagger inside `suggest`: its source, cue and content spans take the place of the
rules' where it finds an attribution, and the rules' later stages (who the speaker is,
through which outlet, claim or denial, which claim a denial answers) run on top as
before.

How the two are combined (`MERGE`), chosen on PolNeAR dev and the real-news dev set:

- "tagger": the tagger's attributions only;
- "quotes": the tagger's, except that a direct quotation the rules attribute keeps the
  rules' spans (they find quotation marks exactly, and continue a quotation over
  several sentences with its speaker); the tagger's attribution on the same cue or
  content is dropped;
- "union": "quotes", plus every rule attribution whose cue and content the tagger did
  not find at all;
- "rules": the rules' attributions, plus every one of the tagger's whose cue and
  content the rules did not find at all.

Where the tagger and the rules agree on a cue and on its source, the tagger's
attribution keeps what only the rules know: the antecedent of a relative pronoun ("who
said": the speaker is the name before it) and the addressee ("told Reuters")."""

from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from ..segment import Document
from ..spans import Found, direct
from . import MODEL, available, tagged
from .features import extract

MERGES = ("tagger", "quotes", "union", "rules")


@dataclass(frozen=True, slots=True)
class TaggerOptions:
    """Whether and how `suggest` uses the tagger. `model`: the weights file; `lm_dir`:
    a local language-model directory whose embeddings the model was trained with (see
    `lm`); `merge`: one of `MERGES`."""

    model: Path = MODEL
    lm_dir: Path | None = None
    merge: str = "rules"

    def __post_init__(self):
        if self.merge not in MERGES:
            raise ValueError(f"merge must be one of {', '.join(MERGES)}, not {self.merge!r}")

    def available(self) -> bool:
        return available(self.model, self.lm_dir)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def merged(text: str, document: Document, found: list[Found], options: TaggerOptions) -> list[Found]:
    """The attributions `suggest` proposes: the tagger's, combined with the rules'
    (`found`) as `options.merge` says. Raises `TaggerUnavailable` without weights."""
    features = extract(text, document=document, found=found)
    sentence_starts = [s.start for s in document.sentences]
    refine = None
    if options.merge == "rules":
        # Only the tagger's attributions the rules did not find are proposed: the
        # second stage need not look at the others' edges (a fifth of the time).
        covered = [span for item in found for span in (item.cue, *item.content)]

        def refine(attribution) -> bool:
            spans = [(attribution.cue.start, attribution.cue.end)]
            spans += [(piece.start, piece.end) for piece in attribution.content]
            return not any(_overlaps(s, t) for s in spans for t in covered)

    learned: list[Found] = []
    tagged_here = tagged(text, model=options.model, lm_dir=options.lm_dir, features=features, refine=refine)
    for attribution in tagged_here:
        if not attribution.content:
            continue  # a cue with nothing attributed: nothing to propose
        cue = (attribution.cue.start, attribution.cue.end)
        content = [(piece.start, piece.end) for piece in attribution.content]
        source = (attribution.source.start, attribution.source.end) if attribution.source else None
        sentence = max(0, bisect_right(sentence_starts, cue[0]) - 1)
        outer = (content[0][0], content[-1][1])
        shape = "tagger" if source else "tagger-unnamed"
        item = Found(cue, source, content, direct(document.masked, outer), sentence, shape)
        for rule in found:
            if rule.continues is None and _overlaps(rule.cue, cue):
                item.addressee = rule.addressee
                if source and rule.source and _overlaps(rule.source, source):
                    item.antecedent = rule.antecedent
                break
        learned.append(item)
    if options.merge == "tagger":
        return learned

    def spans(item: Found) -> list[tuple[int, int]]:
        return [item.cue, *item.content]

    if options.merge == "rules":
        covered = [span for item in found for span in spans(item)]
        return found + [item for item in learned if not any(_overlaps(s, t) for s in spans(item) for t in covered)]

    # Direct quotations the rules found, with the quotations they continue.
    quoted = [item for item in found if item.direct or (item.continues is not None and item.continues.direct)]
    kept_rules = [item for item in quoted if item.continues is None or item.continues in quoted]
    taken = [span for item in kept_rules for span in spans(item)]
    result = [item for item in learned if not any(_overlaps(s, t) for s in spans(item) for t in taken)]
    result += kept_rules
    if options.merge == "union":
        covered = [span for item in result for span in spans(item)]
        for item in found:
            if item in kept_rules or (item.continues is not None and item.continues not in result):
                continue
            if not any(_overlaps(s, t) for s in spans(item) for t in covered):
                result.append(item)
    return result
