"""History pages: who changed what and when, field by field; deleted statements listed and
restored by a reviewer; merges undone from the UI."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotator.models import Actor, Proposition, Stance, Statement
from annotator.services.actors import actor_merge, actor_update
from annotator.services.articles import article_update
from annotator.services.propositions import proposition_merge, proposition_update
from annotator.services.statements import statement_create, statement_delete, statement_update
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(analyst):
    article = ArticleFactory(title="Iran denies strikes")
    start = article.body.index("denied accusations")
    return statement_create(
        article=article,
        start=start,
        end=start + len("denied accusations"),
        stance=Stance.CLAIM,
        speaker=ActorFactory(name="John Kirby"),
        proposition=PropositionFactory(text="Iran flew missions over Iraq."),
        annotator=analyst,
    )


def test_a_statement_history_shows_who_changed_which_field_from_what_to_what(client, viewer, claim, reviewer):
    statement_update(statement=claim.pk, version=claim.version, user=reviewer, stance=Stance.DENIAL, note="checked")
    client.force_login(viewer)

    response = client.get(f"/statements/{claim.pk}/history/")

    assert response.status_code == 200
    versions = response.context["history"].versions
    assert [v.action for v in versions] == ["changed", "created"]
    latest = versions[0]
    assert latest.user == reviewer.username
    assert {(c.field, c.old, c.new) for c in latest.changes} == {("stance", "Claim", "Denial"), ("note", "", "checked")}
    html = response.content.decode()
    assert reviewer.username in html and "Denial" in html


def test_linked_records_are_shown_by_name_not_by_id(client, viewer, claim, reviewer):
    other = ActorFactory(name="Ali Shamkhani")
    statement_update(statement=claim.pk, version=claim.version, user=reviewer, speaker=other)
    client.force_login(viewer)

    versions = client.get(f"/statements/{claim.pk}/history/").context["history"].versions

    assert [(c.old, c.new) for c in versions[0].changes if c.field == "speaker"] == [("John Kirby", "Ali Shamkhani")]


def test_article_actor_and_proposition_histories_list_each_edit(client, viewer, reviewer, claim):
    article_update(article=claim.article, user=reviewer, title="Iran denies air strikes")
    actor_update(actor=claim.speaker, user=reviewer, role="Pentagon press secretary")
    proposition_update(proposition=claim.proposition, user=reviewer, topics=["iran"])
    client.force_login(viewer)

    for url, field, new in [
        (f"/articles/{claim.article_id}/history/", "title", "Iran denies air strikes"),
        (f"/actors/{claim.speaker_id}/history/", "role", "Pentagon press secretary"),
        (f"/propositions/{claim.proposition_id}/history/", "topics", "iran"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        latest = response.context["history"].versions[0]
        assert latest.user == reviewer.username, url
        assert [(c.field, c.new) for c in latest.changes] == [(field, new)], url


def test_a_changed_article_body_is_shown_around_its_first_difference(client, viewer, reviewer):
    article = ArticleFactory(body="word " * 200 + "old ending.")
    article_update(article=article, user=reviewer, body="word " * 200 + "new ending.")
    client.force_login(viewer)

    change = client.get(f"/articles/{article.pk}/history/").context["history"].versions[0].changes[0]

    assert change.field == "body"
    assert "old ending." in change.old and "new ending." in change.new
    assert len(change.old) < 300


def test_the_history_page_costs_the_same_queries_for_one_version_or_many(client, viewer, reviewer, claim):
    client.force_login(viewer)
    url = f"/statements/{claim.pk}/history/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    current = claim
    for number in range(10):
        current = statement_update(statement=current.pk, version=current.version, user=reviewer, note=f"n{number}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["history"].versions) == 11
    assert len(many) == len(one)


def test_history_pages_need_a_role(client, make_user, claim):
    assert client.get(f"/statements/{claim.pk}/history/").status_code == 302
    client.force_login(make_user(None))
    assert client.get(f"/statements/{claim.pk}/history/").status_code == 403


def test_a_record_that_never_existed_has_no_history_page(client, viewer):
    client.force_login(viewer)
    assert client.get("/statements/999999/history/").status_code == 404
    assert client.get("/actors/999999/history/").status_code == 404


def test_the_reader_links_to_the_recently_deleted_statements(client, viewer, claim):
    client.force_login(viewer)
    html = client.get(f"/articles/{claim.article_id}/").content.decode()
    assert f'href="/articles/{claim.article_id}/deleted/"' in html
    assert f'href="/articles/{claim.article_id}/history/"' in html
    assert f'href="/statements/{claim.pk}/history/"' in html


def test_actor_and_proposition_pages_link_to_their_history(client, viewer, claim):
    client.force_login(viewer)
    assert f"/actors/{claim.speaker_id}/history/" in client.get(f"/actors/{claim.speaker_id}/").content.decode()
    page = client.get(f"/propositions/{claim.proposition_id}/").content.decode()
    assert f"/propositions/{claim.proposition_id}/history/" in page


def test_deleted_statements_are_listed_with_who_deleted_them_and_a_reviewer_restores_one(client, reviewer, claim):
    article = claim.article
    statement_delete(statement=claim.pk, version=claim.version, user=reviewer)
    client.force_login(reviewer)

    page = client.get(f"/articles/{article.pk}/deleted/")

    assert page.status_code == 200
    [item] = page.context["deleted"]
    assert (item.record.id, item.deleted_by, item.speaker) == (claim.pk, reviewer.username, "John Kirby")
    assert f'action="/statements/{claim.pk}/restore"' in page.content.decode()

    restored = client.post(f"/statements/{claim.pk}/restore")

    assert restored.status_code == 302
    assert Statement.objects.get(pk=claim.pk).quote == "denied accusations"
    assert client.get(f"/articles/{article.pk}/deleted/").context["deleted"] == []


def test_a_viewer_sees_deleted_statements_but_no_restore_button_and_cannot_restore(client, viewer, reviewer, claim):
    statement_delete(statement=claim.pk, version=claim.version, user=reviewer)
    client.force_login(viewer)

    html = client.get(f"/articles/{claim.article_id}/deleted/").content.decode()

    assert "denied accusations" in html
    assert "/restore" not in html
    assert client.post(f"/statements/{claim.pk}/restore").status_code == 403
    assert not Statement.objects.filter(pk=claim.pk).exists()


def test_a_deleted_statement_keeps_its_history_page_with_a_restore_button_for_reviewers(client, reviewer, claim):
    statement_delete(statement=claim.pk, version=claim.version, user=reviewer)
    client.force_login(reviewer)

    response = client.get(f"/statements/{claim.pk}/history/")

    assert response.status_code == 200
    assert [v.action for v in response.context["history"].versions] == ["deleted", "created"]
    assert f'action="/statements/{claim.pk}/restore"' in response.content.decode()


def test_a_reviewer_undoes_an_actor_merge_from_its_history_page(client, reviewer):
    article = ArticleFactory()
    kirby, duplicate = ActorFactory(name="John Kirby"), ActorFactory(name="J. Kirby")
    moved = StatementFactory(article=article, text="never been involved", speaker=duplicate)
    actor_merge(source=duplicate, target=kirby, user=reviewer)
    client.force_login(reviewer)

    page = client.get(f"/actors/{duplicate.pk}/history/").content.decode()
    assert f'action="/actors/{duplicate.pk}/unmerge/"' in page
    response = client.post(f"/actors/{duplicate.pk}/unmerge/")

    assert response.status_code == 302 and response.url == f"/actors/{duplicate.pk}/"
    assert Actor.objects.get(pk=duplicate.pk).merged_into is None
    assert Statement.objects.get(pk=moved.pk).speaker_id == duplicate.pk


def test_a_reviewer_undoes_a_proposition_merge(client, reviewer):
    kept, rewording = PropositionFactory(), PropositionFactory()
    moved = StatementFactory(proposition=rewording)
    proposition_merge(source=rewording, target=kept, user=reviewer)
    client.force_login(reviewer)

    response = client.post(f"/propositions/{rewording.pk}/unmerge/")

    assert response.status_code == 302
    assert Proposition.objects.get(pk=rewording.pk).merged_into is None
    assert Statement.objects.get(pk=moved.pk).proposition_id == rewording.pk


def test_an_analyst_may_not_undo_a_merge(client, analyst, reviewer):
    kirby, duplicate = ActorFactory(), ActorFactory()
    actor_merge(source=duplicate, target=kirby, user=reviewer)
    client.force_login(analyst)

    assert "/unmerge/" not in client.get(f"/actors/{duplicate.pk}/history/").content.decode()
    assert client.post(f"/actors/{duplicate.pk}/unmerge/").status_code == 403
    assert Actor.objects.get(pk=duplicate.pk).merged_into_id == kirby.pk


def test_undoing_a_merge_that_was_not_made_says_so(client, reviewer):
    actor = ActorFactory()
    client.force_login(reviewer)
    response = client.post(f"/actors/{actor.pk}/unmerge/", follow=True)
    assert "not merged into another" in response.content.decode()


def test_a_refused_unmerge_explains_why_and_changes_nothing(client, reviewer):
    kept = PropositionFactory(text="Iran flew missions over Iraq.")
    rewording = PropositionFactory(text="Iranian jets struck in Iraq.")
    proposition_merge(source=rewording, target=kept, user=reviewer)
    PropositionFactory(text="Iranian jets struck in Iraq.")
    client.force_login(reviewer)

    response = client.post(f"/propositions/{rewording.pk}/unmerge/", follow=True)

    assert "The merge was not undone" in response.content.decode()
    assert Proposition.objects.get(pk=rewording.pk).merged_into_id == kept.pk
