"""Linking a speaker to an existing actor."""

from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from annotator.suggest import ActorName, link, suggest
from annotator.suggest.link import ActorIndex

KIRBY = ActorName(id=1, name="Rear Admiral John Kirby", aliases=("John Kirby", "Kirby"), role="spokesperson")
JAZAYERI = ActorName(id=2, name="Brigadier-General Massoud Jazayeri", aliases=("Massoud Jazayeri",))
OFFICIAL = ActorName(id=3, name="Senior Iranian official", aliases=("a senior Iranian official",))


def test_exact_name_links():
    assert ActorIndex([KIRBY]).link("Rear Admiral John Kirby") == 1


def test_alias_links_ignoring_case():
    assert ActorIndex([KIRBY, JAZAYERI]).link("massoud jazayeri") == 2


def test_titles_are_ignored_when_linking():
    assert ActorIndex([KIRBY]).link("Admiral John Kirby") == 1


def test_a_close_spelling_links_by_fuzzy_match():
    assert ActorIndex([KIRBY, JAZAYERI]).link("Masoud Jazayeri") == 2


def test_a_different_person_does_not_link():
    assert ActorIndex([KIRBY, JAZAYERI]).link("John Kerry") is None


def test_a_bare_surname_links_only_when_one_actor_has_it():
    smiths = [ActorName(id=5, name="Anna Smith"), ActorName(id=6, name="Bob Smith")]
    assert ActorIndex([*smiths, KIRBY]).link("Smith") is None
    assert ActorIndex([smiths[0]]).link("Smith") == 5


def test_suggestion_links_a_known_actor_or_proposes_a_new_one():
    text = '"No strikes," a senior Iranian official told Reuters. Kirby said the jets flew. Jones said no.'
    by_source = {s.source.text: s for s in suggest(text, actors=[KIRBY, OFFICIAL])}
    assert (by_source["a senior Iranian official"].actor_id, by_source["a senior Iranian official"].new_actor) == (
        3,
        False,
    )
    assert (by_source["Kirby"].actor_id, by_source["Kirby"].new_actor) == (1, False)
    assert (by_source["Jones"].actor_id, by_source["Jones"].new_actor) == (None, True)


_NAMES = st.text(alphabet="abcdeilmnorstuyz", min_size=4, max_size=14)


@st.composite
def _variant(draw, names):
    """A known name with a few letters dropped or added: a spelling variant."""
    name = list(draw(st.sampled_from(names)))
    for _ in range(draw(st.integers(0, 4))):
        position = draw(st.integers(0, len(name)))
        if draw(st.booleans()) and len(name) > 3:
            del name[min(position, len(name) - 1)]
        else:
            name.insert(position, draw(st.sampled_from("aeiouxyz")))
    return "".join(name)


@given(st.data())
def test_fuzzy_linking_finds_what_comparing_with_every_name_finds(data):
    """Only names of nearly the same length are compared (fuzz.ratio cannot reach the
    cutoff otherwise): the answers are those of comparing with every known name."""
    known = data.draw(st.lists(_NAMES, min_size=1, max_size=30, unique=True))
    asked = data.draw(st.lists(_variant(known), min_size=1, max_size=10))
    actors = [ActorName(id=n, name=f"Jon {name}") for n, name in enumerate(known)]
    with mock.patch.object(link, "_lengths_within_reach", lambda length: range(0, 10_000)):
        every = ActorIndex(actors)
        expected = [every.link(f"Jon {name}") for name in asked]
    within_reach = ActorIndex(actors)
    assert [within_reach.link(f"Jon {name}") for name in asked] == expected
