"""The main measured queries can be answered from an index, as PostgreSQL plans them.

Each query is the one the app really sends for a measured request (captured from the
request, not rebuilt here). On a test-sized table a full scan is always cheapest, so
full scans (and, for filters, walking the primary key with a filter) are priced out:
what remains possible is a plan whose `Index Cond` is the filter itself, which exists
only if an index on the filtered column does. At archive scale the planner may still
prefer the primary key for a very frequent value; `make bench` measures that case."""

import re
from urllib.parse import urlencode

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotator.services.tokens import token_create
from bench.corpus import Scale
from bench.generate import generate
from bench.measure_api import cursor_at

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture
def archive(reviewer):
    generate(Scale(articles=120, statements=1500), log=lambda *a: None)
    return reviewer


def plan_of(client, url: str, table: str, *, only: str = "", disable=("seqscan",), **headers) -> str:
    """EXPLAIN of the request's queries on `table` (those containing `only`), joined."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    selects = [
        q["sql"] for q in captured.captured_queries if re.search(rf'FROM "{table}"', q["sql"]) and only in q["sql"]
    ]
    assert selects, f"no query on {table} for {url}"
    plans = []
    # SET LOCAL lasts until the end of the transaction: there must be one.
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in disable:
            cursor.execute(f"SET LOCAL enable_{setting} = off")
        for sql in selects:
            cursor.execute(f"EXPLAIN {sql}")
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return "\n\n".join(plans)


def index_conditions(plan: str) -> str:
    return "\n".join(line for line in plan.splitlines() if "Index Cond" in line or "Index Scan" in line)


def api(client, archive, **options):
    key = token_create(user=archive, name="explain")[1]
    return lambda url: plan_of(client, url, "annotator_statement", Authorization=f"Token {key}", **options)


FILTER_BY_INDEX = ("seqscan", "indexscan")


def test_statements_filtered_by_speaker_and_stance_use_an_index_on_the_speaker(client, archive):
    plan = api(client, archive, only="speaker_id", disable=FILTER_BY_INDEX)(
        f"{reverse('api:statement-list')}?speaker=1&stance=denial"
    )
    assert "Seq Scan on annotator_statement" not in plan
    assert "speaker_id = 1" in index_conditions(plan), plan


def test_statements_of_a_proposition_use_an_index_on_the_proposition(client, archive):
    plan = api(client, archive, only="proposition_id", disable=FILTER_BY_INDEX)(
        f"{reverse('api:statement-list')}?proposition=1"
    )
    assert "Seq Scan on annotator_statement" not in plan
    assert "proposition_id = 1" in index_conditions(plan), plan


def test_a_deep_cursor_page_starts_from_the_primary_key_not_an_offset(client, archive):
    plan = api(client, archive, only="> 1200")(f"{reverse('api:statement-list')}?cursor={cursor_at(1200)}")
    assert "annotator_statement_pkey" in plan
    assert "id > 1200" in index_conditions(plan), plan
    assert "OFFSET" not in plan.upper()


def test_article_search_uses_the_full_text_index(client, archive):
    client.force_login(archive)
    url = f"{reverse('article_list')}?{urlencode({'q': 'ceasefire'})}"
    plan = plan_of(client, url, "annotator_article", only="@@", disable=FILTER_BY_INDEX)
    # Both the page and its count find the matching articles in the GIN index.
    assert plan.count("Bitmap Index Scan on article_search_document") == plan.count("\n\n") + 1, plan
    assert "Seq Scan on annotator_article" not in plan


def test_a_phrase_search_rechecks_the_stored_document_not_the_body(client, archive):
    client.force_login(archive)
    url = f"{reverse('article_list')}?{urlencode({'q': '"chemical weapons" Aleppo'})}"
    plan = plan_of(client, url, "annotator_article", only="@@", disable=FILTER_BY_INDEX)
    assert "Bitmap Index Scan on article_search_document" in plan, plan
    # The recheck reads the stored column; parsing the body again is what made it slow.
    assert "to_tsvector" not in plan, plan


@pytest.mark.parametrize(
    ("params", "index"),
    [({}, "article_newest"), ({"page": 2}, "article_newest"), ({"source": 1}, "article_source_newest")],
)
def test_the_article_list_reads_newest_first_from_an_index_not_a_sort(client, archive, params, index):
    client.force_login(archive)
    url = f"{reverse('article_list')}?{urlencode(params)}"
    plan = plan_of(client, url, "annotator_article", only="LIMIT", disable=("seqscan", "sort"))
    assert f"Index Scan using {index}" in plan or f"Index Only Scan using {index}" in plan, plan
    assert "Sort Key: annotator_article.published_at" not in plan, plan


@pytest.fixture
def member_of_one_project(archive, make_user):
    """An analyst in one of two projects that split the archive (no site role): their
    article list is that project's links."""
    from annotator.models import Article, Project, ProjectArticle, ProjectMember, ProjectRole

    projects = [Project.objects.create(name=f"Half {n}", slug=f"half-{n}") for n in range(2)]
    ProjectArticle.objects.bulk_create(
        ProjectArticle(project=projects[pk % 2], article_id=pk) for pk in Article.objects.values_list("pk", flat=True)
    )
    member = make_user(None, username="half-member")
    ProjectMember.objects.create(project=projects[0], user=member, role=ProjectRole.ANALYST)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE annotator_projectarticle")
    return member


@pytest.mark.parametrize("params", [{}, {"page": 2}, {"q": "ceasefire"}])
def test_a_members_article_list_walks_the_projects_links_in_date_order_not_a_sort(
    client, member_of_one_project, params
):
    client.force_login(member_of_one_project)
    url = f"{reverse('article_list')}?{urlencode(params)}"
    plan = plan_of(client, url, "annotator_article", only="LIMIT", disable=("seqscan", "sort", "bitmapscan"))
    assert "project_article_newest" in plan or "project_article_dated" in plan, plan
    assert "Sort Key: annotator_projectarticle.published_at" not in plan, plan


def test_the_matrix_leaves_independent_versions_out_by_the_partial_indexes_condition(client, archive):
    """Independent versions (double annotation) are left out by the counted-statement
    indexes' own condition: the planner proves `NOT independent` from it, so no row is
    filtered on it. (Which of those indexes it picks depends on the scale: at this size
    not the pairs index, see bench/README.md.) Unfiltered, the matrix reads the tallies
    (tests/counters): a filter the tallies do not hold makes it count statements."""
    client.force_login(archive)
    plan = plan_of(client, reverse("matrix") + "?stance=claim", "annotator_statement", only="GROUP BY")
    assert "using statement_canon_" in plan, plan
    assert "Seq Scan on annotator_statement" not in plan, plan
    assert "independent" not in plan, plan
