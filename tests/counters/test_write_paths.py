"""Every way a statement is written keeps the counts the database holds equal to a recount
of the statements: create, edit, delete, accept, reject, bulk review and its undo, merges
and unmerges, restore from history, adjudication, article deletion, project membership,
and a backup restored."""

import pytest
from django.db import connection

from annotator.models import ActorTally, Article, PairTally, ProjectArticle, ReviewStatus, Statement
from annotator.services.actors import actor_merge
from annotator.services.adjudication import statement_adjudicate
from annotator.services.projects import default_project, project_article_remove, project_articles_add
from annotator.services.propositions import proposition_merge
from annotator.services.review_bulk import review_undo, suggestions_decide
from annotator.services.statements import statement_create, statement_delete, statement_restore, statement_update
from annotator.services.suggestions import suggestion_accept, suggestion_reject, suggestions_accept_all
from annotator.services.unmerge import actor_unmerge, proposition_unmerge
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory

from .conftest import mark, needs_tallies

pytestmark = [pytest.mark.django_db, needs_tallies]


@pytest.fixture
def kirby():
    return ActorFactory(name="John Kirby")


@pytest.fixture
def strikes():
    return PropositionFactory(text="Iran flew the strikes.")


def make(article, text, *, stance="claim", speaker=None, proposition=None, suggested=False, user=None):
    start = article.body.index(text)
    return statement_create(
        article=article,
        start=start,
        end=start + len(text),
        stance=stance,
        speaker=speaker,
        proposition=proposition,
        origin="suggested" if suggested else "manual",
        annotator=user,
    )


def test_a_new_article_has_zero_counts_and_statements_made_add_to_them(check, analyst, kirby, strikes):
    article = ArticleFactory()
    check()
    make(article, "denied accusations", stance="denial", speaker=kirby, proposition=strikes, user=analyst)
    make(article, "never been involved", speaker=kirby, user=analyst)
    make(article, "indications", proposition=strikes, suggested=True)
    check()
    assert ActorTally.objects.get(actor=kirby).paired == 1


def test_editing_what_is_counted_moves_the_counts_and_editing_the_rest_writes_nothing(check, analyst, kirby, strikes):
    article = ArticleFactory()
    statement = make(article, "denied accusations", speaker=kirby, proposition=strikes, user=analyst)
    other_speaker, other_proposition = ActorFactory(), PropositionFactory()
    statement = statement_update(statement=statement, version=statement.version, stance="denial")
    check()
    statement = statement_update(
        statement=statement, version=statement.version, speaker=other_speaker, proposition=other_proposition
    )
    check()
    before = list(PairTally.objects.values_list("speaker_id", "proposition_id", "claims", "denials"))
    statement_update(statement=statement, version=statement.version, note="checked against the wire copy")
    check()
    assert list(PairTally.objects.values_list("speaker_id", "proposition_id", "claims", "denials")) == before


def test_deleting_and_restoring_from_history(check, analyst, kirby, strikes):
    article = ArticleFactory()
    statement = make(article, "denied accusations", speaker=kirby, proposition=strikes, user=analyst)
    statement_delete(statement=statement, version=statement.version, user=analyst)
    check()
    statement_restore(statement_id=statement.pk, user=analyst)
    check()


def test_accepting_rejecting_and_accepting_all(check, reviewer, kirby, strikes):
    article = ArticleFactory()
    first = make(article, "denied accusations", speaker=kirby, proposition=strikes, suggested=True)
    second = make(article, "never been involved", speaker=kirby, suggested=True)
    third = make(article, "indications", stance="denial", speaker=kirby, proposition=strikes, suggested=True)
    check()
    suggestion_accept(statement=first.pk, version=first.version, user=reviewer)
    check()
    suggestion_reject(statement=second.pk, version=second.version, user=reviewer)
    check()
    assert suggestions_accept_all(article=article, user=reviewer) == 1
    check()
    assert Statement.objects.get(pk=third.pk).review_status == ReviewStatus.ACCEPTED


def test_bulk_review_and_its_undo(check, reviewer, kirby, strikes):
    article = ArticleFactory()
    suggestions = [
        make(article, text, speaker=kirby, proposition=strikes, suggested=True)
        for text in ("denied accusations", "never been involved", "indications")
    ]
    picks = [(s.pk, s.version) for s in suggestions]
    accepted = suggestions_decide(picks=picks[:2], accept=True, user=reviewer)
    rejected = suggestions_decide(picks=picks[2:], accept=False, user=reviewer)
    assert len(accepted.done) == 2 and len(rejected.done) == 1
    check()
    undone = review_undo(picks=accepted.done + rejected.done, user=reviewer)
    assert len(undone.done) == 3
    check()


