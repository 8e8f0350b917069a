"""History pages show a member of project A only what they may read of project B: nothing.

A history version is about its record, and a record A reads (its own, or one both
projects share) keeps every version of its own; but what a version names of other
records is read as those records are: a merge with, or an answer to, a record only B
reads now is not A's to see, and neither is the history of a record deleted while only B
read it (whose projects are unknown once it is gone)."""

import pytest

from annotator.models import Actor, Article, ProjectMember, ProjectRole, Statement
from annotator.roles import Role
from annotator.services.actors import actor_merge, actor_update
from annotator.services.statements import statement_delete, statement_update
from annotator.services.unmerge import actor_unmerge
from tests.factories import ActorFactory, StatementFactory
from tests.statement_posts import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.get(username="root")


def _page(user, url: str) -> str:
    response = signed_in(user).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_an_undone_merge_with_project_bs_actor_leaves_no_trace_in_as_actor_history(two_teams, root):
    """An administrator merged B's duplicate into A's actor (its name became an alias),
    then undid it: the duplicate is B's alone again, and so are those two versions."""
    a, b = two_teams["A"], two_teams["B"]
    duplicate = ActorFactory(name="Bogota's mayor")
    StatementFactory(article=b["article"], text="Officials in Bogota", speaker=duplicate)
    actor_merge(source=duplicate, target=a["actor"], user=root)
    actor_unmerge(actor=duplicate, user=root)
    actor_update(actor=a["actor"], role="mayor", user=a["member"])

    html = _page(a["member"], f"/actors/{a['actor'].pk}/history/")
    assert "Bogota" not in html and f"merged actor {duplicate.pk}" not in html
    assert "2 versions" in html and "mayor" in html  # created, and Alice's own edit
    # The administrator, who reads B, sees all four.
    assert "4 versions" in _page(root, f"/actors/{a['actor'].pk}/history/")


def test_a_shared_actors_own_versions_show_whoever_made_them(two_teams):
    """An edit of a record both projects read is about that record: it shows in A, even
    when made by a member of B (what it changed is on the record's page anyway)."""
    a, b = two_teams["A"], two_teams["B"]
    StatementFactory(article=b["article"], text="Officials", speaker=a["actor"])
    actor_update(actor=a["actor"], aliases=["the mayor"], user=b["member"])
    html = _page(a["member"], f"/actors/{a['actor'].pk}/history/")
    assert "the mayor" in html and "2 versions" in html


def test_a_statement_history_names_no_record_only_project_b_reads(two_teams, root):
    """Alice's statement named a speaker both projects quoted, then another; B renamed the
    first since. And an administrator made it answer one of B's statements."""
    a, b = two_teams["A"], two_teams["B"]
    press = ActorFactory(name="Press officer")
    StatementFactory(article=b["article"], text="Officials", speaker=press)
    mine = StatementFactory(article=a["article"], text="Officials in Ankara", speaker=press)
    mine = statement_update(statement=mine.pk, version=mine.version, user=a["member"], speaker=a["actor"])
    actor_update(actor=press, name="Press officer of Bogota", user=b["member"])
    in_b = StatementFactory(article=b["article"], text="Officials in Bogota", speaker=b["actor"])
    statement_update(statement=mine.pk, version=mine.version, user=root, responds_to=in_b)

    html = _page(a["member"], f"/statements/{mine.pk}/history/")
    assert "Bogota" not in html
    assert "Mayor of Ankara" in html  # what Alice may read is named as before
    assert "not yours to read" in html
    assert "Press officer of Bogota" in _page(root, f"/statements/{mine.pk}/history/")


def test_the_deleted_statements_of_as_article_name_no_speaker_only_b_quotes_now(two_teams):
    a, b = two_teams["A"], two_teams["B"]
    press = ActorFactory(name="Press officer")
    StatementFactory(article=b["article"], text="Officials", speaker=press)
    mine = StatementFactory(article=a["article"], text="Officials in Ankara", speaker=press)
    statement_delete(statement=mine.pk, version=mine.version, user=a["member"])
    actor_update(actor=press, name="Press officer of Bogota", user=b["member"])
    html = _page(a["member"], f"/articles/{a['article'].pk}/deleted/")
    assert "Officials in Ankara" in html and "Bogota" not in html


@pytest.mark.parametrize("kind", ["actors", "propositions"])
def test_the_history_of_a_record_deleted_while_only_b_read_it_is_bs(two_teams, root, kind):
    """Its statements deleted, then the record itself (as an administrator does)."""
    a, b = two_teams["A"], two_teams["B"]
    record = b["actor"] if kind == "actors" else b["proposition"]
    statement = b["statement"]
    statement_delete(statement=statement.pk, version=statement.version, user=b["member"])
    type(record).objects.filter(pk=record.pk).delete()
    assert signed_in(a["member"]).get(f"/{kind}/{record.pk}/history/").status_code == 404
    assert "Bogota" in _page(root, f"/{kind}/{record.pk}/history/")
    # One A's statements named is A's to read after it is gone, as before.
    own = a["actor"] if kind == "actors" else a["proposition"]
    statement_delete(statement=a["statement"].pk, version=a["statement"].version, user=a["member"])
    type(own).objects.filter(pk=own.pk).delete()
    assert "Ankara" in _page(a["member"], f"/{kind}/{own.pk}/history/")


def test_a_deleted_article_of_project_b_keeps_its_history_from_default_project_readers(two_teams, make_user):
    """Once deleted, an article is in no project, which reads as the default project's: a
    site viewer who is also in A would have read B's deleted article and its statements."""
    a, b = two_teams["A"], two_teams["B"]
    carol = make_user(Role.VIEWER, username="carol")
    ProjectMember.objects.create(project=a["project"], user=carol, role=ProjectRole.ANALYST)
    statement_pk = b["statement"].pk
    Article.objects.filter(pk=b["article"].pk).delete()
    assert not Statement.objects.filter(pk=statement_pk).exists()
    for url in (f"/articles/{b['article'].pk}/history/", f"/statements/{statement_pk}/history/"):
        assert signed_in(carol).get(url).status_code == 404, url
    # Her own project's deleted article she reads as before... only an administrator (or
    # a reader of every project) knows where a deleted article was: A's is gone too.
    Article.objects.filter(pk=a["article"].pk).delete()
    assert signed_in(carol).get(f"/articles/{a['article'].pk}/history/").status_code == 404
    assert Actor.objects.filter(pk=a["actor"].pk).exists()
