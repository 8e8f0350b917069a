"""A member of several projects: counted from the per-project tallies when their projects
share no article (the sum is exact), from the statements when they share one; and the
article list read through the project links (their copy of the date) for such members
and for one project. Either way, the same pages as counting and filtering the slow way."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from annotator import projects_counting
from annotator.models import Article, ProjectMember, ProjectRole
from annotator.projects_counting import CountedIn, counting_within, linked_projects_read
from annotator.selectors.articles import article_list
from annotator.services.projects import project_articles_add, project_create

from .conftest import needs_tallies
from .test_same_answers import _lists, without_tallies

pytestmark = [pytest.mark.django_db, needs_tallies]
User = get_user_model()


@pytest.fixture
def readers(gaza, team, make_user, admin_user):
    """Ukraine holds the articles gaza does not (but the team's): apart from gaza. A
    member of gaza and ukraine (no article in both), and one of gaza and the team's
    project (which share the team's article)."""
    gaza_articles = set(gaza.articles.values_list("pk", flat=True))
    others = [pk for pk in Article.objects.order_by("pk").values_list("pk", flat=True) if pk not in gaza_articles]
    ukraine = project_create(name="Ukraine", slug="ukraine", user=admin_user)
    project_articles_add(project=ukraine, article_ids=others, user=admin_user, imported=True)
    apart, sharing = make_user(None, username="apart"), make_user(None, username="sharing")
    for user, projects in ((apart, (gaza, ukraine)), (sharing, (gaza, team.project))):
        for project in projects:
            ProjectMember.objects.create(project=project, user=user, role=ProjectRole.VIEWER)
    return {"apart": apart, "sharing": sharing, "one": User.objects.get(username="gaza-member"), "ukraine": ukraine}


@pytest.mark.parametrize("pending", [False, True], ids=["accepted", "with pending"])
@pytest.mark.parametrize("reader", ["apart", "sharing"])
def test_members_of_several_projects_get_the_same_lists_and_matrix_both_ways(readers, monkeypatch, reader, pending):
    user = readers[reader]
    from_tallies = _lists(user, pending)
    without_tallies(monkeypatch)
    counted = _lists(user, pending)
    assert from_tallies == counted
    assert any(from_tallies[key] for key in from_tallies if key != "matrix")


def test_the_tallies_answer_for_projects_apart_and_not_for_projects_sharing_an_article(readers):
    assert isinstance(counting_within(readers["apart"]), CountedIn)
    assert not isinstance(counting_within(readers["sharing"]), CountedIn)
    # The overlap is asked once per request (per user object and set of projects).
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            counting_within(readers["apart"])
    assert len(queries.captured_queries) == 0


def _articles(user, params: str, sort: str):
    page = article_list(user=user, params=QueryDict(params), sort=sort).page
    rows = [(a.pk, a.claim_count, a.denial_count, a.pending_count) for a in page.object_list]
    return rows, page.paginator.count, getattr(page.paginator, "capped", None), page.number


ARTICLE_REQUESTS = [
    ("", "newest"),
    ("", "oldest"),
    ("", "title"),
    ("", "claims"),
    ("include_pending=true", "denials"),
    ("q=denied", "newest"),
    ("status=new", "newest"),
    ("page=2", "newest"),
]


@pytest.mark.parametrize("reader", ["one", "apart", "sharing", "one, project=gaza", "admin, project=ukraine"])
def test_the_article_list_read_through_the_links_is_the_same_list(readers, admin_user, monkeypatch, reader):
    who, _, project = reader.partition(", project=")
    user = admin_user if who == "admin" else readers[who]
    extra = f"project={project}&" if project else ""
    through_links = {(p, s): _articles(user, extra + p, s) for p, s in ARTICLE_REQUESTS}
    monkeypatch.setattr(projects_counting, "tallies_kept", lambda: False)
    filtered = {(p, s): _articles(user, extra + p, s) for p, s in ARTICLE_REQUESTS}
    assert through_links == filtered
    assert through_links[("", "newest")][0]


def test_the_links_drive_the_list_only_when_they_are_exactly_the_articles_read(readers, admin_user, reviewer):
    gaza, ukraine = readers["one"].project_memberships.get().project, readers["ukraine"]
    assert linked_projects_read(readers["one"]) == (gaza.pk,)
    assert linked_projects_read(readers["apart"]) == tuple(sorted((gaza.pk, ukraine.pk)))
    # Sharing an article: the article would be listed twice.
    assert linked_projects_read(readers["sharing"]) is None
    # Every article, or the articles in no project among them: no links to walk.
    assert linked_projects_read(admin_user) is None
    assert linked_projects_read(reviewer) is None
    assert linked_projects_read(admin_user, ukraine) == (ukraine.pk,)
    # A project the reader does not read is not theirs to walk.
    assert linked_projects_read(readers["one"], ukraine) is None


def test_the_article_lists_queries_do_not_grow_with_its_rows(readers, admin_user):
    user = readers["apart"]

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            list(article_list(user=user, params=QueryDict(), sort="newest").page.object_list)
        return len(captured.captured_queries)

    before = queries()
    from tests.factories import ArticleFactory

    more = [ArticleFactory().pk for _ in range(5)]
    project_articles_add(project=readers["ukraine"], article_ids=more, user=admin_user, imported=True)
    user = User.objects.get(pk=user.pk)
    assert queries() == before


def test_the_project_page_lists_the_same_articles_through_the_links(readers, monkeypatch):
    from annotator.selectors import projects as project_selectors

    for project in (readers["ukraine"], readers["one"].project_memberships.get().project):
        through_links = project_selectors.project_article_page(project, limit=2)
        whole = project_selectors.project_article_page(project, limit=100)
        monkeypatch.setattr(project_selectors, "tallies_kept", lambda: False)
        assert project_selectors.project_article_page(project, limit=2) == through_links
        assert project_selectors.project_article_page(project, limit=100) == whole
        assert len(whole[0]) == whole[1] > 2
        monkeypatch.undo()
