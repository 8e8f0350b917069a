"""Autocomplete for the statement form: speakers by name, alias or role; propositions by text."""

import pytest

from tests.factories import ActorFactory, PropositionFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_speakers_are_found_by_name_alias_and_role(client, analyst):
    kirby = ActorFactory(name="Rear Admiral John Kirby", role="Pentagon chief spokesperson", aliases=["Kirby"])
    jazayeri = ActorFactory(name="Massoud Jazayeri", role="Deputy chief of staff", aliases=["Jazayeri"])
    client.force_login(analyst)
    for query, found, not_found in [
        ("kirby", kirby, jazayeri),
        ("Pentagon", kirby, jazayeri),
        ("jazay", jazayeri, kirby),
    ]:
        html = client.get("/autocomplete/actors", {"speaker_query": query}, headers=HTMX).content.decode()
        assert f'value="{found.pk}"' in html and f'value="{not_found.pk}"' not in html


def test_speaker_options_offer_to_create_what_was_typed(client, analyst):
    client.force_login(analyst)
    html = client.get("/autocomplete/actors", {"speaker_query": "  Nasser   Kanaani "}, headers=HTMX).content.decode()
    assert html.lstrip().startswith('<fieldset id="speaker-options"')
    assert "Create a new speaker “Nasser Kanaani”" in html
    assert 'name="new_speaker_kind"' in html and 'name="new_speaker_role"' in html


def test_the_chosen_speaker_stays_in_the_list_while_searching(client, analyst):
    chosen = ActorFactory(name="Iranian officials")
    client.force_login(analyst)
    html = client.get("/autocomplete/actors", {"speaker_query": "zzz", "speaker": chosen.pk}).content.decode()
    assert f'value="{chosen.pk}" checked' in html


def test_merged_actors_are_not_offered(client, analyst):
    target = ActorFactory(name="John Kirby")
    ActorFactory(name="J. Kirby", merged_into=target)
    client.force_login(analyst)
    html = client.get("/autocomplete/actors", {"q": "Kirby"}).content.decode()
    assert "J. Kirby" not in html and "John Kirby" in html


def test_propositions_are_found_by_text_with_none_and_create_options(client, analyst):
    jets = PropositionFactory(text="Iranian jets struck Islamic State targets in Iraq.")
    other = PropositionFactory(text="The US has a place in the future of Iraq.")
    client.force_login(analyst)
    html = client.get("/autocomplete/propositions", {"proposition_query": "jets"}, headers=HTMX).content.decode()
    assert f'value="{jets.pk}"' in html and f'value="{other.pk}"' not in html
    assert 'name="proposition" value=""' in html and "Create the proposition “jets”" in html


def test_at_most_ten_matches_are_listed(client, analyst):
    for n in range(15):
        ActorFactory(name=f"Official {n}")
    client.force_login(analyst)
    html = client.get("/autocomplete/actors", {"q": "Official"}).content.decode()
    assert html.count('name="speaker" value="') == 11  # ten matches and "create"


@pytest.mark.parametrize("url", ["/autocomplete/actors", "/autocomplete/propositions"])
def test_viewers_get_no_autocomplete(client, viewer, url):
    client.force_login(viewer)
    assert client.get(url, {"q": "a"}).status_code == 403


def test_a_speaker_already_known_by_that_name_or_alias_is_not_offered_for_creation(client, analyst):
    kirby = ActorFactory(name="John Kirby", aliases=["Admiral Kirby"])
    client.force_login(analyst)
    for typed in ("john  kirby", "Admiral Kirby"):
        html = client.get("/autocomplete/actors", {"speaker_query": typed}, headers=HTMX).content.decode()
        assert f'value="{kirby.pk}"' in html
        assert 'value="new"' not in html and "is already a speaker: pick it above" in html
    html = client.get("/autocomplete/actors", {"speaker_query": "Kirby"}, headers=HTMX).content.decode()
    assert "Create a new speaker “Kirby”" in html


def test_a_proposition_with_exactly_that_text_is_not_offered_for_creation(client, analyst):
    jets = PropositionFactory(text="Iranian jets struck targets in Iraq.")
    client.force_login(analyst)
    html = client.get(
        "/autocomplete/propositions", {"proposition_query": "iranian jets struck targets in iraq."}, headers=HTMX
    ).content.decode()
    assert f'value="{jets.pk}"' in html and 'value="new"' not in html
