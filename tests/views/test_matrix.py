"""The matrix: actors x propositions, each cell a claim, a denial, both, or nothing."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from annotator.models import Origin, ReviewStatus, Stance, Statement
from annotator.selectors import browse
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, StatementFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def as_viewer(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def scene():
    kirby, official = ActorFactory(name="Kirby"), ActorFactory(name="Official")
    jets = PropositionFactory(text="Iranian jets struck IS.", topics=["airstrikes"])
    talks = PropositionFactory(text="The US and Iran talked.", topics=["diplomacy"])
    old = ArticleFactory(published_at=dt.datetime(2014, 12, 3, tzinfo=dt.UTC))
    new = ArticleFactory(published_at=dt.datetime(2016, 1, 1, tzinfo=dt.UTC))
    StatementFactory(article=old, speaker=kirby, proposition=jets, stance=Stance.CLAIM)
    StatementFactory(article=new, speaker=kirby, proposition=jets, stance=Stance.DENIAL, text="air strikes")
    StatementFactory(article=old, speaker=official, proposition=jets, stance=Stance.DENIAL, text="never been")
    StatementFactory(article=new, speaker=official, proposition=talks, stance=Stance.CLAIM)
    StatementFactory(
        article=old,
        speaker=kirby,
        proposition=talks,
        stance=Stance.DENIAL,
        origin=Origin.SUGGESTED,
        review_status=ReviewStatus.REJECTED,
        text="Reuters",
    )
    return kirby, official, jets, talks


def kinds(grid) -> dict[tuple[str, str], str | None]:
    return {(p.text, a.name): cell.kind if cell else None for p, cells in grid.rows() for a, cell in cells}


def test_each_cell_is_claim_denial_both_or_nothing(as_viewer, scene):
    grid = as_viewer.get("/matrix/").context["matrix"]
    assert kinds(grid) == {
        ("Iranian jets struck IS.", "Kirby"): "both",
        ("Iranian jets struck IS.", "Official"): "denial",
        ("The US and Iran talked.", "Kirby"): None,  # only a rejected suggestion
        ("The US and Iran talked.", "Official"): "claim",
    }


def test_cells_show_colour_and_symbol_and_link_to_the_statements(as_viewer, scene):
    kirby, _, jets, _ = scene
    html = as_viewer.get("/matrix/").content.decode()
    link = f'<a class="mark mark-both" href="/propositions/{jets.pk}/?speaker={kirby.pk}"'
    assert link in html
    cell = html.split(link)[1].split("</a>")[0]
    assert cell.endswith(">±") and "1 claim, 1 denial" in cell
    assert '<span class="mark mark-claim" aria-hidden="true">+</span> claimed' in html


def test_filtering_by_topic_and_date(as_viewer, scene):
    grid = as_viewer.get("/matrix/", {"topic": "diplomacy"}).context["matrix"]
    assert [p.text for p in grid.propositions] == ["The US and Iran talked."]
    grid = as_viewer.get("/matrix/", {"published_before": "2015-01-01"}).context["matrix"]
    assert kinds(grid) == {
        ("Iranian jets struck IS.", "Kirby"): "claim",
        ("Iranian jets struck IS.", "Official"): "denial",
    }


def test_a_bad_date_is_reported_not_ignored(as_viewer, scene):
    response = as_viewer.get("/matrix/", {"published_after": "yesterday"})
    assert response.status_code == 200
    assert "Published on or after: Enter a valid date. This filter was left out." in response.content.decode()


def test_htmx_filtering_returns_the_grid_partial(as_viewer, scene):
    response = as_viewer.get("/matrix/", {"topic": "airstrikes"}, headers=HTMX)
    assert response.content.lstrip().startswith(b'<section id="grid"')


def test_a_large_matrix_keeps_the_most_active_and_says_so(as_viewer, settings, monkeypatch, scene):
    monkeypatch.setattr(browse, "MATRIX_MAX_ACTORS", 1)
    response = as_viewer.get("/matrix/")
    grid = response.context["matrix"]
    assert [a.name for a in grid.actors] == ["Kirby"] and grid.truncated
    assert "Showing the 1 most active of 2 actors" in response.content.decode()


@pytest.mark.parametrize("count", [1, 50])
def test_the_matrix_runs_the_same_queries_for_one_cell_and_for_fifty(as_viewer, django_assert_num_queries, count):
    for _ in range(count):
        StatementFactory()
    # session, user with its role, busiest actors, busiest propositions, their pair counts,
    # actors, propositions, topics
    # + 1: the user's projects and roles there (annotator.projects_access), once per request.
    with django_assert_num_queries(9):
        response = as_viewer.get("/matrix/")
    # Each statement is its own actor and proposition: one cell each, up to the busiest 30 actors.
    assert len(response.context["matrix"].cells) == min(count, browse.MATRIX_MAX_ACTORS)


def test_the_export_link_exports_the_statements_behind_the_matrix(as_viewer, scene):
    response = as_viewer.get("/matrix/", {"topic": "airstrikes"})
    export_url = reverse("export_statements_csv") + "?topic=airstrikes"
    assert f'href="{export_url}"' in response.content.decode()
    exported = as_viewer.get(export_url)
    rows = list(csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode("utf-8-sig"))))
    grid = response.context["matrix"]
    assert len(rows) == sum(cell.claims + cell.denials for cell in grid.cells.values()) == 3


def test_the_cells_shown_are_the_live_counts_of_the_busiest_actors_and_propositions(as_viewer, monkeypatch):
    """Checked against counting every statement in Python."""
    import random
    from collections import Counter

    from tests.factories import ActorFactory, ArticleFactory, PropositionFactory

    monkeypatch.setattr(browse, "MATRIX_MAX_ACTORS", 2)
    monkeypatch.setattr(browse, "MATRIX_MAX_PROPOSITIONS", 3)
    rng = random.Random(6)
    actors = [ActorFactory(name=f"Actor {n}") for n in range(4)]
    propositions = [PropositionFactory(text=f"Proposition {n}") for n in range(5)]
    article = ArticleFactory(body="Iran denied accusations. " * 40)
    for _ in range(40):
        StatementFactory(
            article=article,
            speaker=actors[min(int(rng.expovariate(1.0)), 3)],
            proposition=propositions[min(int(rng.expovariate(0.8)), 4)],
            stance=rng.choice([Stance.CLAIM, Stance.DENIAL]),
            review_status=rng.choice([ReviewStatus.ACCEPTED] * 4 + [ReviewStatus.REJECTED]),
            origin=Origin.SUGGESTED,
        )
    live = [s for s in Statement.objects.all() if s.review_status != ReviewStatus.REJECTED]
    by_actor = Counter(s.speaker_id for s in live)
    by_proposition = Counter(s.proposition_id for s in live)
    top_actors = sorted(by_actor, key=lambda pk: (-by_actor[pk], pk))[:2]
    top_propositions = sorted(by_proposition, key=lambda pk: (-by_proposition[pk], pk))[:3]
    expected = {}
    for s in live:
        if s.speaker_id in top_actors and s.proposition_id in top_propositions:
            claims, denials = expected.get((s.speaker_id, s.proposition_id), (0, 0))
            expected[(s.speaker_id, s.proposition_id)] = (
                (claims + 1, denials) if s.stance == Stance.CLAIM else (claims, denials + 1)
            )

    grid = as_viewer.get("/matrix/").context["matrix"]
    assert sorted(a.pk for a in grid.actors) == sorted(top_actors)
    assert [p.pk for p in grid.propositions] == top_propositions
    assert {key: (cell.claims, cell.denials) for key, cell in grid.cells.items()} == expected
    assert (grid.total_actors, grid.total_propositions) == (len(by_actor), len(by_proposition))
