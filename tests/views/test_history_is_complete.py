"""The history is complete: the automatic New → In progress change of an article is a
version like any other (who, when, with `updated_at`), and a restored statement keeps
when it was made while its history says it was restored."""

import datetime as dt

import pytest
from django.utils import timezone

from annotator.models import Article, ArticleStatus, Origin, ReviewStatus, Stance, Statement
from annotator.services.statements import statement_create, statement_delete
from tests.factories import ActorFactory, ArticleFactory

pytestmark = pytest.mark.django_db


def make(article, text, user, **extra):
    start = article.body.index(text)
    return statement_create(
        article=article,
        start=start,
        end=start + len(text),
        stance=Stance.CLAIM,
        speaker=ActorFactory(),
        annotator=user,
        **extra,
    )


def test_the_first_statement_moving_an_article_to_in_progress_is_in_its_history(client, analyst, viewer):
    article = ArticleFactory(title="Iran denies strikes")
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - dt.timedelta(days=2))
    before = Article.objects.get(pk=article.pk).updated_at
    make(article, "denied accusations", analyst)

    stored = Article.objects.get(pk=article.pk)
    assert stored.status == ArticleStatus.IN_PROGRESS and stored.updated_at > before
    client.force_login(viewer)
    [newest, *_] = client.get(f"/articles/{article.pk}/history/").context["history"].versions
    assert (newest.action, newest.user) == ("changed", analyst.username)
    assert [(c.label, c.old, c.new) for c in newest.changes] == [("Status", "New", "In progress")]
    assert newest.reason == "First statement made: in progress"


def test_a_suggestion_or_a_second_statement_leaves_the_status_and_its_history_alone(analyst):
    article = ArticleFactory()
    make(article, "air strikes", None, origin=Origin.SUGGESTED, review_status=ReviewStatus.PENDING)
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.NEW
    make(article, "denied accusations", analyst)
    make(article, "indications", analyst)
    assert article.history.filter(status=ArticleStatus.IN_PROGRESS).count() == 1


def test_a_restored_statement_keeps_its_created_at_and_its_history_says_restored(client, analyst, reviewer):
    article = ArticleFactory()
    claim = make(article, "denied accusations", analyst)
    made_at = timezone.now() - dt.timedelta(days=30)
    Statement.objects.filter(pk=claim.pk).update(created_at=made_at)
    claim.refresh_from_db()
    statement_delete(statement=claim.pk, version=claim.version, user=reviewer)
    client.force_login(reviewer)

    assert client.post(f"/statements/{claim.pk}/restore").status_code == 302

    assert Statement.objects.get(pk=claim.pk).created_at == made_at
    versions = client.get(f"/statements/{claim.pk}/history/").context["history"].versions
    assert [v.action for v in versions[:3]] == ["restored", "deleted", "created"]
    assert versions[0].user == reviewer.username
    assert versions[0].record.created_at == made_at
    html = client.get(f"/statements/{claim.pk}/history/").content.decode()
    assert "<strong>Restored</strong>" in html
