"""The hand-built API paths (annotator/api/fast) answer exactly what the DRF views answer.

Each property builds varied data (unicode and astral text, empty titles, missing links,
pending and rejected suggestions, relayed and direct statements) and asks the same
request twice, with the fast paths on and off (`API_FAST_PATHS`): status, bytes and
headers must be equal. A patched DRF action proves the fast path answered."""

import json
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.api.views.articles import ArticleViewSet
from annotator.api.views.statements import StatementViewSet
from annotator.models import Actor, Article, ArticleStatus, Origin, ReviewStatus, Source, Stance, Statement
from annotator.roles import Role
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, SourceFactory

PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Text as analysts meet it: accents, right-to-left script, CJK, emoji beyond the BMP.
WORDS = st.sampled_from(["Iran", "denied", "Żółć", "قال", "北京", "😀 emoji", "told Reuters", "«quoted»", "a"])
TEXT = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
COMPARED_HEADERS = ("Content-Type", "Allow", "Vary", "Content-Length")


@contextmanager
def rolled_back():
    """Each example on its own data: the rows it made are gone before the next one."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@contextmanager
def drf_not_called(viewset, action):
    with mock.patch.object(viewset, action, side_effect=AssertionError(f"the DRF {action} answered")):
        yield


def both(client, method, url, *, fast_action=None, viewset=None, **kwargs):
    """The response with the fast paths on, then off; with `fast_action`, the DRF view
    must not be reached while they are on."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.conf.settings.API_FAST_PATHS", True)
        if fast_action:
            with drf_not_called(viewset, fast_action):
                fast = getattr(client, method)(url, **kwargs)
        else:
            fast = getattr(client, method)(url, **kwargs)
        patch.setattr("django.conf.settings.API_FAST_PATHS", False)
        slow = getattr(client, method)(url, **kwargs)
    return fast, slow


def assert_same(fast, slow):
    assert fast.status_code == slow.status_code, (fast.content, slow.content)
    assert fast.content == slow.content
    for header in COMPARED_HEADERS:
        assert fast.headers.get(header) == slow.headers.get(header), header


@st.composite
def articles(draw):
    words = draw(st.lists(TEXT, min_size=3, max_size=8))
    body = " ".join(f"{w}." for w in words) + f" {draw(st.uuids())}"
    return {
        "body": body,
        "title": draw(st.sampled_from(["", "Strikes in Iraq", "北京 😀"])),
        "url": draw(st.sampled_from([None, "https://example.org/a"])),
        "has_source": draw(st.booleans()),
        "dated": draw(st.booleans()),
        "status": draw(st.sampled_from(list(ArticleStatus))),
    }


@st.composite
def statements(draw, body_length):
    start = draw(st.integers(0, body_length - 1))
    end = draw(st.integers(start + 1, body_length))
    review = draw(st.sampled_from(list(ReviewStatus)))
    return {
        "start": start,
        "end": end,
        "stance": draw(st.sampled_from(list(Stance))),
        "speaker": draw(st.booleans()) or review == ReviewStatus.ACCEPTED,
        "proposition": draw(st.booleans()),
        "via": draw(st.booleans()),
        "cue": draw(st.sampled_from(["", "denied", "told"])),
        "direct": draw(st.booleans()),
        "review_status": review,
        "origin": Origin.SUGGESTED if review != ReviewStatus.ACCEPTED else draw(st.sampled_from(list(Origin))),
        "note": draw(st.sampled_from(["", "check 😀", "nota bene"])),
        "annotated": draw(st.booleans()),
    }


def make_article(spec) -> Article:
    article = ArticleFactory(
        body=spec["body"],
        raw=spec["body"],
        title=spec["title"] or "x",
        url=spec["url"] and f"{spec['url']}/{spec['body'][-12:]}",
        source=SourceFactory(name=f"Outlet {spec['body'][-8:]}") if spec["has_source"] else None,
        published_at=None if not spec["dated"] else "2024-05-01T10:00:00+02:00",
        status=spec["status"],
    )
    if not spec["title"]:
        # A row written around the model (the list then reads its text for the title).
        Article.objects.filter(pk=article.pk).update(title="")
    return article


def make_statement(article, spec, user) -> Statement:
    return Statement.objects.create(
        article=article,
        start=spec["start"],
        end=spec["end"],
        quote=article.body[spec["start"] : spec["end"]],
        stance=spec["stance"],
        speaker=ActorFactory(name=f"Actor «{spec['start']}» 北") if spec["speaker"] else None,
        proposition=PropositionFactory() if spec["proposition"] else None,
        via=SourceFactory(name="Reuters") if spec["via"] else None,
        cue=spec["cue"],
        direct=spec["direct"],
        review_status=spec["review_status"],
        origin=spec["origin"],
        note=spec["note"],
        annotator=user if spec["annotated"] else None,
    )


