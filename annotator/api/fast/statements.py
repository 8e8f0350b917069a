"""Fast statements: the statements of one article (`GET /api/v1/statements/?article=<id>`)
and creating one (`POST /api/v1/statements/`), answered as StatementViewSet answers them.

The read is the view's own query (`statement_queryset`, the StatementFilter given
`article`, the view's ordering), compiled once per process, run prepared, shaped by the
serializer's Shape. The create is in annotator/api/fast/create.py."""

from __future__ import annotations

from annotator.api.serializers.statements import StatementSerializer
from annotator.db import CompiledQuery
from annotator.models import Statement
from annotator.selectors.resources import statement_queryset

from . import pages
from .articles import ID_MARK, USER_MARK, _is_id, _query
from .gate import DELEGATE, FastRequest, authenticated_user, json_response, permitted, throttled
from .shapes import Shape
from .visibility import visible_statements

STATEMENT = Shape.of(StatementSerializer)
BY_ARTICLE_PARAMS = frozenset({"article", "cursor"})
POSITION_MARK = 8_765_432_109_876_543_212


def _view():
    from annotator.api.views.statements import StatementViewSet

    return StatementViewSet


def _by_article_query(after: bool):
    def build(article, position, user_id):
        view = _view()
        statements = visible_statements(statement_queryset(), user_id=user_id)
        if after:
            statements = statements.filter(id__gt=position)
        filtered = view.filterset_class(data={"article": str(article)}, queryset=statements).qs
        size = view.pagination_class.page_size
        return filtered.order_by(*view.ordering).values_list(*STATEMENT.paths)[: size + 1]

    return CompiledQuery(build, article=ID_MARK, position=POSITION_MARK, user_id=USER_MARK)


def statements_of_article(request, allow: str):
    params = request.GET
    if "article" not in params or set(params) - BY_ARTICLE_PARAMS or len(params.getlist("article")) != 1:
        return DELEGATE
    article = params["article"]
    if not _is_id(article):
        return DELEGATE
    user = authenticated_user(request)
    if user is None:
        return DELEGATE
    view = _view()
    fast = FastRequest(request, user)
    if not permitted(fast, view):
        return DELEGATE
    start = pages.position(request, view, Statement)
    if start is None:
        return DELEGATE
    if start.value is None:
        query = _query("statements of article", user, lambda: _by_article_query(False))
    else:
        query = _query("statements of article after", user, lambda: _by_article_query(True))
    rows = query.rows(article=int(article), position=start.value, user_id=user.pk)
    if throttled(fast, view):
        return DELEGATE
    body = pages.page_body(request, start, [STATEMENT.from_row(row) for row in rows])
    return json_response(body, status=200, allow=allow)
