"""Fast reads of articles: the list's pages (`GET /api/v1/articles/[?cursor=]`) and one
article (`GET /api/v1/articles/<id>/`), answered as ArticleViewSet answers them.

Each query is the view's own (`article_queryset`, the ArticleFilter with no filters, the
view's ordering), narrowed by `visibility`, compiled once per process and run prepared;
rows are shaped by the serializer's Shape (annotator/api/fast/shapes.py)."""

from __future__ import annotations

from annotator.api.serializers.articles import ArticleDetailSerializer, ArticleSerializer
from annotator.db import CompiledQuery
from annotator.models import Article
from annotator.selectors.resources import article_queryset

from . import pages
from .gate import DELEGATE, FastRequest, authenticated_user, json_response, permitted, throttled
from .shapes import Shape
from .visibility import visibility_key, visible_articles

LIST = Shape.of(ArticleSerializer)
DETAIL = Shape.of(ArticleDetailSerializer)
ID_MARK = 8_765_432_109_876_543_210
USER_MARK = 8_765_432_109_876_543_211
# Positive, without a sign or leading zero, within a bigint: the ids the DRF view would
# also find; anything else is the DRF view's to answer.
MAX_ID = 2**63 - 1


def _view():
    from annotator.api.views.articles import ArticleViewSet

    return ArticleViewSet


def _filtered(articles, view):
    # The view's FilterSet with no filters given: its defaults, as the list applies them.
    return view.filterset_class(data={}, queryset=articles).qs.order_by(*view.ordering)


def _list_query(after: bool):
    def build(position, user_id):
        view = _view()
        articles = visible_articles(article_queryset(), user_id=user_id)
        if after:
            articles = articles.filter(id__gt=position)
        size = view.pagination_class.page_size
        return _filtered(articles, view).values_list(*LIST.paths)[: size + 1]

    return CompiledQuery(build, position=ID_MARK, user_id=USER_MARK)


def _detail_query():
    def build(pk, user_id):
        view = _view()
        articles = visible_articles(article_queryset(with_text=True), user_id=user_id)
        return _filtered(articles, view).filter(pk=pk).values_list(*DETAIL.paths)

    return CompiledQuery(build, pk=ID_MARK, user_id=USER_MARK)


_queries: dict[tuple, CompiledQuery] = {}


def _query(name: str, user, make) -> CompiledQuery:
    key = (name, visibility_key(user))
    if key not in _queries:
        _queries[key] = make()
    return _queries[key]


def article_list(request, allow: str):
    if set(request.GET) - pages.ALLOWED_PARAMS:
        return DELEGATE
    user = authenticated_user(request)
    if user is None:
        return DELEGATE
    view = _view()
    fast = FastRequest(request, user)
    if not permitted(fast, view):
        return DELEGATE
    start = pages.position(request, view, Article)
    if start is None:
        return DELEGATE
    if start.value is None:
        rows = _query("list", user, lambda: _list_query(False)).rows(position=0, user_id=user.pk)
    else:
        rows = _query("list after", user, lambda: _list_query(True)).rows(position=start.value, user_id=user.pk)
    if throttled(fast, view):
        return DELEGATE
    body = pages.page_body(request, start, [LIST.from_row(row) for row in rows])
    return json_response(body, status=200, allow=allow)


def article_detail(request, pk: str, allow: str):
    if request.GET or not _is_id(pk):
        return DELEGATE
    user = authenticated_user(request)
    if user is None:
        return DELEGATE
    view = _view()
    fast = FastRequest(request, user)
    if not permitted(fast, view):
        return DELEGATE
    rows = _query("detail", user, _detail_query).rows(pk=int(pk), user_id=user.pk)
    # Not found (404) is the DRF view's answer.
    if not rows or throttled(fast, view):
        return DELEGATE
    return json_response(DETAIL.from_row(rows[0]), status=200, allow=allow)


def _is_id(text: str) -> bool:
    return text.isascii() and text.isdigit() and text[0] != "0" and int(text) <= MAX_ID