@pytest.mark.django_db
@PROPERTY
@given(data=st.data(), spec=articles())
def test_the_statements_of_an_article_are_the_views_own(data, spec, client_for, make_user):
    with rolled_back():
        _statements_of_article(data, spec, client_for, make_user)


def _statements_of_article(data, spec, client_for, make_user):
    user = make_user(Role.VIEWER)
    article = make_article(spec)
    for one in data.draw(st.lists(statements(len(article.body)), max_size=6)):
        make_statement(article, one, user)
    client = client_for(user)
    fast, slow = both(
        client, "get", f"/api/v1/statements/?article={article.pk}", fast_action="list", viewset=StatementViewSet
    )
    assert_same(fast, slow)


@pytest.mark.django_db
@PROPERTY
@given(data=st.data(), specs=st.lists(articles(), min_size=1, max_size=4))
def test_article_pages_and_one_article_are_the_views_own(data, specs, client_for, make_user):
    with rolled_back():
        _article_pages(data, specs, client_for, make_user)


def _article_pages(data, specs, client_for, make_user):
    user = make_user(Role.ANALYST)
    made = [make_article(spec) for spec in specs]
    for article in made:
        for one in data.draw(st.lists(statements(len(article.body)), max_size=3)):
            make_statement(article, one, user)
    client = client_for(user)
    with mock.patch.object(ArticleViewSet.pagination_class, "page_size", 2):
        first, slow = both(client, "get", "/api/v1/articles/", fast_action="list", viewset=ArticleViewSet)
        assert_same(first, slow)
        following = first.json()["next"]
        if following:
            # The cursor DRF made, read back by the fast path: page two and its links.
            fast, slow = both(client, "get", following, fast_action="list", viewset=ArticleViewSet)
            assert_same(fast, slow)
    fast, slow = both(client, "get", f"/api/v1/articles/{made[-1].pk}/", fast_action="retrieve", viewset=ArticleViewSet)
    assert_same(fast, slow)


# A create: mostly valid payloads, and every kind of invalid one the DRF view refuses.
OFFSET = st.one_of(st.integers(-2, 80), st.sampled_from(["3", 2.0, None, True, 2**40]))


@st.composite
def payloads(draw, article, actors, others):
    body = article.body
    start = draw(st.integers(0, len(body) - 2))
    end = draw(st.integers(start + 1, len(body)))
    payload = {"article": article.pk, "start": start, "end": end, "stance": draw(st.sampled_from(list(Stance)))}
    if draw(st.booleans()):
        payload["speaker"] = draw(st.sampled_from([a.pk for a in actors] + [None, 10**9, "x"]))
    else:
        payload["speaker"] = actors[0].pk
    optional = {
        "quote": st.sampled_from([body[start:end], body[start:end] + "x", "", " " + body[start:end]]),
        "proposition": st.sampled_from([others["proposition"].pk, None, 10**9]),
        "via": st.sampled_from([others["via"].pk, None, 10**9, False]),
        "cue": st.sampled_from(["told", "", " told", "x" * 201, "a\x00b"]),
        "cue_start": st.sampled_from([None, 0, 1, -1]),
        "cue_end": st.sampled_from([None, 2, 10**6]),
        "speaker_text": st.sampled_from(["a senior official", "", "北京 😀"]),
        "direct": st.sampled_from([True, False, "true", 1]),
        "note": st.sampled_from(["", "note 😀", "x" * 10_001]),
        "origin": st.sampled_from(list(Origin) + ["machine"]),
        "review_status": st.sampled_from(list(ReviewStatus) + [None]),
        "responds_to": st.sampled_from([others["statement"].pk, None, 10**9]),
        "start": OFFSET,
        "end": OFFSET,
        "article": st.sampled_from([10**9, "1", None]),
        "unknown": st.just("ignored"),
    }
    for name in draw(st.lists(st.sampled_from(sorted(optional)), unique=True, max_size=5)):
        payload[name] = draw(optional[name])
    return payload


def _created(response):
    """The answer without what differs between two creates: the id and the clock."""
    data = response.json()
    if response.status_code == 201:
        for key in ("id", "created_at", "updated_at"):
            data.pop(key)
    return data


def _history(statement_id):
    row = (
        Statement.history.filter(id=statement_id)
        .values("history_type", "history_user_id", "history_change_reason", "quote", "review_status", "version")
        .get()
    )
    return row


@pytest.mark.django_db
@PROPERTY
@given(data=st.data(), role=st.sampled_from([Role.ANALYST, Role.REVIEWER, Role.VIEWER]))
def test_a_create_answers_and_records_what_the_view_does(data, role, client_for, make_user):
    with rolled_back():
        _create(data, role, client_for, make_user)


