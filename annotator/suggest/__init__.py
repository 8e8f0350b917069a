"""The suggester: proposes the attributed statements of a news text.

    suggest(text, sources=[SourceName(...)], actors=[ActorName(...)]) -> [Suggestion]

Pure Python and deterministic: no Django, no model download. The rules live in
`extract` (attribution shapes), `names` (who speaks), `relay` (through which outlet),
`stance` (claim or denial) and `link` (which known actor); the word lists they use are
data files in `lexicons/`, each naming its sources. `evaluate` scores the result on
PolNeAR-format gold data.

With `tagger=TaggerOptions()` the trained tagger (`tagger`) finds the source, cue and
content spans in place of the rules' `extract` stage, combined with them as
`tagger.combine` says; the later stages are the same. Without its weights file the
rules run alone."""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from .extract import find
from .fragments import is_fragment
from .link import ActorIndex
from .names import Person
from .relay import outlets_for
from .relay_patterns import POST_VERBS, same_name
from .resolver import Resolver
from .responds import link_responses
from .segment import segment
from .stance import ANSWER_BEFORE, Accusations, stance
from .types import ActorName, SourceName, Span, Suggestion

if TYPE_CHECKING:
    from .tagger.combine import TaggerOptions

__all__ = ["ActorIndex", "ActorName", "SourceName", "Span", "Suggestion", "TaggerOptions", "suggest"]

# The speaker of `reports that X` and `It was reported that X`: no one is named, so the
# statement is proposed for one generic anonymous actor rather than left speakerless.
UNNAMED_REPORTS = Person("News reports", None, "anonymous")
# How far (characters) a quotation may follow the same speaker's denial and still answer
# with it: about a paragraph.
SAME_ANSWER_GAP = 400


