"""The article list's rows, built by hand (annotator/templatetags/article_rows.py), are the
bytes the template's partial `articles/list.html#article-row` renders.

Each example makes varied articles (HTML characters and non-Latin script in titles and
outlet names, an empty title, no outlet, no date, every status, claims, denials and
pending suggestions) and a varied reader (each role; a project manager, whose rows carry
a tick box), then asks for the list, whole or as the htmx partial, with a query string
that needs escaping, twice: with HTML_FAST_PATHS on and off. Status, headers (the CSP
among them) and bytes must be equal, but for what differs on every request anyway (the
masked CSRF token and the CSP nonce), which is replaced by a placeholder on both sides
first."""

import datetime as dt
import re
from contextlib import contextmanager
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.models import ArticleStatus, Origin, ProjectMember, ProjectRole, ReviewStatus, Stance
from annotator.roles import Role
from annotator.services.projects import project_create
from annotator.templatetags import article_rows
from tests.factories import ArticleFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db

PROPERTY = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
WORDS = st.sampled_from(["Iran", "<b>bold</b>", "Tom & Jerry", '"quoted"', "it's", "Żółć", "قال", "北京", "😀", "a"])
TEXT = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)
COMPARED_HEADERS = ("Content-Type", "Content-Security-Policy", "X-Frame-Options", "Vary", "Cache-Control")
# What is new on every request: the masked CSRF token and the CSP nonce.
PER_REQUEST = (
    re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"'),
    re.compile(r'"x-csrftoken": "([^"]+)"'),
    re.compile(r'nonce="([^"]+)"'),
    re.compile(r"'nonce-([^']+)'"),
)
WHEN = st.sampled_from(
    [
        None,
        dt.datetime(2024, 1, 18, 23, 30, tzinfo=dt.UTC),
        dt.datetime(2019, 12, 31, 22, 5, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
        dt.datetime(2001, 7, 4, 0, 0, 1, tzinfo=dt.UTC),
    ]
)


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def normalised(text: str) -> str:
    for pattern in PER_REQUEST:
        for value in set(pattern.findall(text)):
            text = text.replace(value, "PER-REQUEST")
    return text


@st.composite
def rows(draw):
    return {
        "title": draw(st.one_of(st.just(""), TEXT)),
        "outlet": draw(st.one_of(st.none(), TEXT)),
        "published_at": draw(WHEN),
        "status": draw(st.sampled_from(ArticleStatus.values)),
        "claims": draw(st.integers(0, 2)),
        "denials": draw(st.integers(0, 2)),
        "pending": draw(st.integers(0, 2)),
    }


def make_article(row: dict, n: int):
    source = SourceFactory(name=f"{row['outlet']} {n}") if row["outlet"] is not None else None
    body = f"Officials denied the strikes and said nothing more, item {n}. " * 2
    article = ArticleFactory(
        title=row["title"], body=body, source=source, published_at=row["published_at"], status=row["status"]
    )
    for stance, count, extra in (
        (Stance.CLAIM, row["claims"], {}),
        (Stance.DENIAL, row["denials"], {}),
        (Stance.DENIAL, row["pending"], {"origin": Origin.SUGGESTED, "review_status": ReviewStatus.PENDING}),
    ):
        for _ in range(count):
            StatementFactory(article=article, text="denied the strikes", stance=stance, **extra)
    return article


def both(client, url, headers):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.conf.settings.HTML_FAST_PATHS", True)
        # The rows must come from the builder, not from the partial.
        with mock.patch.object(article_rows, "_rendered", side_effect=AssertionError("the partial rendered")):
            fast = client.get(url, headers=headers)
        patch.setattr("django.conf.settings.HTML_FAST_PATHS", False)
        slow = client.get(url, headers=headers)
    return fast, slow


@PROPERTY
@given(
    articles=st.lists(rows(), min_size=1, max_size=5),
    role=st.sampled_from([Role.VIEWER, Role.ANALYST, Role.REVIEWER, "manager"]),
    htmx=st.booleans(),
    query=st.sampled_from([{}, {"page": "1"}, {"q": "strikes & <b>"}, {"sort": "title", "status": "new"}]),
)
def test_the_hand_built_rows_are_the_partials_bytes(client, make_user, articles, role, htmx, query):
    with rolled_back():
        made = [make_article(row, n) for n, row in enumerate(articles)]
        if role == "manager":
            user = make_user(None)
            project = project_create(name="Desk", user=make_user(Role.ADMIN))
            ProjectMember.objects.create(project=project, user=user, role=ProjectRole.MANAGER)
            from annotator.services.projects import project_articles_add

            project_articles_add(project=project, article_ids=[a.pk for a in made], user=user, imported=True)
        else:
            user = make_user(role)
        client.force_login(user)
        url = "/articles/" + (f"?{urlencode(query)}" if query else "")
        fast, slow = both(client, url, {"HX-Request": "true"} if htmx else {})
        assert fast.status_code == slow.status_code == 200
        for header in COMPARED_HEADERS:
            assert normalised(fast.headers.get(header, "")) == normalised(slow.headers.get(header, "")), header
        assert normalised(fast.content.decode()) == normalised(slow.content.decode())
        if not {"q", "status"} & set(query):  # a search or a filter may match none of them
            assert 'class="cell-main"' in fast.content.decode()


def test_the_rows_show_what_the_reader_may_do(client, make_user):
    """The builder's branches, spelled out: an analyst gets a status form per row, a
    viewer the status as text; no outlet, no date and pending suggestions show as the
    partial shows them."""
    article = ArticleFactory(
        title="Strikes <near> Basra", body="Lorem ipsum.", source=None, published_at=None, status="in_progress"
    )
    StatementFactory(
        article=article,
        text="Lorem",
        stance=Stance.DENIAL,
        origin=Origin.SUGGESTED,
        review_status=ReviewStatus.PENDING,
    )
    client.force_login(make_user(Role.ANALYST))
    page = client.get("/articles/?q=Strikes").content.decode()
    assert f'<form id="status-{article.pk}" class="status-form"' in page
    assert '<option value="in_progress" selected>In progress</option>' in page
    assert 'value="/articles/?q=Strikes"' in page
    assert "Strikes &lt;near&gt; Basra" in page
    assert '<td class="nowrap"><span class="muted">—</span></td>' in page
    assert '<span class="badge badge-pending">1 pending</span>' in page
    client.force_login(make_user(Role.VIEWER))
    page = client.get("/articles/").content.decode()
    assert '<span class="status-label status-in_progress">In progress</span>' in page
    assert "status-form" not in page


def test_an_unknown_status_or_an_oob_context_renders_the_partial(rf):
    """What the builder does not know, it leaves to the template."""
    article = ArticleFactory.build(pk=7, status="archived", title="Old")
    from django.template import Context, Template

    template = Template("{% load article_rows %}{% article_rows articles %}")
    with mock.patch.object(article_rows, "_rendered", return_value=iter(["partial"])) as rendered:
        assert template.render(Context({"articles": [article]})) == "partial"
    assert rendered.called
