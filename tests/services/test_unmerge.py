"""Undoing a merge puts back exactly what the merge changed, atomically."""

import pytest
from django.core.exceptions import ValidationError

from annotator.models import Actor, Proposition, Statement
from annotator.services.actors import actor_merge, actor_update
from annotator.services.propositions import proposition_create, proposition_merge
from annotator.services.statements import statement_update
from annotator.services.unmerge import actor_unmerge, proposition_unmerge
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, StatementFactory

pytestmark = pytest.mark.django_db


def _statement(article, text, **fields):
    return StatementFactory(article=article, text=text, **fields)


@pytest.fixture
def duplicate_actors():
    article = ArticleFactory()
    kirby = ActorFactory(name="John Kirby", aliases=["Kirby"])
    duplicate = ActorFactory(name="J. Kirby", aliases=["Admiral Kirby"])
    own = _statement(article, "denied accusations", speaker=kirby)
    moved = [_statement(article, text, speaker=duplicate) for text in ("never been involved", "flown these missions")]
    return kirby, duplicate, own, moved


def test_unmerging_an_actor_moves_back_only_the_statements_the_merge_moved(duplicate_actors, reviewer):
    kirby, duplicate, own, moved = duplicate_actors
    actor_merge(source=duplicate, target=kirby, user=reviewer)
    assert Statement.objects.filter(speaker=kirby).count() == 3

    actor_unmerge(actor=duplicate, user=reviewer)

    duplicate.refresh_from_db()
    kirby.refresh_from_db()
    assert duplicate.merged_into is None
    assert set(Statement.objects.filter(speaker=duplicate).values_list("pk", flat=True)) == {s.pk for s in moved}
    assert list(Statement.objects.filter(speaker=kirby).values_list("pk", flat=True)) == [own.pk]
    assert kirby.aliases == ["Kirby"]


def test_unmerging_keeps_aliases_added_to_the_target_after_the_merge(duplicate_actors, reviewer):
    kirby, duplicate, _, _ = duplicate_actors
    actor_merge(source=duplicate, target=kirby, user=reviewer)
    kirby.refresh_from_db()
    actor_update(actor=kirby, aliases=[*kirby.aliases, "Pentagon spokesman"], user=reviewer)

    actor_unmerge(actor=duplicate, user=reviewer)

    kirby.refresh_from_db()
    assert kirby.aliases == ["Kirby", "Pentagon spokesman"]


def test_a_statement_reassigned_after_the_merge_stays_where_it_was_put(duplicate_actors, reviewer):
    kirby, duplicate, _, moved = duplicate_actors
    other = ActorFactory(name="Someone Else")
    actor_merge(source=duplicate, target=kirby, user=reviewer)
    first = Statement.objects.get(pk=moved[0].pk)
    statement_update(statement=first.pk, version=first.version, user=reviewer, speaker=other)

    actor_unmerge(actor=duplicate, user=reviewer)

    assert Statement.objects.get(pk=moved[0].pk).speaker == other
    assert Statement.objects.get(pk=moved[1].pk).speaker == duplicate


def test_moving_back_gives_each_statement_a_new_version_and_a_history_entry(duplicate_actors, reviewer):
    kirby, duplicate, _, moved = duplicate_actors
    actor_merge(source=duplicate, target=kirby, user=reviewer)
    merged_version = Statement.objects.get(pk=moved[0].pk).version

    actor_unmerge(actor=duplicate, user=reviewer)

    statement = Statement.objects.get(pk=moved[0].pk)
    assert statement.version == merged_version + 1
    latest = statement.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == reviewer
    assert latest.history_change_reason == f"unmerged actor {duplicate.pk} from {kirby.pk}"


def test_after_merge_unmerge_merge_only_the_second_merge_is_undone(duplicate_actors, reviewer):
    kirby, duplicate, own, moved = duplicate_actors
    actor_merge(source=duplicate, target=kirby, user=reviewer)
    actor_unmerge(actor=duplicate, user=reviewer)
    # Between the two merges an analyst gives one statement to Kirby by hand: the first
    # merge's history says it once moved there, but the second merge did not move it.
    first = Statement.objects.get(pk=moved[0].pk)
    statement_update(statement=first.pk, version=first.version, user=reviewer, speaker=kirby)
    actor_merge(source=Actor.objects.get(pk=duplicate.pk), target=Actor.objects.get(pk=kirby.pk), user=reviewer)

    actor_unmerge(actor=duplicate, user=reviewer)

    assert list(Statement.objects.filter(speaker=duplicate).values_list("pk", flat=True)) == [moved[1].pk]
    assert set(Statement.objects.filter(speaker=kirby).values_list("pk", flat=True)) == {own.pk, moved[0].pk}


def test_an_actor_that_is_not_merged_cannot_be_unmerged():
    with pytest.raises(ValidationError, match="not merged"):
        actor_unmerge(actor=ActorFactory())


def test_unmerging_a_proposition_restores_its_statements_and_removes_only_its_topics(reviewer):
    article = ArticleFactory()
    kept = PropositionFactory(text="Iran flew missions over Iraq.", topics=["iran"])
    rewording = PropositionFactory(text="Iranian jets struck in Iraq.", topics=["iran", "airstrikes"])
    moved = _statement(article, "flown these missions", proposition=rewording)
    proposition_merge(source=rewording, target=kept, user=reviewer)
    kept.refresh_from_db()
    assert kept.topics == ["iran", "airstrikes"]

    proposition_unmerge(proposition=rewording, user=reviewer)

    kept.refresh_from_db()
    rewording.refresh_from_db()
    assert kept.topics == ["iran"]
    assert rewording.merged_into is None
    assert Statement.objects.get(pk=moved.pk).proposition == rewording


def test_a_proposition_whose_text_was_taken_meanwhile_is_not_unmerged_and_nothing_changes(reviewer):
    article = ArticleFactory()
    kept = PropositionFactory(text="Iran flew missions over Iraq.")
    rewording = PropositionFactory(text="Iranian jets struck in Iraq.")
    moved = _statement(article, "flown these missions", proposition=rewording)
    proposition_merge(source=rewording, target=kept, user=reviewer)
    proposition_create(text="iranian jets struck in iraq.", user=reviewer)
    versions = {s.pk: s.version for s in Statement.objects.all()}

    with pytest.raises(ValidationError, match="already exists"):
        proposition_unmerge(proposition=rewording, user=reviewer)

    assert Proposition.objects.get(pk=rewording.pk).merged_into_id == kept.pk
    assert Statement.objects.get(pk=moved.pk).proposition_id == kept.pk
    assert {s.pk: s.version for s in Statement.objects.all()} == versions


def test_the_moved_statements_are_found_by_a_subquery_whatever_the_merge_moved(duplicate_actors, reviewer):
    """A big merge moves more statements than a query may carry parameters (65,535 on
    PostgreSQL with server-side binding): the undo must not list their ids in its query.
    (Its writes are batched by Django, 500 statements at a time.)"""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    kirby, duplicate, _, _ = duplicate_actors
    actor_merge(source=duplicate, target=kirby, user=reviewer)
    with CaptureQueriesContext(connection) as queries:
        actor_unmerge(actor=duplicate, user=reviewer)
    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and 'FROM "annotator_statement"' in q["sql"]]
    assert any('"id" IN (SELECT "U0"."id" AS "id" FROM "annotator_historicalstatement"' in sql for sql in reads)