def __getattr__(name: str):
    # The tagger (and NumPy, ~15 MiB) loads when it is first asked for, not with the
    # rules: the web server imports this package for names and review scores and never
    # tags a text, and every byte its master imports is held by each process it forks.
    if name == "TaggerOptions":
        from .tagger.combine import TaggerOptions

        return TaggerOptions
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def suggest(text: str, *, sources=(), actors=(), tagger: TaggerOptions | None = None) -> list[Suggestion]:
    """The attributed statements proposed for `text`, ordered by start offset. `actors`:
    the known actors, or an `ActorIndex` of them built once for many texts (building it
    costs more than suggesting for one article when thousands of actors are known).
    `tagger`: use the trained tagger's spans (when its weights file exists)."""
    if not text:
        return []
    document = segment(text)
    outlets = outlets_for(tuple(sources))
    index = actors if isinstance(actors, ActorIndex) else ActorIndex(tuple(actors))
    resolver = Resolver(text)
    lead_ins = outlets.lead_ins(text, document.paragraphs)
    accusations = Accusations(text)  # found on first use
    suggestions = []
    resolved: dict[int, tuple] = {}  # id(found) -> (person, outlet), for its continuations
    found_of: list = []  # the Found behind each suggestion, in the same order
    last_relayed = None  # (speaker, outlet, paragraph) of the last statement relayed through an outlet
    attributions = find(document)
    if tagger is not None and tagger.available():
        from .tagger.combine import merged

        attributions = merged(text, document, attributions, tagger)
    by_sentence: dict[int, list] = {}
    for found in attributions:
        by_sentence.setdefault(found.sentence, []).append(found)
    for found in sorted(attributions, key=lambda f: f.cue[0]):
        sentence = document.sentences[found.sentence]
        pieces = tuple(Span(s, e, text[s:e]) for s, e in found.content)
        start, end = pieces[0].start, pieces[-1].end
        if found.continues is not None and id(found.continues) in resolved:
            # A continued quotation: the speaker and outlet of the words it continues.
            person, outlet = resolved[id(found.continues)]
            source = cue = None
        else:
            source = (
                Span(found.source[0], found.source[1], text[found.source[0] : found.source[1]])
                if found.source
                else None
            )
            cue = Span(found.cue[0], found.cue[1], text[found.cue[0] : found.cue[1]])
            who = found.antecedent or found.source
            mention = text[who[0] : who[1]] if who else ""
            staff = outlets.staff(mention.strip(" ,")) if who else None
            if staff is not None:
                mention = staff[0]  # "Pete Thamel with ESPN": Thamel speaks, ESPN relays
            person = resolver.resolve(mention, who[0]) if who else None
            if found.shape == "unnamed-report":
                person = UNNAMED_REPORTS
            # A statement nested in another's content ("Dong confirmed in a statement to
            # Global News that he spoke about the men China accused of espionage") has
            # only its own words to name an outlet: the relay before it is the other's.
            # What a report says ("According to a documentary released by the BBC, 25
            # eyewitnesses accused him") comes through the report's outlet.
            nested = found.source is not None and any(
                other is not found
                and other.shape != "according-to"
                and other.start <= found.source[0] <= other.end + 1  # its content cut before this source
                for other in by_sentence[found.sentence]
            )
            relay_from = found.source[0] if nested else sentence.start
            outlet = staff[1] if staff else outlets.relayed(text, relay_from, sentence.end, found.source, (start, end))
            if outlet is None and cue.text.split()[-1].rstrip(":") in POST_VERBS:
                outlet = outlets.platform_nearby(text, document.paragraphs, sentence.paragraph, sentence.start)
            if outlet is not None and person is not None and same_name(outlet.name, person.name):
                # "the Daily Monitor newspaper reported", "according to AFP": the outlet
                # speaks, relaying no one.
                outlet = None
            if outlet is None:
                for governs_from, candidate in lead_ins:
                    if governs_from <= start:
                        outlet = candidate
            if (
                outlet is None
                and person is not None
                and last_relayed is not None
                and last_relayed[0] == person.name
                and sentence.paragraph - last_relayed[2] <= 2
            ):
                # `He told Sky Germany: "A." ... He added: "B."`: the same speaker, a
                # few lines on, is still talking to the outlet that relayed them.
                outlet = last_relayed[1]
        if person is not None:
            last_relayed = (person.name, outlet, sentence.paragraph) if outlet else None
        resolved[id(found)] = (person, outlet)
        found_of.append(found)
        actor_id = index.link(person.name) if person else None
        content_text = " ".join(piece.text for piece in pieces)
        speaker = person.name if person else None

        upto = len(suggestions)

        def answering(start=start, end=end, speaker=speaker, upto=upto) -> bool:
            # A negation answers something when a report or allegation is named near it,
            # or when another speaker spoke shortly before ("X said A." / "Not true," Y
            # said). Asked only for a negated content: finding the words costs.
            return accusations.near(start, end) or any(
                start - ANSWER_BEFORE <= suggestions[k]["start"] < start and suggestions[k]["speaker"] != speaker
                for k in range(upto)
            )

        suggestions.append(
            dict(
                start=start,
                end=end,
                quote=text[start:end],
                stance=stance(cue.text if cue else "", content_text, answering),
                direct=found.direct,
                source=source,
                cue=cue,
                speaker=person.name if person else None,
                role=person.role if person else None,
                via=outlet.name if outlet else None,
                actor_id=actor_id,
                new_actor=person is not None and actor_id is None,
                fragments=pieces,
                speaker_kind=person.kind if person else None,
                via_id=outlet.id if outlet else None,
            )
        )
    keep = [
        i
        for i in _not_wrapping_relays(suggestions)
        # what a misread cue leaves ("found in their bags"): see `fragments`
        if found_of[i].continues is not None or not is_fragment(**_fragment_fields(suggestions[i]))
    ]
    suggestions = [suggestions[i] for i in keep]
    found_of = [found_of[i] for i in keep]
    # Sorted, then made once: continues and responds_to are indexes into the sorted list.
    order = sorted(range(len(suggestions)), key=lambda i: _order_key(suggestions[i]))
    position = {id(found_of[i]): n for n, i in enumerate(order)}
    rows = [suggestions[i] for i in order]
    for n, i in enumerate(order):
        parent = found_of[i].continues
        rows[n]["continues"] = position.get(id(parent)) if parent is not None else None
    for row in rows:
        # `"These stories are baseless," he said. "The reports are irresponsible."`: a
        # quotation continuing a denial goes on denying (on the dev set 18 of 22 do).
        parent = row["continues"]
        if parent is not None and rows[parent]["stance"] == "denial":
            row["stance"] = "denial"
    for before, row in zip(rows, rows[1:], strict=False):
        # `"These accusations are nonsense," she said. ... "Russia has levelled a series
        # of accusations which distort the facts," she said.`: the same speaker quoted
        # again just after a denial, with a cue of its own, goes on answering (on the
        # grown dev set 39 of 47 such quotations are denials).
        if (
            row["direct"]
            and row["stance"] == "claim"
            and before["stance"] == "denial"
            and row["speaker"] is not None
            and before["speaker"] == row["speaker"]
            and 0 <= row["start"] - before["end"] <= SAME_ANSWER_GAP
        ):
            row["stance"] = "denial"
    answers = link_responses(
        [(row["stance"], row["quote"], row["speaker"], row["continues"] is not None, row["start"]) for row in rows]
    )
    return [Suggestion(**row, responds_to=answer) for row, answer in zip(rows, answers, strict=True)]


def _not_wrapping_relays(rows: list[dict]) -> list[int]:
    """The indexes of `rows` to keep: `The minister said X, Radio Cooperativa reported.`
    gives the outlet's statement wrapping another one that it relays; that one, with the
    outlet as its `via`, is the statement, and the wrapper goes."""
    relays = sorted((row["cue"].start, row["via"]) for row in rows if row["via"] is not None and row["cue"] is not None)
    if not relays:
        return list(range(len(rows)))
    starts = [at for at, _ in relays]
    keep = []
    for i, row in enumerate(rows):
        speaker = row["speaker"]
        if speaker is None or row["cue"] is None or (row["via"] is not None and not same_name(row["via"], speaker)):
            keep.append(i)
            continue
        first = bisect_left(starts, row["start"])  # only relays cued inside this row's content
        inside = relays[first : bisect_left(starts, row["end"], first)]
        if not any(same_name(via, speaker) for _, via in inside):
            keep.append(i)
    return keep


def _fragment_fields(row: dict) -> dict:
    return {"content": row["quote"], "stance": row["stance"], "direct": row["direct"]}


def _order_key(row: dict) -> tuple[int, int, int]:
    return row["start"], row["end"], row["cue"].start if row["cue"] else -1