def test_merging_and_unmerging_actors_and_propositions(check, reviewer, analyst, kirby, strikes):
    article = ArticleFactory()
    twin, same_claim = ActorFactory(name="J. Kirby"), PropositionFactory(text="Iran flew those strikes.")
    make(article, "denied accusations", speaker=kirby, proposition=strikes, user=analyst)
    make(article, "never been involved", stance="denial", speaker=twin, proposition=same_claim, user=analyst)
    make(article, "indications", speaker=twin, proposition=strikes, suggested=True)
    actor_merge(source=twin, target=kirby, user=reviewer)
    check()
    proposition_merge(source=same_claim, target=strikes, user=reviewer)
    check()
    proposition_unmerge(proposition=same_claim, user=reviewer)
    check()
    actor_unmerge(actor=twin, user=reviewer)
    check()


def test_adjudicating_a_doubly_annotated_article(check, team, strikes):
    kirby = ActorFactory(name="Kirby")
    a1 = mark(team.article, team.alice, "denied accusations", speaker=kirby, proposition=strikes)
    b1 = mark(team.article, team.bob, "denied accusations", stance="denial", proposition=strikes, shift=(0, -2))
    assert a1.independent and b1.independent
    check()
    first = statement_adjudicate(chosen=a1.pk, chosen_version=a1.version, row=[a1.pk, b1.pk], reviewer=team.rita)
    check()
    statement_adjudicate(
        chosen=b1.pk,
        chosen_version=b1.version,
        row=[a1.pk, b1.pk],
        reviewer=team.rita,
        replaces=first.pk,
        replaces_version=first.version,
    )
    check()


def test_deleting_an_article_or_an_actor_takes_their_counts_away(check, analyst, kirby, strikes):
    article, kept = ArticleFactory(), ArticleFactory()
    make(article, "denied accusations", speaker=kirby, proposition=strikes, user=analyst)
    make(kept, "indications", speaker=kirby, proposition=strikes, user=analyst)
    Article.objects.get(pk=article.pk).delete()
    check()
    unused = ActorFactory()
    statement = make(kept, "never been involved", speaker=unused, proposition=strikes, user=analyst)
    statement_delete(statement=statement, version=statement.version)
    unused.delete()
    check()
    assert not ActorTally.objects.filter(actor_id=unused.pk).exists()
    assert not PairTally.objects.filter(speaker_id=unused.pk).exists()


def test_moving_articles_between_projects_leaves_the_counts_everyones(check, admin_user, analyst, kirby, strikes):
    from annotator.services.projects import project_create

    article = ArticleFactory()
    make(article, "denied accusations", speaker=kirby, proposition=strikes, user=analyst)
    project = project_create(name="Gaza", slug="gaza", user=admin_user)
    project_articles_add(project=project, article_ids=[article.pk], user=admin_user)
    check()
    project_article_remove(project=project, article_id=article.pk, user=admin_user)
    assert not ProjectArticle.objects.filter(article=article, project=project).exists()
    assert default_project() is not None
    check()


def test_many_rows_in_one_sql_statement_count_each_row(check, analyst, kirby, strikes):
    # Writes around the ORM (COPY, a bulk UPDATE) reach the triggers as one statement with
    # many rows: each row must count once, in whichever tallies it touches.
    article = ArticleFactory()
    made = [
        make(article, text, speaker=kirby, proposition=strikes, suggested=True)
        for text in ("denied accusations", "never been involved", "indications", "airstrikes")
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO annotator_statement (article_id, start, "end", quote, speaker_id, speaker_text, stance, '
            "proposition_id, cue, direct, independent, origin, review_status, note, created_at, updated_at, version) "
            "SELECT article_id, start, \"end\", quote, speaker_id, speaker_text, 'denial', proposition_id, cue, "
            "direct, independent, 'manual', 'accepted', note, now(), now(), 1 FROM annotator_statement"
        )
        check()
        cursor.execute(
            "UPDATE annotator_statement SET review_status = 'accepted' WHERE id = ANY(%s)", [[s.pk for s in made[:3]]]
        )
        check()
        cursor.execute("UPDATE annotator_statement SET speaker_id = NULL WHERE review_status = 'pending'")
        check()
        cursor.execute("DELETE FROM annotator_statement WHERE stance = 'denial'")
        check()
    assert Statement.objects.count() == 4
