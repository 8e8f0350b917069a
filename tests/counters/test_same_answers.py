"""The pages answer the same from the tallies as from counting the statements: the lists
sorted by a count, the matrix, with and without pending suggestions. And where the
tallies answer, the statements are not read at all."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from annotator import filters, projects_access, projects_counting
from annotator.models import counts, tallies
from annotator.selectors import browse
from annotator.selectors.articles import article_list
from annotator.services.projects import default_project

from .conftest import needs_tallies

pytestmark = [pytest.mark.django_db, needs_tallies]
User = get_user_model()


def without_tallies(monkeypatch):
    for module in (tallies, counts, browse, projects_access, projects_counting, filters):
        monkeypatch.setattr(module, "tallies_kept", lambda: False)


def _lists(user, pending: bool, project: str | None = None):
    params = QueryDict(mutable=True)
    if pending:
        params["include_pending"] = "true"
    if project:
        params["project"] = project
    result = {}
    for sort in ("claims", "denials"):
        page = article_list(user=user, params=params, sort=sort).page
        result[f"articles by {sort}"] = [
            (a.pk, a.claim_count, a.denial_count, a.pending_count) for a in page.object_list
        ]
        _, page, _ = browse.actor_list(user=user, params=params, sort=sort)
        result[f"actors by {sort}"] = [(a.pk, a.claim_count, a.denial_count) for a in page.object_list]
        _, page, _ = browse.proposition_list(user=user, params=params, sort=sort)
        result[f"propositions by {sort}"] = [(p.pk, p.claim_count, p.denial_count) for p in page.object_list]
    _, page, _ = browse.actor_list(user=user, params=params, sort="name")
    result["actors by name"] = [(a.pk, a.claim_count, a.denial_count) for a in page.object_list]
    grid = browse.matrix(user=user, params=params)
    result["matrix"] = (
        [a.pk for a in grid.actors],
        [p.pk for p in grid.propositions],
        {key: (c.claims, c.denials, c.pending) for key, c in grid.cells.items()},
        grid.total_actors,
        grid.total_propositions,
    )
    return result


@pytest.mark.parametrize("pending", [False, True], ids=["accepted", "with pending"])
@pytest.mark.parametrize("reader", ["admin_user", "reviewer"], ids=["reads every project", "reads some"])
def test_tallies_and_statements_give_the_same_lists_and_matrix(statements, request, monkeypatch, reader, pending):
    user = request.getfixturevalue(reader)
    from_tallies = _lists(user, pending)
    without_tallies(monkeypatch)
    counted = _lists(user, pending)
    assert from_tallies == counted
    assert any(cells for cells in from_tallies["matrix"][2].values())


# Readers the per-project tallies answer: a member of one project only; a site reviewer
# (the default project and the articles in none, since two other projects exist); an
# admin narrowing to a project or to the default one; a member narrowing to their own.
PROJECT_READERS = {
    "member of one project": ("gaza-member", None),
    "site reviewer": ("reviewer", None),
    "admin, project=gaza": ("admin", "gaza"),
    "admin, project=iran-strikes": ("admin", "iran-strikes"),
    "admin, project=default": ("admin", "default"),
    "member, project=gaza": ("gaza-member", "gaza"),
    "reviewer, project=gaza (not theirs: counted)": ("reviewer", "gaza"),
}


@pytest.mark.parametrize("pending", [False, True], ids=["accepted", "with pending"])
@pytest.mark.parametrize("reader", list(PROJECT_READERS))
def test_per_project_tallies_and_statements_give_the_same_lists_and_matrix(
    gaza, reviewer, admin_user, monkeypatch, reader, pending
):
    username, project = PROJECT_READERS[reader]
    user = {"reviewer": reviewer, "admin": admin_user}.get(username) or User.objects.get(username=username)
    if project == "default":
        project = default_project().slug
    from_tallies = _lists(user, pending, project)
    without_tallies(monkeypatch)
    counted = _lists(user, pending, project)
    assert from_tallies == counted
    assert any(from_tallies[key] for key in from_tallies if key != "matrix")


def test_a_member_of_one_project_gets_the_matrix_and_sorted_lists_without_reading_statements(gaza):
    member = User.objects.get(username="gaza-member")
    params = QueryDict("sort=claims")
    with CaptureQueriesContext(connection) as queries:
        grid = browse.matrix(user=member, params=QueryDict())
        list(browse.actor_list(user=member, params=params, sort="claims")[1].object_list)
        list(browse.proposition_list(user=member, params=params, sort="denials")[1].object_list)
    assert grid.cells
    # The statements are read only to find actors and propositions that no statement names.
    reads = [q["sql"] for q in queries.captured_queries if '"annotator_statement"' in q["sql"]]
    assert all("NOT (EXISTS" in sql for sql in reads), reads


def test_for_a_reader_of_every_project_the_matrix_and_sorted_lists_read_no_statements(statements, admin_user):
    params = QueryDict("sort=claims")
    with CaptureQueriesContext(connection) as queries:
        browse.matrix(user=admin_user, params=QueryDict())
        list(article_list(user=admin_user, params=params, sort="claims").page.object_list)
        list(browse.actor_list(user=admin_user, params=params, sort="claims")[1].object_list)
        list(browse.proposition_list(user=admin_user, params=params, sort="denials")[1].object_list)
    assert queries.captured_queries
    assert not [q["sql"] for q in queries.captured_queries if '"annotator_statement"' in q["sql"]]


def test_a_narrowed_matrix_counts_the_statements(statements, admin_user):
    # A filter the tallies do not hold (denials only) is counted from the statements.
    with CaptureQueriesContext(connection) as queries:
        grid = browse.matrix(user=admin_user, params=QueryDict("stance=denial"))
    assert any('"annotator_statement"' in q["sql"] for q in queries.captured_queries)
    assert all(cell.claims == 0 for cell in grid.cells.values())
    assert grid.cells
