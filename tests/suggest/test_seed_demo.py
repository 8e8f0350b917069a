"""Issue 5's criterion: on the cleaned seed article, the suggester proposes every statement
of the demo's hand annotation (`loaddemo.MARKS`) with its stance, speaker and relaying outlet.

What counts as covering a mark:

- span: the suggestion contains the mark's span, or overlaps at least half of it. A
  multi-sentence direct quotation stays one suggestion (PolNeAR marks it as one content),
  so the Reuters quotation covers both of the demo's statements inside it.
- speaker: the suggestion's speaker is the demo actor's name or one of its aliases. For an
  anonymous demo actor (the senior official, the unnamed reports, "officials") the text
  names no one, so an anonymous suggested speaker matches; the actor's name is not asked for.
- stance and via: equal (no outlet on both sides, or the same outlet)."""

import pytest

from annotator.management.commands.loaddemo import ACTORS, MARKS
from annotator.models import ActorKind
from annotator.suggest import ActorName, SourceName, suggest

SOURCES = [
    SourceName(id=1, name="Reuters", aliases=("Thomson Reuters",)),
    SourceName(id=2, name="The Guardian", aliases=("Guardian", "the Guardian")),
    SourceName(id=3, name="Al Jazeera", aliases=("Al-Jazeera", "Aljazeera")),
]
DEMO_ACTORS = [
    ActorName(id=index, name=fields["name"], aliases=tuple(fields.get("aliases", ())), role=fields.get("role", ""))
    for index, fields in enumerate(ACTORS.values())
]


@pytest.fixture(scope="module")
def suggestions(seed_body):
    return suggest(seed_body, sources=SOURCES, actors=DEMO_ACTORS)


def _covers(suggestion, start: int, end: int) -> bool:
    shared = min(suggestion.end, end) - max(suggestion.start, start)
    return (suggestion.start <= start and end <= suggestion.end) or shared >= 0.5 * (end - start)


def _same_speaker(suggestion, actor: dict) -> bool:
    if actor["kind"] == ActorKind.ANONYMOUS:
        return suggestion.speaker_kind == "anonymous"
    names = {actor["name"], *actor.get("aliases", ())}
    return suggestion.speaker in names


@pytest.mark.parametrize("mark", MARKS, ids=[mark.key for mark in MARKS])
def test_every_demo_statement_is_suggested_with_its_stance_speaker_and_outlet(seed_body, suggestions, mark):
    start = seed_body.index(mark.text)
    end = start + len(mark.text)
    covering = [s for s in suggestions if _covers(s, start, end)]
    assert covering, f"no suggestion covers {mark.text!r}"
    actor = ACTORS[mark.speaker]
    right = [s for s in covering if s.stance == str(mark.stance) and _same_speaker(s, actor) and s.via == mark.via]
    assert right, [(s.quote, s.stance, s.speaker, s.speaker_kind, s.via) for s in covering]


def test_a_named_speaker_is_linked_to_the_demo_actor(suggestions):
    kirby = DEMO_ACTORS[list(ACTORS).index("kirby")]
    linked = [s for s in suggestions if s.speaker == kirby.name]
    assert len(linked) == 3 and {s.actor_id for s in linked} == {kirby.id}


def test_unnamed_reports_have_no_source_span_and_keep_their_cue(seed_body, suggestions):
    reported = [s for s in suggestions if s.speaker == "News reports"]
    assert [s.cue.text for s in reported] == ["reporting indicating", "reports", "had earlier been reported"]
    assert all(s.source is None and s.speaker_kind == "anonymous" for s in reported)
