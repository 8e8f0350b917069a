"""Imports, merges, unmerges, bulk acceptance and restores are all-or-nothing: a failure
injected midway (after some rows were already written) leaves the database as it was.

The tests run with real transactions (not inside a test-wide one), so a rollback here is
the rollback a server would do."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError

from annotator.models import Actor, Article, Origin, Proposition, ReviewStatus, Source, Statement
from annotator.services import backup as backup_service
from annotator.services import suggestions as suggestion_service
from annotator.services import unmerge as unmerge_service
from annotator.services.actors import actor_merge
from annotator.services.backup import backed_up_models, backup_restore
from annotator.services.propositions import proposition_merge
from annotator.services.suggestions import suggestions_accept_all
from annotator.services.unmerge import actor_unmerge
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, StatementFactory

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict:
    """Every row of every table a backup holds, history included."""
    return {
        model._meta.label: sorted(
            tuple(sorted((k, str(v)) for k, v in row.items())) for row in model._base_manager.values()
        )
        for model in backed_up_models()
    }


class Boom(DatabaseError):
    """The failure injected midway (a database error is what a real one would most likely be)."""


def test_an_article_failing_midway_in_a_jsonl_import_leaves_nothing_of_itself(tmp_path, monkeypatch):
    lines = [
        {"title": "Good one", "source": "Brand New Outlet", "text": "Iran denied any involvement in the strikes."},
        {"title": "Fails midway", "source": "Another New Outlet", "text": "The Pentagon said Iran flew missions."},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    save, bulk_create = Article.save, Article.objects.bulk_create

    def failing_save(article, *args, **kwargs):
        # By now the importer has created the unknown outlet "Another New Outlet".
        if article.title == "Fails midway":
            raise Boom("disk full")
        return save(article, *args, **kwargs)

    def failing_bulk_create(articles, *args, **kwargs):
        # The batch insert fails the same way when the article is in it.
        if any(article.title == "Fails midway" for article in articles):
            raise Boom("disk full")
        return bulk_create(articles, *args, **kwargs)

    monkeypatch.setattr(Article, "save", failing_save)
    monkeypatch.setattr(Article.objects, "bulk_create", failing_bulk_create)
    err = io.StringIO()

    with pytest.raises(CommandError, match="1 import failed"):
        call_command("import_articles", str(path), "--no-suggest", stdout=io.StringIO(), stderr=err)

    assert "FAILED" in err.getvalue() and "batch.jsonl:2" in err.getvalue()
    assert list(Article.objects.values_list("title", flat=True)) == ["Good one"]
    assert Source.objects.filter(name="Brand New Outlet").exists()
    assert not Source.objects.filter(name="Another New Outlet").exists()
    assert Article.history.count() == 1


def test_a_refused_line_of_an_import_leaves_no_new_outlet_behind(tmp_path, client, analyst):
    # Nothing is left of "5" after cleaning: the line is refused, and so must be its outlet.
    line = json.dumps({"title": "Empty", "source": "Ghost Outlet", "text": "5"})
    path = tmp_path / "batch.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), "--no-suggest", stdout=io.StringIO(), stderr=io.StringIO())
    assert not Source.objects.filter(name="Ghost Outlet").exists()

    client.force_login(analyst)
    good = json.dumps({"title": "Kept", "source": "Ghost Outlet", "text": "Iran denied any involvement."})
    response = client.post("/articles/new/", {"text": line + "\n" + good, "fmt": "jsonl", "action": "save"})
    assert response.status_code == 302
    assert list(Article.objects.values_list("title", flat=True)) == ["Kept"]
    assert Source.objects.filter(name="Ghost Outlet").count() == 1


@pytest.fixture
def duplicate_actor():
    kirby, duplicate = ActorFactory(name="John Kirby"), ActorFactory(name="J. Kirby", aliases=["Admiral Kirby"])
    article = ArticleFactory()
    for text in ("denied accusations", "never been involved", "flown these missions"):
        StatementFactory(article=article, text=text, speaker=duplicate)
    return duplicate, kirby


def test_an_actor_merge_failing_after_the_statements_moved_changes_nothing(duplicate_actor, reviewer, monkeypatch):
    duplicate, kirby = duplicate_actor
    before = snapshot()
    clean = Actor.full_clean

    def failing_clean(actor, *args, **kwargs):
        if actor.pk == kirby.pk:  # the target, cleaned after the statements were moved
            raise ValidationError("injected")
        return clean(actor, *args, **kwargs)

    monkeypatch.setattr(Actor, "full_clean", failing_clean)

    with pytest.raises(ValidationError):
        actor_merge(source=duplicate, target=kirby, user=reviewer)

    assert snapshot() == before
    assert Statement.objects.filter(speaker=duplicate).count() == 3


def test_a_proposition_merge_failing_at_its_last_step_changes_nothing(reviewer, monkeypatch):
    kept, rewording = PropositionFactory(), PropositionFactory(topics=["iran"])
    StatementFactory(proposition=rewording)
    before = snapshot()
    save = Proposition.save

    def failing_save(proposition, *args, **kwargs):
        if proposition.pk == kept.pk:  # the target is saved last, after the source was marked merged
            raise Boom("connection lost")
        return save(proposition, *args, **kwargs)

    monkeypatch.setattr(Proposition, "save", failing_save)

    with pytest.raises(Boom):
        proposition_merge(source=rewording, target=kept, user=reviewer)

    assert snapshot() == before


def test_an_unmerge_failing_while_moving_statements_back_changes_nothing(duplicate_actor, reviewer, monkeypatch):
    duplicate, kirby = duplicate_actor
    actor_merge(source=duplicate, target=kirby, user=reviewer)
    before = snapshot()

    def failing_move_back(**kwargs):
        raise Boom("injected")

    monkeypatch.setattr(unmerge_service, "move_statements", failing_move_back)

    with pytest.raises(Boom):
        actor_unmerge(actor=duplicate, user=reviewer)

    assert snapshot() == before
    assert Actor.objects.get(pk=duplicate.pk).merged_into_id == kirby.pk


def test_accept_all_failing_on_the_third_suggestion_accepts_none(reviewer, monkeypatch):
    article = ArticleFactory()
    speaker = ActorFactory()
    for text in ("denied accusations", "never been involved", "flown these missions"):
        StatementFactory(
            article=article, text=text, speaker=speaker, origin=Origin.SUGGESTED, review_status=ReviewStatus.PENDING
        )
    before = snapshot()
    accept = suggestion_service.suggestion_accept
    calls = []

    def failing_accept(**kwargs):
        calls.append(kwargs["statement"].pk)
        if len(calls) == 3:
            raise Boom("injected")
        return accept(**kwargs)

    monkeypatch.setattr(suggestion_service, "suggestion_accept", failing_accept)

    with pytest.raises(Boom):
        suggestions_accept_all(article=article, user=reviewer)

    assert len(calls) == 3
    assert snapshot() == before
    assert Statement.objects.filter(review_status=ReviewStatus.PENDING).count() == 3


def test_a_restore_failing_after_the_tables_were_emptied_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    StatementFactory()
    path = tmp_path / "backup.jsonl"
    call_command("backup", str(path), stdout=io.StringIO())
    StatementFactory(note="made after the backup")
    before = snapshot()
    real_call_command = backup_service.call_command

    def failing_loaddata(name, *args, **kwargs):
        if name == "loaddata":
            # The tables are empty at this point: the failure is as late as it gets.
            assert Statement.objects.count() == 0
            raise Boom("injected")
        return real_call_command(name, *args, **kwargs)

    monkeypatch.setattr(backup_service, "call_command", failing_loaddata)

    with pytest.raises(Boom):
        backup_restore(path)

    assert snapshot() == before