def _create(data, role, client_for, make_user):
    user = make_user(role)
    article = ArticleFactory(body="Iran denied it. 北京 said 😀 no. " + data.draw(TEXT), status=ArticleStatus.NEW)
    actors = [ActorFactory(), ActorFactory(name="Ahmad «Vahidi»")]
    merged = ActorFactory(name="Merged one")
    Actor.objects.filter(pk=merged.pk).update(merged_into=actors[0])
    actors.append(merged)
    others = {
        "proposition": PropositionFactory(),
        "via": Source.objects.get_or_create(name="Reuters", defaults={"slug": "reuters-t"})[0],
        "statement": make_statement(article, {**_accepted(), "start": 0, "end": 4}, user),
    }
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.NEW)
    payload = data.draw(payloads(article, actors, others))
    client = client_for(user)
    answers = []
    for fast_on in (True, False):
        with pytest.MonkeyPatch.context() as patch, transaction.atomic():
            patch.setattr("django.conf.settings.API_FAST_PATHS", fast_on)
            response = client.post("/api/v1/statements/", data=json.dumps(payload), content_type="application/json")
            history = _history(response.json()["id"]) if response.status_code == 201 else None
            status = Article.objects.get(pk=article.pk).status
            answers.append((response.status_code, _created(response), history, status, response.headers["Allow"]))
            transaction.set_rollback(True)
    assert answers[0] == answers[1]


def _accepted():
    return {
        "stance": Stance.CLAIM,
        "speaker": True,
        "proposition": False,
        "via": False,
        "cue": "",
        "direct": False,
        "review_status": ReviewStatus.ACCEPTED,
        "origin": Origin.MANUAL,
        "note": "",
        "annotated": True,
    }


def test_a_valid_create_is_answered_by_the_fast_path_reading_its_links_at_once(db, client_for, analyst):
    article = ArticleFactory(status=ArticleStatus.IN_PROGRESS)
    speaker, proposition = ActorFactory(), PropositionFactory()
    client = client_for(analyst)
    payload = {
        "article": article.pk,
        "start": 0,
        "end": 7,
        "stance": "denial",
        "speaker": speaker.pk,
        "proposition": proposition.pk,
    }
    client.get("/api/v1/articles/")  # the token's first use is recorded once
    with drf_not_called(StatementViewSet, "create"), CaptureQueriesContext(connection) as queries:
        response = client.post("/api/v1/statements/", data=payload, format="json")
    assert response.status_code == 201
    assert response.json()["quote"] == article.body[0:7]
    # The token, the projects the user reads, every link at once, the user's role in the
    # article's projects; the statement and its history row (and, on SQLite and
    # PostgreSQL alike, the transaction's own statements).
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("INSERT")]
    assert len(selects) == 4
    assert len(inserts) == 2
    assert Statement.history.filter(id=response.json()["id"], history_user=analyst).count() == 1


def test_reads_take_three_queries_whatever_the_page_holds(db, client_for, viewer):
    article = ArticleFactory()
    client = client_for(viewer)
    client.get("/api/v1/articles/")
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/v1/statements/?article={article.pk}").status_code == 200
            assert client.get("/api/v1/articles/").status_code == 200
            assert client.get(f"/api/v1/articles/{article.pk}/").status_code == 200
        counts.append(len(queries))
        make_statement(article, {**_accepted(), "start": 0, "end": 4}, viewer)
        ArticleFactory()
    # Each: the token, the projects the user reads, the page.
    assert counts == [9, 9]


@pytest.mark.parametrize(
    "headers",
    [
        {},  # anonymous: 401 with the Token challenge
        {"HTTP_AUTHORIZATION": "Token ann_not-a-key"},
        {"HTTP_ACCEPT": "text/html"},
    ],
)
def test_requests_that_are_not_the_plain_case_get_the_views_answer(db, client_for, viewer, headers):
    ArticleFactory()
    client = client_for(viewer)
    if "HTTP_AUTHORIZATION" in headers or not headers:
        client.credentials(**headers)
    with mock.patch("annotator.api.fast.articles.LIST.from_row", side_effect=AssertionError("fast path used")):
        fast, slow = both(client, "get", "/api/v1/articles/", **({} if not headers else headers))
    assert fast.status_code == slow.status_code
    assert fast.headers["Content-Type"] == slow.headers["Content-Type"]


def test_a_viewer_cannot_create_through_the_fast_path(db, client_for, viewer):
    article = ArticleFactory()
    payload = {"article": article.pk, "start": 0, "end": 7, "stance": "claim", "speaker": ActorFactory().pk}
    fast, slow = both(client_for(viewer), "post", "/api/v1/statements/", data=payload, format="json")
    assert fast.status_code == slow.status_code == 403
    assert fast.content == slow.content
    assert not Statement.objects.exists()
