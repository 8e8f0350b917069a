"""Who may do what on the browse and import pages: the UI shows only permitted actions, and
the server refuses the rest whatever the UI shows."""

from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annotator.models import Actor, Article, ArticleStatus, Proposition
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    statement = StatementFactory()
    return {
        "article": statement.article,
        "actor": statement.speaker,
        "proposition": statement.proposition,
        "source": statement.article.source,
        "other_actor": ActorFactory(),
        "other_proposition": PropositionFactory(),
    }


def read_pages(scene) -> list[str]:
    return [
        "/articles/",
        "/propositions/",
        f"/propositions/{scene['proposition'].pk}/",
        "/actors/",
        f"/actors/{scene['actor'].pk}/",
        "/sources/",
        f"/sources/{scene['source'].slug}/",
        "/matrix/",
    ]


def test_anonymous_visitors_are_sent_to_the_login_for_every_page(client, scene):
    for url in [*read_pages(scene), "/articles/new/", f"/actors/{scene['actor'].pk}/merge/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/?next="), url


def test_anonymous_posts_change_nothing(client, scene):
    article = scene["article"]
    assert client.post(f"/articles/{article.pk}/status/", {"status": "done"}).status_code == 302
    assert client.post("/articles/new/", {"text": "New text here.", "fmt": "text", "action": "save"}).status_code == 302
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.NEW
    assert Article.objects.count() == 1


def test_a_user_without_a_role_is_told_to_ask_an_admin(client, make_user, scene):
    client.force_login(make_user(None))
    for url in read_pages(scene):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Ask an admin for a role" in response.content.decode(), url


def test_a_viewer_reads_everything_but_sees_no_import_status_or_merge_controls(client, viewer, scene):
    client.force_login(viewer)
    for url in read_pages(scene):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "/articles/new/" not in html, url
        assert "/status/" not in html, url
        assert "/merge/" not in html, url


def test_a_viewer_may_not_import_change_a_status_or_merge(client, viewer, scene):
    client.force_login(viewer)
    article = scene["article"]
    assert client.get("/articles/new/").status_code == 403
    upload = SimpleUploadedFile("a.txt", b"A new article body.")
    assert client.post("/articles/new/", {"file": upload, "action": "save"}).status_code == 403
    refused = client.post(f"/articles/{article.pk}/status/", {"status": "done"})
    assert refused.status_code == 403
    assert "Your role, <strong>viewer</strong>, does not allow this action." in refused.content.decode()
    actor, proposition = scene["actor"], scene["proposition"]
    assert client.post(f"/actors/{actor.pk}/merge/", {"target": scene["other_actor"].pk}).status_code == 403
    assert (
        client.post(f"/propositions/{proposition.pk}/merge/", {"target": scene["other_proposition"].pk}).status_code
        == 403
    )
    assert Article.objects.count() == 1
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.NEW
    assert Actor.objects.get(pk=actor.pk).merged_into is None
    assert Proposition.objects.get(pk=proposition.pk).merged_into is None


def test_an_analyst_sees_import_and_status_but_not_merge(client, analyst, scene):
    client.force_login(analyst)
    articles = client.get("/articles/").content.decode()
    assert 'href="/articles/new/"' in articles
    assert f'action="/articles/{scene["article"].pk}/status/"' in articles
    assert "/merge/" not in client.get(f"/actors/{scene['actor'].pk}/").content.decode()
    assert "/merge/" not in client.get(f"/propositions/{scene['proposition'].pk}/").content.decode()
    assert client.get(f"/actors/{scene['actor'].pk}/merge/").status_code == 403


def test_an_analyst_may_import_and_set_a_status(client, analyst, scene):
    client.force_login(analyst)
    assert client.get("/articles/new/").status_code == 200
    saved = client.post("/articles/new/", {"text": "A new article body.", "fmt": "text", "action": "save"})
    assert saved.status_code == 302
    assert Article.objects.count() == 2
    assert client.post(f"/articles/{scene['article'].pk}/status/", {"status": "done"}).status_code == 302


def test_a_reviewer_sees_the_merge_actions(client, reviewer, scene):
    client.force_login(reviewer)
    assert f"/actors/{scene['actor'].pk}/merge/" in client.get(f"/actors/{scene['actor'].pk}/").content.decode()
    proposition_page = client.get(f"/propositions/{scene['proposition'].pk}/").content.decode()
    assert f"/propositions/{scene['proposition'].pk}/merge/" in proposition_page


def test_only_get_and_post_are_answered(client, reviewer, scene):
    client.force_login(reviewer)
    assert client.put("/articles/").status_code == 405
    assert client.delete(f"/actors/{scene['actor'].pk}/merge/").status_code == 405
    assert client.get(f"/articles/{ArticleFactory().pk}/status/").status_code == 405


class _HtmxAudit(HTMLParser):
    """Collects elements that use htmx but would do nothing without JavaScript."""

    def __init__(self):
        super().__init__()
        self.broken: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "hx-get" in attrs and not (tag == "a" and attrs.get("href")) and not (tag == "form" and attrs.get("action")):
            self.broken.append(f"<{tag} hx-get={attrs['hx-get']}> has no href/action")
        if "hx-post" in attrs and not (tag == "form" and attrs.get("action") and attrs.get("method") == "post"):
            self.broken.append(f"<{tag} hx-post={attrs['hx-post']}> is not a form posting to an action")


def test_every_htmx_element_on_every_page_also_works_without_javascript(client, reviewer, scene):
    client.force_login(reviewer)
    pages = [
        *read_pages(scene),
        "/articles/new/",
        f"/actors/{scene['actor'].pk}/merge/?q=Speaker",
        f"/propositions/{scene['proposition'].pk}/merge/?q=Proposition",
    ]
    for url in pages:
        audit = _HtmxAudit()
        audit.feed(client.get(url).content.decode())
        assert audit.broken == [], url
