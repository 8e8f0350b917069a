"""A member of project A reads nothing of project B: no page, API list or filter, export,
autocomplete or history shows B's articles, statements, speakers or propositions."""

import pytest

from annotator.models import ProjectRole
from annotator.projects_access import visible_articles, visible_statements
from tests.factories import ArticleFactory, StatementFactory
from tests.statement_posts import signed_in

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


def test_alice_reads_her_project_and_nothing_of_bobs(two_teams):
    a, b = two_teams["A"], two_teams["B"]
    alice = signed_in(a["member"])
    pages = [
        "/articles/",
        "/actors/",
        "/propositions/",
        "/matrix/",
        "/sources/",
        f"/sources/{b['article'].source.slug}/",
        "/articles/?q=denied",
        "/projects/",
        "/work/",
    ]
    for url in pages:
        response = alice.get(url)
        assert response.status_code == 200, url
        assert b["word"] not in _text(response), f"{url} shows project B"
    assert a["word"] in _text(alice.get("/articles/"))
    assert a["word"] in _text(alice.get("/actors/"))


@pytest.mark.parametrize(
    "url",
    [
        "/articles/{article}/",
        "/articles/{article}/history/",
        "/articles/{article}/deleted/",
        "/statements/{statement}/history/",
        "/actors/{actor}/",
        "/actors/{actor}/history/",
        "/propositions/{proposition}/",
        "/propositions/{proposition}/history/",
        "/projects/{slug}/",
        "/projects/{slug}/guidelines/",
        "/api/v1/articles/{article}/",
        "/api/v1/statements/{statement}/",
        "/api/v1/actors/{actor}/",
        "/api/v1/propositions/{proposition}/",
    ],
)
def test_another_projects_records_are_not_found(two_teams, url):
    b = two_teams["B"]
    ids = {
        "article": b["article"].pk,
        "statement": b["statement"].pk,
        "actor": b["actor"].pk,
        "proposition": b["proposition"].pk,
        "slug": b["project"].slug,
    }
    response = signed_in(two_teams["A"]["member"]).get(url.format(**ids))
    assert response.status_code == 404


@pytest.mark.parametrize("resource", ["statements", "articles", "actors", "propositions"])
def test_api_lists_exports_and_filters_leave_out_another_project(two_teams, resource):
    a, b = two_teams["A"], two_teams["B"]
    alice = signed_in(a["member"])
    for url in (f"/api/v1/{resource}/", f"/export/{resource}.csv"):
        response = alice.get(url)
        assert response.status_code == 200, url
        assert b["word"] not in _text(response), url
    assert a["word"] in _text(alice.get(f"/export/{resource}.csv"))
    # Narrowed to B: refused as a project nobody made is (an empty list would say B's is there).
    for url in (f"/api/v1/{resource}/?project={{}}", f"/export/{resource}.jsonl?project={{}}"):
        response = alice.get(url.format(b["project"].slug))
        unknown = alice.get(url.format("no-such-project"))
        assert response.status_code == unknown.status_code == 400, url
        assert _text(response).replace(b["project"].slug, "?") == _text(unknown).replace("no-such-project", "?")


def test_autocomplete_offers_only_speakers_and_propositions_alice_may_read(two_teams):
    alice = signed_in(two_teams["A"]["member"])
    speakers = _text(alice.get("/autocomplete/actors", {"q": "Mayor"}))
    propositions = _text(alice.get("/autocomplete/propositions", {"q": "Jets"}))
    assert "Ankara" in speakers and "Bogota" not in speakers
    assert "Ankara" in propositions and "Bogota" not in propositions


def test_counts_on_a_shared_speaker_count_only_what_the_reader_may_read(two_teams):
    a, b = two_teams["A"], two_teams["B"]
    # The same speaker in both projects: Alice sees them, with A's statements only.
    StatementFactory(article=b["article"], text="denied", speaker=a["actor"])
    rows = signed_in(a["member"]).get("/api/v1/actors/").json()["results"]
    shared = next(row for row in rows if row["id"] == a["actor"].pk)
    assert (shared["claim_count"], shared["denial_count"]) == (1, 0)


def test_a_project_analyst_may_not_annotate_another_projects_article(two_teams):
    a, b = two_teams["A"], two_teams["B"]
    alice = signed_in(a["member"])
    assert alice.get(f"/articles/{a['article'].pk}/statements/new").status_code == 200
    assert alice.get(f"/articles/{b['article'].pk}/statements/new").status_code == 404
    body = {"article": b["article"].pk, "start": 0, "end": 9, "stance": "claim", "speaker": a["actor"].pk}
    assert alice.post("/api/v1/statements/", body, content_type="application/json").status_code == 400


def test_a_viewer_of_a_project_reads_it_but_may_not_annotate(two_teams, make_user):
    a = two_teams["A"]
    carol = make_user(None, username="carol")
    a["project"].memberships.create(user=carol, role=ProjectRole.VIEWER)
    client = signed_in(carol)
    assert client.get(f"/articles/{a['article'].pk}/").status_code == 200
    assert client.get(f"/articles/{a['article'].pk}/statements/new").status_code == 403


def test_site_roles_keep_reading_the_default_project_and_articles_in_no_project(two_teams, make_user):
    site_viewer = make_user("viewer", username="site-viewer")
    loose = ArticleFactory(title="Imported before projects")
    visible = set(visible_articles(site_viewer).values_list("pk", flat=True))
    assert loose.pk in visible
    assert two_teams["A"]["article"].pk not in visible and two_teams["B"]["article"].pk not in visible


def test_narrowing_to_a_project_and_the_visible_sets_cost_a_fixed_number_of_queries(
    two_teams, django_assert_num_queries
):
    alice = two_teams["A"]["member"]
    for _ in range(20):
        StatementFactory(article=two_teams["A"]["article"], text="denied")
    with django_assert_num_queries(3):  # the user's groups, their projects, then the statements
        assert len(list(visible_statements(alice))) == 21


def test_the_api_lists_only_my_projects_with_my_role(two_teams):
    alice = signed_in(two_teams["A"]["member"])
    rows = alice.get("/api/v1/projects/").json()["results"]
    assert [(row["slug"], row["my_role"]) for row in rows] == [("desk-a", "analyst")]
    assert alice.get("/api/v1/projects/desk-b/").status_code == 404
