"""The statements endpoint: read with names inlined, write through the same rules as the UI."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotator.models import Origin, ReviewStatus, Stance, Statement
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/statements/"


def ids(response):
    return [row["id"] for row in response.json()["results"]]


def test_a_statement_reads_with_speaker_proposition_and_source_names_inlined(api):
    reuters = SourceFactory(name="Reuters")
    article = ArticleFactory(source=SourceFactory(name="Al Jazeera"), title="Iran denies strikes")
    statement = StatementFactory(
        article=article,
        text="has never been involved",
        stance=Stance.DENIAL,
        speaker=ActorFactory(name="Senior Iranian official", role="official"),
        proposition=PropositionFactory(text="Iran struck IS targets in Iraq."),
        via=reuters,
    )
    row = api.get(f"{URL}{statement.pk}/").json()
    assert row["quote"] == "has never been involved"
    assert row["speaker_detail"]["name"] == "Senior Iranian official"
    assert row["proposition_detail"]["text"] == "Iran struck IS targets in Iraq."
    assert row["via_detail"]["name"] == "Reuters"
    assert row["article_detail"]["source"]["name"] == "Al Jazeera"
    assert row["article_detail"]["title"] == "Iran denies strikes"
    assert row["version"] == 1


def _list_queries(api, n):
    article = ArticleFactory()
    StatementFactory.create_batch(n, article=article, annotator=None)
    api.get(URL)  # warms the token's last-used stamp, written at most once a minute
    with CaptureQueriesContext(connection) as queries:
        response = api.get(URL, {"page_size": 200})
    assert len(response.json()["results"]) == n
    return len(queries)


def test_listing_costs_the_same_queries_for_one_statement_as_for_many(api, django_assert_num_queries):
    one = _list_queries(api, 1)
    Statement.objects.all().delete()
    many = _list_queries(api, 60)
    assert one == many
    # token + role lookup, then the page itself
    # + 1: the user's projects and roles there (annotator.projects_access), once per request.
    with django_assert_num_queries(3):
        api.get(URL, {"page_size": 200})


def test_each_filter_narrows_to_the_matching_statements(api, admin_user, analyst):
    reuters, guardian = SourceFactory(name="Reuters"), SourceFactory(name="The Guardian")
    old = ArticleFactory(source=reuters, published_at=dt.datetime(2014, 12, 3, tzinfo=dt.UTC))
    new = ArticleFactory(source=guardian, published_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC))
    kirby = ActorFactory(name="John Kirby")
    iran = PropositionFactory(text="Iran flew missions over Iraq.", topics=["iran"])
    claim = StatementFactory(article=old, text="indications", speaker=kirby, proposition=iran, annotator=admin_user)
    denial = StatementFactory(
        article=new,
        text="has never been involved",
        stance=Stance.DENIAL,
        via=reuters,
        origin=Origin.SUGGESTED,
        review_status=ReviewStatus.PENDING,
        annotator=analyst,
    )
    cases = {
        "article": (old.pk, [claim]),
        "source": (guardian.pk, [denial]),
        "speaker": (kirby.pk, [claim]),
        "stance": ("denial", [denial]),
        "proposition": (iran.pk, [claim]),
        "via": (reuters.pk, [denial]),
        "origin": ("suggested", [denial]),
        "review_status": ("pending", [denial]),
        "annotator": (analyst.pk, [denial]),
        "published_after": ("2020-01-01", [denial]),
        "published_before": ("2020-01-01", [claim]),
        "topic": ("iran", [claim]),
        "q": ("never", [denial]),
    }
    for name, (value, expected) in cases.items():
        # The pending denial is listed only when pending suggestions are asked for.
        response = api.get(URL, {name: value, "include_pending": "true"})
        assert response.status_code == 200, (name, response.json())
        assert ids(response) == [s.pk for s in expected], name


def test_created_and_updated_since_give_an_incremental_sync(api):
    first = StatementFactory()
    cutoff = dt.datetime.now(dt.UTC)
    second = StatementFactory()
    Statement.objects.filter(pk=first.pk).update(updated_at=cutoff - dt.timedelta(hours=1))
    Statement.objects.filter(pk=second.pk).update(updated_at=cutoff + dt.timedelta(seconds=1))
    assert ids(api.get(URL, {"created_since": cutoff.isoformat()})) == [second.pk]
    assert ids(api.get(URL, {"updated_since": cutoff.isoformat()})) == [second.pk]


def test_a_bad_filter_value_is_a_400_naming_the_filter(api):
    response = api.get(URL, {"stance": "shrug", "created_since": "yesterday"})
    assert response.status_code == 400
    assert set(response.json()) == {"stance", "created_since"}


def test_ordering_by_an_allowed_field_and_refusing_others(api):
    statements = StatementFactory.create_batch(3)
    assert ids(api.get(URL, {"ordering": "-id"})) == [s.pk for s in reversed(statements)]
    response = api.get(URL, {"ordering": "quote"})
    assert response.status_code == 400
    assert "ordering" in response.json()


def test_cursor_pages_walk_every_statement_once_and_cap_the_page_size(api):
    statements = StatementFactory.create_batch(7, article=ArticleFactory())
    seen, url, pages = [], URL + "?page_size=3", 0
    while url:
        body = api.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url, pages = body["next"], pages + 1
    assert seen == [s.pk for s in statements]
    assert pages == 3
    assert "cursor=" in api.get(URL, {"page_size": 3}).json()["next"]
    StatementFactory.create_batch(201, article=ArticleFactory())
    assert len(api.get(URL, {"page_size": 10_000}).json()["results"]) == 200


def _new_statement_body(article, text="denied accusations", **extra):
    start = article.body.index(text)
    return {
        "article": article.pk,
        "start": start,
        "end": start + len(text),
        "stance": "denial",
        "speaker": ActorFactory().pk,
        **extra,
    }


def test_an_analyst_creates_a_statement_and_owns_it(client_for, analyst):
    article = ArticleFactory()
    response = client_for(analyst).post(URL, _new_statement_body(article, quote="denied accusations"), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["quote"] == "denied accusations"
    assert body["annotator"] == analyst.pk
    statement = Statement.objects.get(pk=body["id"])
    assert statement.history.first().history_user == analyst


def test_the_answer_to_a_create_is_what_reading_the_statement_gives(client_for, analyst):
    article = ArticleFactory(source=SourceFactory(name="Reuters wire"))
    body = _new_statement_body(
        article, proposition=PropositionFactory().pk, via=SourceFactory().pk, cue="said", direct=True
    )
    client = client_for(analyst)
    created = client.post(URL, body, format="json")
    assert created.status_code == 201
    assert created.json() == client.get(f"{URL}{created.json()['id']}/").json()


@pytest.mark.django_db(transaction=True)  # so the count has no savepoints of the test's own transaction
def test_creating_a_statement_costs_a_fixed_number_of_queries(client_for, analyst):
    article = ArticleFactory(body="Iran denied accusations; the Pentagon denied it too.")
    client = client_for(analyst)
    # The first statement also marks the article in progress, and the token's first use is recorded.
    client.post(URL, _new_statement_body(article, text="the Pentagon denied it"), format="json")
    body = _new_statement_body(article, proposition=PropositionFactory().pk)
    # The token with its user's role, the projects the user reads, the speaker,
    # proposition and article with its source at once (annotator/api/fast/links.py), the
    # analyst's role in this article's projects, the insert and its history row.
    with CaptureQueriesContext(connection) as captured:
        assert client.post(URL, body, format="json").status_code == 201
    # SQLite's transactions are statements of their own (BEGIN IMMEDIATE, COMMIT): not counted.
    sent = [q["sql"] for q in captured.captured_queries if q["sql"].split()[0] not in {"BEGIN", "COMMIT"}]
    assert len(sent) == 6, sent


def test_offsets_past_the_text_and_a_wrong_quote_are_400s_naming_each_field(api):
    article = ArticleFactory()
    too_far = _new_statement_body(article) | {"end": len(article.body) + 5}
    response = api.post(URL, too_far, format="json")
    assert response.status_code == 400
    assert "end" in response.json()
    wrong_quote = _new_statement_body(article, quote="accepted accusations")
    response = api.post(URL, wrong_quote, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["quote"]
    assert not Statement.objects.exists()


def test_an_unknown_speaker_and_a_missing_stance_are_both_named(api):
    body = _new_statement_body(ArticleFactory()) | {"speaker": 999_999}
    del body["stance"]
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    assert {"speaker", "stance"} <= set(response.json())


def test_a_merged_actor_cannot_be_named_as_speaker(api):
    survivor = ActorFactory()
    duplicate = ActorFactory(merged_into=survivor)
    response = api.post(URL, _new_statement_body(ArticleFactory()) | {"speaker": duplicate.pk}, format="json")
    assert response.status_code == 400
    assert str(survivor.pk) in response.json()["speaker"][0]


def test_an_update_names_its_version_and_gets_the_next(api):
    statement = StatementFactory()
    response = api.patch(f"{URL}{statement.pk}/", {"version": 1, "note": "checked"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["note"] == "checked"
    assert response.json()["version"] == 2


def test_an_update_without_a_version_is_refused(api):
    statement = StatementFactory()
    response = api.patch(f"{URL}{statement.pk}/", {"note": "checked"}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()
    statement.refresh_from_db()
    assert statement.note == ""


def test_a_stale_version_gets_409_with_the_current_statement_and_overwrites_nothing(api):
    statement = StatementFactory()
    assert api.patch(f"{URL}{statement.pk}/", {"version": 1, "note": "first"}, format="json").status_code == 200
    response = api.patch(f"{URL}{statement.pk}/", {"version": 1, "note": "second"}, format="json")
    assert response.status_code == 409
    assert response.json()["current"]["note"] == "first"
    assert response.json()["current"]["version"] == 2
    statement.refresh_from_db()
    assert statement.note == "first"


def test_moving_the_offsets_rederives_the_quote_or_refuses_a_bad_span(api):
    statement = StatementFactory(text="denied accusations")
    start = statement.article.body.index("Iranian officials")
    good = api.patch(f"{URL}{statement.pk}/", {"version": 1, "start": start, "end": start + 17}, format="json")
    assert good.json()["quote"] == "Iranian officials"
    bad = api.patch(f"{URL}{statement.pk}/", {"version": 2, "start": 10, "end": 5}, format="json")
    assert bad.status_code == 400
    assert "end" in bad.json()


def test_delete_needs_the_version_and_keeps_history(api):
    statement = StatementFactory()
    assert api.delete(f"{URL}{statement.pk}/").status_code == 400
    assert api.delete(f"{URL}{statement.pk}/?version=7").status_code == 409
    assert api.delete(f"{URL}{statement.pk}/?version=1").status_code == 204
    assert not Statement.objects.filter(pk=statement.pk).exists()
    assert Statement.history.filter(id=statement.pk, history_type="-").exists()


def test_a_missing_statement_is_404(api):
    assert api.get(f"{URL}999999/").status_code == 404
    assert api.patch(f"{URL}999999/", {"version": 1}, format="json").status_code == 404


def test_an_analyst_may_not_edit_someone_elses_statement(client_for, analyst, make_user):
    other = make_user("analyst")
    statement = StatementFactory(annotator=other)
    response = client_for(analyst).patch(f"{URL}{statement.pk}/", {"version": 1, "note": "mine now"}, format="json")
    assert response.status_code == 403
    assert "detail" in response.json()


def test_an_analyst_may_not_accept_a_suggestion_but_a_reviewer_may(client_for, analyst, reviewer):
    suggestion = StatementFactory(origin=Origin.SUGGESTED, review_status=ReviewStatus.PENDING, annotator=analyst)
    body = {"version": 1, "review_status": "accepted"}
    assert client_for(analyst).patch(f"{URL}{suggestion.pk}/", body, format="json").status_code == 403
    response = client_for(reviewer).patch(f"{URL}{suggestion.pk}/", body, format="json")
    assert response.status_code == 200
    assert response.json()["review_status"] == "accepted"


def test_an_analyst_may_not_create_a_statement_already_accepted_as_a_suggestion(client_for, analyst):
    body = _new_statement_body(ArticleFactory()) | {"origin": "suggested", "review_status": "accepted"}
    assert client_for(analyst).post(URL, body, format="json").status_code == 403
    body["review_status"] = "pending"
    assert client_for(analyst).post(URL, body, format="json").status_code == 201


def test_a_since_filter_with_an_offset_postgresql_cannot_store_still_works(api):
    statement = StatementFactory()
    response = api.get(URL, {"created_since": "2000-01-01T00:00:00-21:10"})
    assert response.status_code == 200
    assert ids(response) == [statement.pk]
    assert api.get(URL, {"updated_since": "0001-01-01T00:00:00+23:00"}).status_code == 400


def test_a_member_of_one_project_lists_the_same_rows_as_an_admin_narrowing_to_it_in_constant_queries(
    api, client_for, make_user
):
    from annotator.models import Project, ProjectArticle, ProjectMember, ProjectRole

    project = Project.objects.create(name="Gaza", slug="gaza")
    theirs, other = ArticleFactory(source=SourceFactory(name="Al Jazeera")), ArticleFactory()
    ProjectArticle.objects.create(project=project, article=theirs)
    ProjectArticle.objects.create(project=Project.objects.create(name="Iran", slug="iran"), article=other)
    member = make_user(None, username="gaza-member")
    ProjectMember.objects.create(project=project, user=member, role=ProjectRole.VIEWER)
    client = client_for(member)

    def listed(n: int):
        Statement.objects.all().delete()
        reuters = SourceFactory()
        for k in range(n):
            StatementFactory(article=theirs, text="indications", via=reuters if k % 2 == 0 else None, annotator=member)
            StatementFactory(article=other, text="indications")
        client.get(URL)  # warms the token's last-used stamp
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"page_size": 200})
        return response.json()["results"], len(queries)

    one, one_queries = listed(1)
    rows, many_queries = listed(30)
    assert one_queries == many_queries
    assert len(rows) == 30 and {row["article"] for row in rows} == {theirs.pk}
    assert rows == api.get(URL, {"page_size": 200, "project": "gaza"}).json()["results"]
